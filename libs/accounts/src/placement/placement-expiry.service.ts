import type { EntityManager } from 'typeorm';
import type { Principal } from '@arrears/tenancy';
import { localDate } from '../aging/aging.js';
import { extensionRefusal } from './expiry.js';

export interface ExtensionRow {
  id: string;
  client_id: string;
  placement_id: string;
  requested_until: string;
  reason: string;
  status: 'requested' | 'approved' | 'rejected';
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
}

/** TypeORM answers an UPDATE ... RETURNING with [rows, count], a SELECT or INSERT with the rows. */
export function updatedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

const EXTENSION_COLUMNS = 'id, client_id, placement_id, requested_until::text, reason, status, requested_by, requested_at, decided_by, decided_at';

/**
 * Placement expiry: what expires soon, extension requests (留案) the bank decides, and the return of
 * the accounts of a placement that expired without one. Through the caller's transaction (RLS), or
 * as the owner for the daily job.
 */
export class PlacementExpiryService {
  constructor(private readonly db: EntityManager) {}

  /** Active placements expiring within `days` of their bank's today (or already expired), soonest first. */
  async expiringSoon(days: number, clientId?: string): Promise<{ id: string; client_id: string; expires_on: string; today: string }[]> {
    return this.db.query(
      `select p.id, p.client_id, p.expires_on::text, (now() at time zone c.time_zone)::date::text as today
         from placement p join client c on c.id = p.client_id
        where p.status = 'active' and p.expires_on is not null
          and p.expires_on <= (now() at time zone c.time_zone)::date + $1::int
          and ($2::uuid is null or p.client_id = $2::uuid)
        order by p.expires_on, p.id limit 200`,
      [days, clientId ?? null],
    );
  }

  async extensions(placementIds: readonly string[]): Promise<ExtensionRow[]> {
    return this.db.query(`select ${EXTENSION_COLUMNS} from placement_extension where placement_id = any($1::uuid[]) order by requested_at desc`, [placementIds]);
  }

  async extensionById(id: string): Promise<ExtensionRow | null> {
    const [row] = await this.db.query(`select ${EXTENSION_COLUMNS} from placement_extension where id = $1`, [id]);
    return row ?? null;
  }

  async request(actor: Principal, placementId: string, until: string, reason: string): Promise<ExtensionRow | { code: string; params: Record<string, string> } | null> {
    const [p] = await this.db.query(
      `select p.id, p.client_id, p.agency_id, p.status, p.expires_on::text, (now() at time zone c.time_zone)::date::text as today,
              exists (select 1 from placement_extension x where x.client_id = p.client_id and x.placement_id = p.id and x.status = 'requested') as pending
         from placement p join client c on c.id = p.client_id where p.id = $1 for update of p`,
      [placementId],
    );
    if (!p) return null;
    const refusal = extensionRefusal({ placementStatus: p.status, expiresOn: p.expires_on, requestedUntil: until, today: p.today, pendingRequest: p.pending });
    if (refusal) return refusal;
    const [row] = await this.db.query(
      `insert into placement_extension (client_id, agency_id, placement_id, requested_until, reason, requested_by) values ($1, $2, $3, $4, $5, $6) returning ${EXTENSION_COLUMNS}`,
      [p.client_id, p.agency_id, p.id, until, reason.trim(), actor.userId],
    );
    return row;
  }

  /** The bank's decision; an approval moves the placement's expiry to the date asked. */
  async decide(actor: Principal, extensionId: string, approve: boolean): Promise<ExtensionRow | { code: string; params: Record<string, string> } | null> {
    const current = await this.extensionById(extensionId);
    if (!current) return null;
    if (current.status !== 'requested') return { code: 'EXTENSION_ALREADY_DECIDED', params: { status: current.status } };
    const [row] = updatedRows<ExtensionRow>(await this.db.query(
      `update placement_extension set status = $2, decided_by = $3, decided_at = now() where client_id = $4 and id = $1 and status = 'requested' returning ${EXTENSION_COLUMNS}`,
      [extensionId, approve ? 'approved' : 'rejected', actor.userId, current.client_id],
    ));
    if (!row) return { code: 'EXTENSION_ALREADY_DECIDED', params: { status: 'decided' } };
    if (approve) {
      await this.db.query(`update placement set expires_on = greatest(coalesce(expires_on, $3::date), $3::date) where client_id = $1 and id = $2`, [
        row.client_id,
        row.placement_id,
        row.requested_until,
      ]);
    }
    return row;
  }

  /**
   * Returns to the bank every active account of each active placement whose expiry has passed (on the
   * bank's calendar) without an extension: status 'returned', out of every queue, its episode ended.
   * The return file (退案清单) lists them. Set-based; returns the placements and accounts returned.
   */
  async returnExpired(clientIds?: string[]): Promise<{ placements: { client_id: string; id: string; returned: number }[] }> {
    const rows: { client_id: string; id: string; returned: number }[] = await this.db.query(
      `with due as (
         select p.client_id, p.id, (now() at time zone c.time_zone)::date as today
           from placement p join client c on c.id = p.client_id
          where p.status = 'active' and p.expires_on is not null and p.expires_on < (now() at time zone c.time_zone)::date
            and ($1::uuid[] is null or p.client_id = any($1::uuid[]))
       ), pl as (
         update placement p set status = 'returned', returned_at = now() from due where p.client_id = due.client_id and p.id = due.id returning p.client_id, p.id
       ), acc as (
         update account a set status = 'returned', returned_at = now(), assigned_collector_id = null, assigned_team_id = null, updated_at = now()
           from due where a.client_id = due.client_id and a.placement_id = due.id and a.status = 'active'
         returning a.client_id, a.id, a.placement_id
       ), ep as (
         update placement_episode e set ended_on = due.today, end_reason = 'returned'
           from acc join due on due.client_id = acc.client_id and due.id = acc.placement_id
          where e.client_id = acc.client_id and e.account_id = acc.id and e.placement_id = acc.placement_id and e.ended_on is null
       )
       select pl.client_id, pl.id, (select count(*) from acc where acc.client_id = pl.client_id and acc.placement_id = pl.id)::int as returned from pl`,
      [clientIds ?? null],
    );
    return { placements: rows };
  }

  /** Today on the bank's calendar. */
  async todayFor(clientId: string): Promise<string | null> {
    const [c] = await this.db.query('select time_zone from client where id = $1', [clientId]);
    return c ? localDate(c.time_zone) : null;
  }
}
