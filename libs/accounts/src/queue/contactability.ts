import type { RequestContext } from '@arrears/tenancy';

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
 * Decides queue standing for a batch of accounts (by database id). Accounts knows no contact rules: the
 * contact domain registers the gate when its module loads, so queues filter by contactability without
 * accounts depending on contact. Without a gate every account not on hold is open.
 */
export type QueueGate = (ctx: RequestContext, accountIds: readonly string[]) => Promise<Map<string, QueueStanding>>;

let gate: QueueGate | null = null;

export function registerQueueGate(g: QueueGate): void {
  gate = g;
}

export function queueGate(): QueueGate | null {
  return gate;
}
