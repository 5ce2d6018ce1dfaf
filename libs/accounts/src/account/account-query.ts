import { normalisePhone } from '../protected-data.js';
import type { Bucket } from '../aging/aging.js';

/** An account filter with database ids, as the services take it. */
export interface AccountCriteria {
  clientId?: string;
  placementId?: string;
  buckets?: Bucket[];
  dpdMin?: number;
  dpdMax?: number;
  balanceMin?: string;
  balanceMax?: string;
  statuses?: ('active' | 'recalled' | 'closed')[];
  assignedCollectorId?: string;
  unassigned?: boolean;
  search?: string;
}

/** Collects positional parameters while SQL is assembled. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * The WHERE conditions of an account filter over `account a`. Only leakproof operators (equality,
 * ranges, = ANY) so that Postgres can use indexes under row-level security; search is exact match
 * on the bank reference, the debtor's name or a normalised phone number (see docs/accounts.md).
 */
export function accountConditions(c: AccountCriteria, p: Params): string[] {
  const where: string[] = [];
  const statuses = c.statuses?.length ? c.statuses : ['active'];
  // A literal keeps partial indexes usable for the common "active only" case.
  where.push(statuses.length === 1 ? `a.status = '${statuses[0] === 'active' ? 'active' : statuses[0] === 'recalled' ? 'recalled' : 'closed'}'` : `a.status = any(${p.add(statuses)}::text[])`);
  if (c.clientId) where.push(`a.client_id = ${p.add(c.clientId)}::uuid`);
  if (c.placementId) where.push(`a.placement_id = ${p.add(c.placementId)}::uuid`);
  if (c.buckets?.length) where.push(c.buckets.length === 1 ? `a.bucket = ${p.add(c.buckets[0])}` : `a.bucket = any(${p.add(c.buckets)}::text[])`);
  if (c.dpdMin !== undefined) where.push(`a.dpd >= ${p.add(c.dpdMin)}::int`);
  if (c.dpdMax !== undefined) where.push(`a.dpd <= ${p.add(c.dpdMax)}::int`);
  if (c.balanceMin !== undefined) where.push(`a.total_due >= ${p.add(c.balanceMin)}::numeric`);
  if (c.balanceMax !== undefined) where.push(`a.total_due <= ${p.add(c.balanceMax)}::numeric`);
  if (c.assignedCollectorId) where.push(`a.assigned_collector_id = ${p.add(c.assignedCollectorId)}::uuid`);
  if (c.unassigned) where.push('a.assigned_collector_id is null and a.assigned_team_id is null');
  const term = c.search?.trim();
  if (term) {
    const alternatives = [`a.bank_ref = ${p.add(term)}`, `a.debtor_id in (select d.id from debtor d where d.full_name = ${p.add(term)})`];
    const phone = normalisePhone(term);
    if (phone) alternatives.push(`a.debtor_id in (select dp.debtor_id from debtor_phone dp where dp.phone = ${p.add(phone)})`);
    where.push(`(${alternatives.join(' or ')})`);
  }
  return where;
}

export type SortColumn = 'total_due' | 'dpd' | 'placed_on' | 'priority_score';

/** Keyset pagination over (sort column, id), both in the same direction so one index serves it. */
export function keysetCondition(column: SortColumn, direction: 'asc' | 'desc', after: [unknown, string] | null, p: Params): string | null {
  if (!after) return null;
  const cast = column === 'placed_on' ? 'date' : column === 'dpd' ? 'int' : 'numeric';
  return `(a.${column}, a.id) ${direction === 'desc' ? '<' : '>'} (${p.add(after[0])}::${cast}, ${p.add(after[1])}::uuid)`;
}
