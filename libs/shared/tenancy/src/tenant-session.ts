import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Principal, Role, TokenClaims } from './principal.js';

/** The token's user does not exist, is disabled or moved agency: the token must stop working. */
export class PrincipalNotFoundError extends Error {
  override name = 'PrincipalNotFoundError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The part of node-postgres' client that begin() uses. */
interface PgClient {
  escapeLiteral(value: string): string;
  query(text: string): Promise<{ rows: unknown[] }[] | { rows: unknown[] }>;
}

interface BeginRequestRow {
  user_id: string;
  agency_id: string | null;
  role: Role;
  client_ids: string[];
  law_firm_id: string | null;
  email: string;
  display_name: string;
  must_change_password: boolean;
}

/**
 * Time limits of one tenant transaction, set transaction-locally by app.begin_request (no extra round
 * trip): `statement_timeout` and `idle_in_transaction_session_timeout`, as PostgreSQL durations.
 */
export interface TransactionLimits {
  statementTimeout: string;
  idleTimeout: string;
}

/** Requests are short; named jobs (imports, aging, purges) get longer limits through withTenant. */
export const TRANSACTION_LIMITS = {
  request: { statementTimeout: '15s', idleTimeout: '30s' },
  job: { statementTimeout: '30min', idleTimeout: '5min' },
} as const satisfies Record<string, TransactionLimits>;

/**
 * One request's unit of work: a single transaction on one pooled connection whose tenant context
 * (agency, client scope, role, user, law firm) is set transaction-locally by app.begin_request().
 * Every read and write of the request goes through `manager`, so RLS applies to all of them and
 * nothing leaks to the next request that borrows the connection.
 */
export class TenantSession {
  private runner?: QueryRunner;
  private opening?: Promise<EntityManager>;
  principal: Principal | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly claims: TokenClaims | null,
    private readonly limits: TransactionLimits = TRANSACTION_LIMITS.request,
  ) {}

  /** Opens the transaction and loads the principal; throws PrincipalNotFoundError for a dead token. */
  open(): Promise<EntityManager> {
    this.opening ??= this.begin();
    return this.opening;
  }

  /** The request's entity manager (opens the transaction on first use). */
  manager(): Promise<EntityManager> {
    return this.open();
  }

  get isOpen(): boolean {
    return this.runner !== undefined;
  }

  private async begin(): Promise<EntityManager> {
    const runner = this.dataSource.createQueryRunner();
    this.runner = runner;
    if (!this.claims) {
      await runner.startTransaction();
      return runner.manager;
    }
    try {
      await this.beginAs(runner, this.claims);
    } catch (e) {
      await this.close(false);
      throw e;
    }
    return runner.manager;
  }

  /**
   * Starts the transaction and sets its tenant context in one round trip: BEGIN and
   * app.begin_request() go to the server as one simple-protocol message (node-postgres cannot
   * pipeline, and a message with bind parameters holds one statement only). The ids are inlined as
   * escaped literals cast to uuid, after checking that they are uuids.
   */
  private async beginAs(runner: QueryRunner, claims: TokenClaims): Promise<void> {
    if (!UUID.test(claims.userId) || (claims.agencyId !== null && !UUID.test(claims.agencyId))) {
      throw new PrincipalNotFoundError('The token names no valid user or agency');
    }
    const client = (await runner.connect()) as PgClient;
    const agency = claims.agencyId === null ? 'null' : `${client.escapeLiteral(claims.agencyId)}::uuid`;
    // TypeORM must know the transaction is open (commit, rollback and nested transactions use it).
    const tracked = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
    tracked.isTransactionActive = true;
    tracked.transactionDepth = 1;
    const version = claims.sessionVersion ?? null;
    if (version !== null && !Number.isSafeInteger(version)) throw new PrincipalNotFoundError('The token carries no valid session version');
    const args = [
      `${client.escapeLiteral(claims.userId)}::uuid`,
      agency,
      version === null ? 'null' : `${version}::int`,
      client.escapeLiteral(this.limits.statementTimeout),
      client.escapeLiteral(this.limits.idleTimeout),
    ];
    const results = await client.query(`start transaction; select * from app.begin_request(${args.join(', ')})`);
    const rows = (Array.isArray(results) ? results[1]?.rows : undefined) as BeginRequestRow[] | undefined;
    this.setPrincipal(rows?.[0]);
  }

  /**
   * Sets the tenant context of the open transaction to `claims` (used by login, which starts without
   * one). Throws PrincipalNotFoundError when the user is missing or disabled.
   */
  async assume(claims: TokenClaims): Promise<Principal> {
    const runner = this.runner;
    if (!runner) throw new Error('TenantSession.assume() needs an open session');
    const rows: BeginRequestRow[] = await runner.query('select * from app.begin_request($1, $2, $3, $4, $5)', [
      claims.userId,
      claims.agencyId,
      claims.sessionVersion ?? null,
      this.limits.statementTimeout,
      this.limits.idleTimeout,
    ]);
    return this.setPrincipal(rows[0]);
  }

  private setPrincipal(row: BeginRequestRow | undefined): Principal {
    if (!row) throw new PrincipalNotFoundError('The user of this token does not exist or is disabled');
    this.principal = {
      userId: row.user_id,
      agencyId: row.agency_id,
      role: row.role,
      clientIds: row.client_ids,
      lawFirmId: row.law_firm_id,
      email: row.email,
      displayName: row.display_name,
      mustChangePassword: row.must_change_password,
    };
    return this.principal;
  }

  /**
   * One statement on a pooled connection outside any transaction, without a tenant context: only for
   * the SECURITY DEFINER doors that need none (the sign-in steps), so no connection is held while a
   * password is checked.
   */
  async queryWithoutTenant<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  /** Commits (ok) or rolls back, and returns the connection to the pool. Safe to call twice. */
  async close(ok: boolean): Promise<void> {
    const runner = this.runner;
    if (!runner) return;
    this.runner = undefined;
    try {
      if (runner.isTransactionActive) {
        if (ok) await runner.commitTransaction();
        else await runner.rollbackTransaction();
      }
    } finally {
      await runner.release();
    }
  }
}

/**
 * Runs `work` in its own tenant transaction as the given user (jobs, CLI tools, seeds). Background work
 * gets the job limits unless `opts.limits` says otherwise.
 */
export async function withTenant<T>(
  dataSource: DataSource,
  claims: TokenClaims,
  work: (manager: EntityManager, principal: Principal) => Promise<T>,
  opts: { limits?: TransactionLimits } = {},
): Promise<T> {
  const session = new TenantSession(dataSource, claims, opts.limits ?? TRANSACTION_LIMITS.job);
  const manager = await session.open();
  try {
    const result = await work(manager, session.principal as Principal);
    await session.close(true);
    return result;
  } catch (e) {
    await session.close(false);
    throw e;
  }
}
