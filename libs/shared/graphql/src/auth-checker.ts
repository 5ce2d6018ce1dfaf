import type { AuthChecker } from 'type-graphql';
import type { Principal, RequestContext, Role } from '@arrears/tenancy';
import { AppError, ErrorCode, forbidden } from './errors.js';

export function requirePrincipal(ctx: RequestContext): Principal {
  if (!ctx.principal) throw new AppError(ErrorCode.UNAUTHENTICATED, 'You must be signed in');
  return ctx.principal;
}

export function requireRole(ctx: RequestContext, ...roles: Role[]): Principal {
  const p = requirePrincipal(ctx);
  if (!roles.includes(p.role)) throw forbidden();
  return p;
}

/** `@Authorized()` = any signed-in user; `@Authorized('supervisor', …)` = one of those roles. */
export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  const p = requirePrincipal(context);
  if (roles.length === 0 || roles.includes(p.role)) return true;
  throw forbidden();
};

/**
 * Marks a Query or Mutation that anyone may call without signing in (login). The lint rule of
 * eslint.config.mjs requires every @Query and @Mutation to carry @Authorized(...) or this marker, so
 * an unauthenticated entry point is always a visible decision.
 */
export function Public(): MethodDecorator {
  return () => undefined;
}
