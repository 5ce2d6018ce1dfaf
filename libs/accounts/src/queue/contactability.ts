import type { RequestContext } from '@arrears/tenancy';
import type { Params } from '../account/account-query.js';

/** Whether an account in a work queue can be worked now, and if not why and from when. */
export interface QueueStanding {
  /** Contactable now, or a follow-up is due. */
  open: boolean;
  /** `contactable`, `follow_up_due`, or the first rule that blocks (a hold, the window, a limit…). */
  reason: string;
  /** When a blocked account opens again; null when open or when no waiting opens it (a hold). */
  opensAt: Date | null;
}

/**
 * SQL that keeps only the accounts open now: `joins` go after `from account a` (their own aliases, never
 * `d` or `c`), `conditions` are and-ed to the query's where clause; values are bound through `p`.
 * The same joins and conditions serve the page and its totalCount.
 */
export interface QueueFilterSql {
  joins: string;
  /** For the page, read in priority order until it is full. */
  conditions: string[];
  /** The same rules for counting the whole queue, where a set-based form is cheaper (default: `conditions`). */
  countConditions?: string[];
}
export type ContactableFilter = (p: Params, queue: { collectorId: string }) => QueueFilterSql;

/**
 * Prepares, for one request, the filter that keeps the queue's accounts contactable now (reading what it
 * needs, such as the banks' policies, once). Accounts knows no contact rules: the contact domain registers
 * the gate when its module loads, so queues filter by contactability in SQL without accounts depending on
 * contact. Without a gate every account not on hold is open.
 */
export type QueueGate = (ctx: RequestContext) => Promise<ContactableFilter>;

let gate: QueueGate | null = null;

export function registerQueueGate(g: QueueGate): void {
  gate = g;
}

export function queueGate(): QueueGate | null {
  return gate;
}
