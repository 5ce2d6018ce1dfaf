import type { EntityManager } from 'typeorm';
import { badInput, conflict, perRequestLoader } from '@arrears/graphql';
import { isPgError, PG_ERRORS } from '@arrears/db';
import type { Principal, RequestContext } from '@arrears/tenancy';
import { checkPolicyBody, findPolicyKind, type PolicyKind, type PolicyViolation } from './policy-kind.js';

/** A policy as one client works under it. Version 0 is the kind's default preset, never stored. */
export interface PolicyVersion<B = unknown> {
  clientId: string;
  kind: string;
  version: number;
  preset: string;
  body: B;
  note: string | null;
  createdBy: string | null;
  createdAt: Date | null;
}

interface PolicyRow {
  client_id: string;
  kind: string;
  version: number;
  preset: string;
  body: unknown;
  note: string | null;
  created_by: string;
  created_at: Date;
}

const COLUMNS = 'client_id, kind, version, preset, body, note, created_by, created_at';

const fromRow = <B>(r: PolicyRow): PolicyVersion<B> => ({
  clientId: r.client_id,
  kind: r.kind,
  version: r.version,
  preset: r.preset,
  body: r.body as B,
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** One bank's policy of one kind. */
export interface PolicyOf<B = unknown> {
  kind: PolicyKind<B>;
  clientId: string;
}

const policyKey = (kind: string, clientId: string) => `${kind}/${clientId}`;

/**
 * The version in force of one kind for one bank, read once per request; what the request asks for in the
 * same tick comes from one statement (a work queue reads the contact rules and the queue weights of its
 * banks together).
 */
export function loadPolicyInForce<B>(ctx: RequestContext, kind: PolicyKind<B>, clientId: string): Promise<PolicyVersion<B>> {
  const loader = perRequestLoader<PolicyOf, PolicyVersion, string>(
    ctx,
    'platform.policyInForce',
    async (pairs) => new PolicyService(await ctx.session.manager()).inForce(pairs),
    { cacheKeyFn: (p) => policyKey(p.kind.kind, p.clientId) },
  );
  return loader.load({ kind: kind as PolicyKind<unknown>, clientId }) as Promise<PolicyVersion<B>>;
}

export function presetVersion<B>(kind: PolicyKind<B>, clientId: string): PolicyVersion<B> {
  return { clientId, kind: kind.kind, version: 0, preset: kind.defaultPreset, body: kind.presets[kind.defaultPreset], note: null, createdBy: null, createdAt: null };
}

/**
 * The versioned per-client policy store. Reads go through the caller's tenant transaction, so RLS
 * decides which clients' policies exist for the caller; writes append a version, never overwrite.
 */
export class PolicyService {
  constructor(private readonly db: EntityManager) {}

  /** The version in force for each client (the default preset where none was ever set). */
  async currentFor<B>(kind: PolicyKind<B>, clientIds: readonly string[]): Promise<Map<string, PolicyVersion<B>>> {
    const versions = await this.inForce(clientIds.map((clientId) => ({ kind, clientId })));
    return new Map(versions.map((v) => [v.clientId, v]));
  }

  /** The version in force for each (kind, client) pair, in one statement, in the pairs' order. */
  async inForce<B>(pairs: readonly PolicyOf<B>[]): Promise<PolicyVersion<B>[]> {
    const rows: PolicyRow[] = await this.db.query(
      `select distinct on (client_id, kind) ${COLUMNS} from client_policy
        where client_id = any($1::uuid[]) and kind = any($2::text[]) order by client_id, kind, version desc`,
      [[...new Set(pairs.map((p) => p.clientId))], [...new Set(pairs.map((p) => p.kind.kind))]],
    );
    const byKey = new Map(rows.map((r) => [policyKey(r.kind, r.client_id), r]));
    return pairs.map((p) => {
      const row = byKey.get(policyKey(p.kind.kind, p.clientId));
      return row ? fromRow<B>(row) : presetVersion(p.kind, p.clientId);
    });
  }

  async current<B>(kind: PolicyKind<B>, clientId: string): Promise<PolicyVersion<B>> {
    return (await this.currentFor(kind, [clientId])).get(clientId) as PolicyVersion<B>;
  }

  /** A specific version (decisions name the version they were made under). */
  async version<B>(kind: PolicyKind<B>, clientId: string, version: number): Promise<PolicyVersion<B> | null> {
    if (version === 0) return presetVersion(kind, clientId);
    const [row]: PolicyRow[] = await this.db.query(`select ${COLUMNS} from client_policy where client_id = $1 and kind = $2 and version = $3`, [clientId, kind.kind, version]);
    return row ? fromRow<B>(row) : null;
  }

  /** Newest first, at most `limit` (a policy changes a few times a year, so one page is the whole story). */
  async history(kindName: string, clientId: string, limit = 100): Promise<PolicyVersion[]> {
    const rows: PolicyRow[] = await this.db.query(
      `select ${COLUMNS} from client_policy where client_id = $1 and kind = $2 order by version desc limit $3`,
      [clientId, kindName, limit],
    );
    return rows.map((r) => fromRow(r));
  }

  /**
   * Stores a new version when the body is well-formed and only tightens its preset; otherwise returns
   * every rule it breaks and stores nothing. The caller has already checked that the client is visible.
   */
  async propose(
    actor: Principal,
    input: { kind: string; clientId: string; preset: string; body: unknown; note?: string | null },
  ): Promise<{ ok: true; version: PolicyVersion } | { ok: false; violations: PolicyViolation[] }> {
    const kind = findPolicyKind(input.kind);
    if (!kind) throw badInput(`Unknown policy kind "${input.kind}"`, { field: 'kind' });
    const checked = checkPolicyBody(kind, input.preset, input.body);
    if (checked.body === null || checked.violations.length) return { ok: false, violations: checked.violations };
    try {
      const [row]: PolicyRow[] = await this.db.query(
        `insert into client_policy (client_id, agency_id, kind, version, preset, body, note, created_by)
         select $1, $2, $3, coalesce(max(version), 0) + 1, $4, $5::jsonb, $6, $7 from client_policy where client_id = $1 and kind = $3
         returning ${COLUMNS}`,
        [input.clientId, actor.agencyId, kind.kind, input.preset, JSON.stringify(checked.body), input.note?.trim() || null, actor.userId],
      );
      return { ok: true, version: fromRow(row) };
    } catch (e) {
      if (isPgError(e, PG_ERRORS.uniqueViolation)) throw conflict('Somebody changed this policy at the same time; reload and try again');
      throw e;
    }
  }
}
