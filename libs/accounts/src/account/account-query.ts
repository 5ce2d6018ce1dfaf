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
  statuses?: ('active' | 'recalled' | 'returned' | 'closed')[];
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
 * The first string after every string that starts with `prefix`, in byte ("C") order: the prefix with
 * its last character's code point raised by one. `x >= prefix and x < upper` is then a prefix match.
 */
export function prefixUpperBound(prefix: string): string {
  const chars = [...prefix];
  const last = chars.pop()!.codePointAt(0)!;
  // Skip the surrogate range, which UTF-8 text never holds.
  const next = last === 0xd7ff ? 0xe000 : last + 1;
  return chars.join('') + String.fromCodePoint(Math.min(next, 0x10ffff));
}

/**
 * Accounts matching a search term, as (client_id, id) pairs: a prefix of the bank reference or of the
 * debtor's name, the card's last four digits, or a phone number (exact, normalised). Each arm is a
 * byte-order range or an equality — leakproof comparisons, so Postgres can use the indexes that lead
 * with client_id under RLS (LIKE cannot be pushed below the policy; see docs/accounts.md).
 */
function searchSql(term: string, p: Params): string {
  const lo = p.add(term);
  const hi = p.add(prefixUpperBound(term));
  const arms = [
    `select x.client_id, x.id from account x where x.bank_ref collate "C" >= ${lo} and x.bank_ref collate "C" < ${hi}`,
    `select x.client_id, x.id from debtor d join account x on x.client_id = d.client_id and x.debtor_id = d.id
      where d.full_name collate "C" >= ${lo} and d.full_name collate "C" < ${hi}`,
  ];
  if (/^[0-9]{4}$/.test(term)) arms.push(`select x.client_id, x.id from account x where x.card_last4 = ${p.add(term)}`);
  const phone = normalisePhone(term);
  if (phone) {
    arms.push(
      `select x.client_id, x.id from debtor_phone dp join account x on x.client_id = dp.client_id and x.debtor_id = dp.debtor_id where dp.phone = ${p.add(phone)}`,
    );
  }
  return arms.join(' union ');
}

/**
 * The WHERE conditions of an account filter over `account a`. Only leakproof operators (equality,
 * ranges, = ANY) so that Postgres can use indexes under row-level security; search is a prefix of the
 * bank reference or the debtor's name, the card's last four or a normalised phone (docs/accounts.md).
 */
export function accountConditions(c: AccountCriteria, p: Params): string[] {
  const where: string[] = [];
  const statuses = c.statuses?.length ? c.statuses : ['active'];
  // A literal keeps partial indexes usable for the common "active only" case.
  const STATUS_LITERALS = ['active', 'recalled', 'returned', 'closed'];
  where.push(statuses.length === 1 ? `a.status = '${STATUS_LITERALS.find((x) => x === statuses[0]) ?? 'closed'}'` : `a.status = any(${p.add(statuses)}::text[])`);
  if (c.clientId) where.push(`a.client_id = ${p.add(c.clientId)}::uuid`);
  if (c.placementId) where.push(`a.placement_id = ${p.add(c.placementId)}::uuid`);
  if (c.buckets?.length) where.push(c.buckets.length === 1 ? `a.bucket = ${p.add(c.buckets[0])}` : `a.bucket = any(${p.add(c.buckets)}::text[])`);
  if (c.dpdMin !== undefined) where.push(`a.dpd >= ${p.add(c.dpdMin)}::int`);
  if (c.dpdMax !== undefined) where.push(`a.dpd <= ${p.add(c.dpdMax)}::int`);
  if (c.balanceMin !== undefined) where.push(`a.total_due >= ${p.add(c.balanceMin)}::numeric`);
  if (c.balanceMax !== undefined) where.push(`a.total_due <= ${p.add(c.balanceMax)}::numeric`);
  if (c.assignedCollectorId) where.push(`a.assigned_collector_id = ${p.add(c.assignedCollectorId)}::uuid`);
  if (c.unassigned) where.push('a.assigned_collector_id is null and a.assigned_team_id is null');
  const term = c.search?.trim().normalize('NFKC');
  if (term) where.push(`(a.client_id, a.id) in (${searchSql(term, p)})`);
  return where;
}

export type SortColumn = 'total_due' | 'dpd' | 'placed_on' | 'priority_score';

/** Keyset pagination over (sort column, id), both in the same direction so one index serves it. */
export function keysetCondition(column: SortColumn, direction: 'asc' | 'desc', after: [unknown, string] | null, p: Params): string | null {
  if (!after) return null;
  const cast = column === 'placed_on' ? 'date' : column === 'dpd' ? 'int' : 'numeric';
  return `(a.${column}, a.id) ${direction === 'desc' ? '<' : '>'} (${p.add(after[0])}::${cast}, ${p.add(after[1])}::uuid)`;
}
