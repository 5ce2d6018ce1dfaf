import { Params, prefixUpperBound } from '../account/account-query.js';
import type { Bucket } from '../aging/aging.js';

/** What a collector narrows their own queue to. Every part is optional; parts combine with AND. */
export interface QueueCriteria {
  /** A prefix of the debtor's name or the bank reference, or the last digits (4 or more) of a phone. */
  search?: string | null;
  buckets?: readonly Bucket[] | null;
  /** Only accounts with a promise to pay due today (the bank's local date). */
  promiseDueToday?: boolean | null;
  /** true: only held accounts; false: only accounts without a hold in force; absent: the queue's default. */
  held?: boolean | null;
}

/**
 * The WHERE fragments of the queue filter over `account a` (each starts with "and"), with their values
 * added to `p`. Only plain conditions on the collector's own rows: the queue's contact gate and
 * ordering are untouched. `heldSql` is the "not held" predicate the queue already uses.
 */
export function queueFilterSql(c: QueueCriteria, p: Params, notHeldSql: string): string {
  const parts: string[] = [];
  const term = c.search?.trim().normalize('NFKC');
  if (term) {
    const from = p.add(term);
    const to = p.add(prefixUpperBound(term));
    const arms = [
      `(a.bank_ref collate "C" >= ${from} and a.bank_ref collate "C" < ${to})`,
      `exists (select 1 from debtor d where d.client_id = a.client_id and d.id = a.debtor_id and d.full_name collate "C" >= ${from} and d.full_name collate "C" < ${to})`,
    ];
    const digits = term.replace(/[\s\-()]/g, '');
    if (/^\d{4,}$/.test(digits)) {
      const tail = p.add(digits);
      arms.push(`exists (select 1 from debtor_phone ph where ph.client_id = a.client_id and ph.debtor_id = a.debtor_id and right(ph.phone, length(${tail})) = ${tail})`);
    }
    parts.push(`and (${arms.join(' or ')})`);
  }
  if (c.buckets?.length) parts.push(`and a.bucket = any (${p.add(c.buckets)}::text[])`);
  if (c.promiseDueToday) {
    parts.push(`and a.next_promise_due = (select (now() at time zone cl.time_zone)::date from client cl where cl.id = a.client_id)`);
  }
  if (c.held === true) parts.push(`and not (${notHeldSql})`);
  else if (c.held === false) parts.push(`and ${notHeldSql}`);
  return parts.join(' ');
}

/** Whether the filter shows held accounts, which the queue's contact gate would drop. */
export function showsHeld(c: QueueCriteria | null | undefined): boolean {
  return c?.held === true;
}
