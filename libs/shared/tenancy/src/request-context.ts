import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Principal, TokenClaims } from './principal.js';
import { TenantSession } from './tenant-session.js';

/** What every resolver receives. Loaders are per request, so they never cache across tenants. */
export interface RequestContext {
  requestId: string;
  session: TenantSession;
  readonly principal: Principal | null;
  loaders: Map<string, unknown>;
  /** The client's address as the trusted-proxy setting resolves it (sign-in throttle); null when unknown. */
  clientIp?: string | null;
  /** Set once the sign-in path has written its own audit row for a failed attempt. */
  signInAudited?: boolean;
  /** Set when a mutation answered with an expected domain outcome (an ErrorResult), for the audit log. */
  rejection?: string;
  /**
   * A fixed "now" for this request, set only by a gateway running with NODE_ENV=test (header
   * x-arrears-test-now); a production gateway never sets it. Domains with time rules honour it only then.
   */
  testNow?: Date;
  /**
   * The gateway's handle on the HttpOnly refresh cookie: set at sign-in and after a password change,
   * cleared at sign-out. Absent outside HTTP (jobs, tests that build a context by hand).
   */
  refreshCookie?: RefreshCookie;
}

export interface RefreshCookie {
  /** Lifetime of a new refresh session, from its start. */
  ttlSeconds: number;
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

export function createRequestContext(dataSource: DataSource, claims: TokenClaims | null, requestId: string = randomUUID()): RequestContext {
  const session = new TenantSession(dataSource, claims);
  return {
    requestId,
    session,
    get principal() {
      return session.principal;
    },
    loaders: new Map(),
  };
}
