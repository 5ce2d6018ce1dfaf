import type { EntityManager } from 'typeorm';
import { checkPassword, checkPasswordPolicy, hashPassword, PASSWORD_POLICY, passwordPolicyReason, type IssuedToken, type TokenService } from '@arrears/auth';
import { badInput, conflict } from '@arrears/graphql';
import type { Principal } from '@arrears/tenancy';

/**
 * Server-side session control. Every token carries the user's session version; app.begin_request
 * refuses a token whose version is no longer the user's. Ending sessions bumps the version.
 */
export class SessionService {
  constructor(private readonly db: EntityManager) {}

  /** Ends every session of the signed-in user (the version is per user, so all their tokens). */
  async signOut(): Promise<void> {
    await this.db.query('select app.end_own_sessions()');
  }

  /** An agency admin ends every session of a user of the agency (RLS: only admins update users). */
  async signOutEverywhere(userId: string): Promise<boolean> {
    const [rows] = await this.db.query('update app_user set session_version = session_version + 1, updated_at = now() where id = $1 returning id', [userId]);
    return rows.length === 1;
  }

  /**
   * Changes the signed-in user's password after checking the current one; every other session ends
   * and this one continues with the fresh token returned.
   */
  async changePassword(me: Principal, tokens: TokenService, currentPassword: string, newPassword: string): Promise<IssuedToken> {
    const problem = checkPasswordPolicy(newPassword);
    if (problem) throw badInput(problem, policyRefusal(newPassword, 'newPassword'));
    if (newPassword === currentPassword) {
      throw badInput('The new password must differ from the current one', { reason: 'PASSWORD_UNCHANGED', params: {}, fields: [{ field: 'newPassword', problems: ['same as current'] }] });
    }
    const [{ own_password_hash: stored }] = await this.db.query('select app.own_password_hash()');
    if (!stored || !(await checkPassword(currentPassword, stored)).ok) {
      throw badInput('The current password is incorrect', { reason: 'CURRENT_PASSWORD_INCORRECT', params: {}, fields: [{ field: 'currentPassword', problems: ['incorrect'] }] });
    }
    const [{ v }] = await this.db.query('select app.change_own_password($1, $2) as v', [stored, await hashPassword(newPassword)]);
    if (v === null) throw conflict('The password was changed meanwhile; sign in again');
    return tokens.issue({ userId: me.userId, agencyId: me.agencyId, sessionVersion: v });
  }

  /** An agency admin sets a temporary password: the user's sessions end and they must change it at next sign-in. */
  async resetPassword(userId: string, temporaryPassword: string): Promise<boolean> {
    const problem = checkPasswordPolicy(temporaryPassword);
    if (problem) throw badInput(problem, policyRefusal(temporaryPassword, 'temporaryPassword'));
    const [rows] = await this.db.query(
      `update app_user set password_hash = $2, must_change_password = true, session_version = session_version + 1, updated_at = now() where id = $1 returning id`,
      [userId, await hashPassword(temporaryPassword)],
    );
    return rows.length === 1;
  }
}

/** A policy refusal's details: the stable reason (extensions.reason) with its parameters, and the field. */
function policyRefusal(password: string, field: string) {
  const reason = passwordPolicyReason(password);
  const problem = checkPasswordPolicy(password);
  return { reason, params: { min: PASSWORD_POLICY.minLength, max: PASSWORD_POLICY.maxLength }, fields: [{ field, problems: [problem] }] };
}
