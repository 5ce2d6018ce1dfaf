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
  /** Set when a mutation answered with an expected domain outcome (an ErrorResult), for the audit log. */
  rejection?: string;
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
