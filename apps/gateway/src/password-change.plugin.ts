import type { ApolloServerPlugin } from '@apollo/server';
import { Kind } from 'graphql';
import { AppError, ErrorCode } from '@arrears/graphql';
import type { RequestContext } from '@arrears/tenancy';

/** What a user whose password an admin reset may still do. */
export const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['me', 'changePassword', 'signOut', 'login', '__typename']);

/**
 * After an agency admin's resetPassword, the user's requests answer PASSWORD_CHANGE_REQUIRED for
 * anything but the allowed fields, until changePassword: the temporary password is not meant to
 * become a working one.
 */
export function passwordChangePlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (!contextValue.session.principal?.mustChangePassword || !operation) return;
          const blocked = operation.selectionSet.selections.some((s) => s.kind !== Kind.FIELD || !ALLOWED_BEFORE_PASSWORD_CHANGE.has(s.name.value));
          if (blocked) throw new AppError(ErrorCode.PASSWORD_CHANGE_REQUIRED, 'Change your password first (changePassword)');
        },
      };
    },
  };
}
