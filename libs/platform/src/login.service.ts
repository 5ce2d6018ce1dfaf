import type { TokenService, IssuedToken } from '@arrears/auth';
import { verifyPassword } from '@arrears/auth';
import { AppError, ErrorCode } from '@arrears/graphql';
import type { Principal, TenantSession } from '@arrears/tenancy';

// A valid bcrypt hash of a random string: unknown e-mails cost the same time as known ones.
const DUMMY_HASH = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.Aj5Q2V3V1k3l8o6s2b4e0Q9k1q5a';

const INVALID = () => new AppError(ErrorCode.UNAUTHENTICATED, 'E-mail or password is incorrect');

/** Checks credentials through the one SECURITY DEFINER door and issues a token. */
export async function login(session: TenantSession, tokens: TokenService, email: string, password: string): Promise<{ issued: IssuedToken; principal: Principal }> {
  const db = await session.manager();
  const rows: { user_id: string; agency_id: string | null; password_hash: string; disabled: boolean }[] = await db.query('select * from app.login_lookup($1)', [email]);
  const found = rows[0];
  const ok = await verifyPassword(password, found?.password_hash ?? DUMMY_HASH);
  if (!found || !ok || found.disabled) throw INVALID();
  const claims = { userId: found.user_id, agencyId: found.agency_id };
  const principal = await session.assume(claims);
  return { issued: tokens.issue(claims), principal };
}
