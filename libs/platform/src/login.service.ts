import type { TokenService, IssuedToken } from '@arrears/auth';
import { checkPassword, DUMMY_PASSWORD_HASH, hashPassword } from '@arrears/auth';
import { AppError, ErrorCode, tooManyAttempts } from '@arrears/graphql';
import type { Principal, RequestContext } from '@arrears/tenancy';
import { AgencyService } from './agency.service.js';

const INVALID = () => new AppError(ErrorCode.UNAUTHENTICATED, 'E-mail or password is incorrect');

interface SignInGate {
  retry_after_seconds: number;
  user_id: string | null;
  agency_id: string | null;
  password_hash: string | null;
  disabled: boolean | null;
  session_version: number | null;
}

/**
 * Checks credentials and issues a token, in three steps through SECURITY DEFINER doors:
 * 1. `sign_in_begin` (no transaction): a locked account or client address is refused at once with
 *    TOO_MANY_ATTEMPTS, before any hash is computed, so a flood is shed cheaply;
 * 2. the password is checked on the thread pool with no connection held; a failure is counted,
 *    maybe locks, and is audited by `sign_in_failed`;
 * 3. only then the user's own transaction opens; `sign_in_succeeded` clears the account's count and
 *    stores an argon2id hash in place of an older one.
 * Unknown e-mails cost the same hash check as known ones and answer the same.
 */
export async function login(ctx: RequestContext, tokens: TokenService, email: string, password: string): Promise<{ issued: IssuedToken; principal: Principal }> {
  const session = ctx.session;
  const ip = ctx.clientIp ?? null;
  const [gate] = await session.queryWithoutTenant<SignInGate>('select * from app.sign_in_begin($1, $2, $3)', [email, ip, ctx.requestId]);
  if (gate.retry_after_seconds > 0) {
    ctx.signInAudited = true;
    throw tooManyAttempts(gate.retry_after_seconds);
  }
  const check = await checkPassword(password, gate.password_hash ?? DUMMY_PASSWORD_HASH);
  if (!gate.user_id || !check.ok || gate.disabled) {
    await session.queryWithoutTenant('select app.sign_in_failed($1, $2, $3)', [email, ip, ctx.requestId]);
    ctx.signInAudited = true;
    throw INVALID();
  }
  // Hashed before the transaction opens: no pooled connection waits on the thread pool.
  const newHash = check.needsRehash ? await hashPassword(password) : null;
  const claims = { userId: gate.user_id, agencyId: gate.agency_id, sessionVersion: gate.session_version };
  const db = await session.manager();
  const principal = await session.assume(claims);
  // A suspended agency's users are refused after their password checked out (so the answer reveals nothing to a guesser).
  if (principal.agencyId && (await new AgencyService(db).isSuspended(principal.agencyId))) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'Your agency is suspended; ask the platform operator', { reason: 'AGENCY_SUSPENDED' });
  }
  await db.query('select app.sign_in_succeeded($1, $2)', [gate.password_hash, newHash]);
  return { issued: tokens.issue(claims), principal };
}
