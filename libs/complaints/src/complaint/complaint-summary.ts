import type { EntityManager } from 'typeorm';
import { toGlobalId } from '@arrears/graphql';
import { PLATFORM_NODE_TYPES } from '@arrears/platform';
import { BUILT_IN_CATEGORIES } from './categories.js';
import { CONTRACTUAL_BREACH_SQL, REGULATORY_BREACH_SQL } from './complaint.service.js';
import { ComplaintSummary, ComplaintSummaryRow } from './complaint.types.js';

interface Counts {
  key: string | null;
  label: string | null;
  total: number;
  open: number;
  upheld: number;
  reg: number;
  con: number;
}

/**
 * Counts by category, by the collector complained against and by bank, with deadline breaches — what
 * supervisors review and what the collector-quality factor of commissions reads. One grouping-sets
 * query; RLS limits it to what the caller sees (a bank's user: its own complaints; no staff names).
 */
export async function complaintSummary(db: EntityManager, f: { clientId: string | null; from: string | null; to: string | null }): Promise<ComplaintSummary> {
  const rows: (Counts & { dim: string })[] = await db.query(
    `select case when grouping(c.category) = 0 then 'category' when grouping(c.against_user_id) = 0 then 'collector' else 'client' end as dim,
            coalesce(c.category, c.against_user_id::text, c.client_id::text) as key,
            case when grouping(c.against_user_id) = 0 then min(u.display_name) when grouping(c.client_id) = 0 then min(cl.name) end as label,
            count(*)::int as total,
            count(*) filter (where c.status in ('received', 'acknowledged', 'investigating'))::int as open,
            count(*) filter (where c.outcome in ('upheld', 'partly_upheld'))::int as upheld,
            count(*) filter (where ${REGULATORY_BREACH_SQL})::int as reg,
            count(*) filter (where ${CONTRACTUAL_BREACH_SQL})::int as con
       from complaint c join client cl on cl.id = c.client_id
       left join app_user u on u.id = c.against_user_id
      where ($1::uuid is null or c.client_id = $1) and ($2::date is null or c.received_at >= $2::date) and ($3::date is null or c.received_at < $3::date + 1)
      group by grouping sets ((c.category), (c.against_user_id), (c.client_id))
      order by 1, 4 desc, 2`,
    [f.clientId, f.from, f.to],
  );
  const names = new Map(BUILT_IN_CATEGORIES.map((c) => [c.code, c.nameEn]));
  const row = (r: Counts, key: string, label: string) =>
    Object.assign(new ComplaintSummaryRow(), { key, label, total: r.total, open: r.open, upheld: r.upheld, regulatoryBreaches: r.reg, contractualBreaches: r.con });
  const summary = new ComplaintSummary();
  summary.byCategory = rows.filter((r) => r.dim === 'category').map((r) => row(r, r.key as string, names.get(r.key as string) ?? (r.key as string)));
  // A complaint against nobody in particular is not a collector's; and a name the caller cannot see stays hidden.
  summary.byCollector = rows
    .filter((r) => r.dim === 'collector' && r.key !== null && r.label !== null)
    .map((r) => row(r, toGlobalId(PLATFORM_NODE_TYPES.user, r.key as string), r.label as string));
  summary.byClient = rows.filter((r) => r.dim === 'client').map((r) => row(r, toGlobalId(PLATFORM_NODE_TYPES.client, r.key as string), r.label ?? ''));
  return summary;
}
