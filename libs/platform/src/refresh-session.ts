import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@arrears/tenancy';

/** The refresh cookie's name and the only path the browser sends it to. */
export const REFRESH_COOKIE = 'arrears_refresh';
export const REFRESH_PATH = '/api/auth/refresh';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export interface RefreshToken {
  id: string;
  secret: string;
}

/** `<session id>.<secret>` from the cookie, or null when it is not one of ours. */
export function parseRefreshToken(raw: string | null | undefined): RefreshToken | null {
  if (!raw) return null;
  const [id, secret, ...rest] = raw.split('.');
  if (rest.length || !id || !secret || !UUID.test(id) || !SECRET.test(secret)) return null;
  return { id: id.toLowerCase(), secret };
}

/** The database keeps only this digest: a copy of the table does not hold usable cookies. */
export function digestSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

const newSecret = () => randomBytes(32).toString('base64url');

export type RotateOutcome =
  | { outcome: 'ok'; token: string; userId: string; agencyId: string | null; sessionVersion: number; mustChangePassword: boolean; expiresAt: Date }
  | { outcome: 'unknown' | 'revoked' | 'reused' | 'expired'; userId: string | null };

interface RotateRow {
  outcome: 'ok' | 'unknown' | 'revoked' | 'reused' | 'expired';
  user_id: string | null;
  agency_id: string | null;
  session_version: number | null;
  must_change_password: boolean | null;
  expires_at: Date | null;
}

type QueryWithoutTenant = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/**
 * Exchanges a refresh token for the next one (rotation). Runs with no tenant context: the caller has
 * no access token yet. A rotated-out secret presented again revokes the session (see migration 0015).
 */
export async function rotateRefreshSession(query: QueryWithoutTenant, token: RefreshToken): Promise<RotateOutcome> {
  const next = newSecret();
  const [row] = await query<RotateRow>('select * from app.refresh_session_rotate($1, $2, $3)', [token.id, digestSecret(token.secret), digestSecret(next)]);
  if (row.outcome !== 'ok') return { outcome: row.outcome, userId: row.user_id };
  return {
    outcome: 'ok',
    token: `${token.id}.${next}`,
    userId: row.user_id as string,
    agencyId: row.agency_id,
    sessionVersion: row.session_version as number,
    mustChangePassword: row.must_change_password ?? false,
    expiresAt: new Date(row.expires_at as Date),
  };
}

/**
 * Starts a refresh session for the request's signed-in user (their own transaction) and hands the
 * cookie to the gateway. Outside HTTP (no cookie handle) nothing is started.
 */
export async function startRefreshSession(ctx: RequestContext, db: EntityManager): Promise<void> {
  const cookie = ctx.refreshCookie;
  if (!cookie) return;
  const secret = newSecret();
  const [row]: { id: string; expires_at: Date }[] = await db.query('select * from app.refresh_session_start($1, $2)', [digestSecret(secret), cookie.ttlSeconds]);
  cookie.set(`${row.id}.${secret}`, new Date(row.expires_at));
}

/**
 * Clears the refresh cookie at sign-out. The browser sends the cookie only to the refresh path, so the
 * session row is not named here: signOut bumps the user's session version, which ends every refresh
 * session of the user (rotation checks the version), and the dead rows go at the next sign-in.
 */
export function clearRefreshCookie(ctx: RequestContext): void {
  ctx.refreshCookie?.clear();
}

/**
 * Deletes every expired refresh session (the housekeeping job, worker role only: migration 0023). Rows
 * of users who never sign in again would otherwise stay; a user's own sign-in already clears theirs.
 */
export async function purgeExpiredRefreshSessions(query: QueryWithoutTenant): Promise<number> {
  const [row] = await query<{ n: number }>('select app.refresh_session_purge() as n', []);
  return row.n;
}
