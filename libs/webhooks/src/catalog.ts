/**
 * The events a bank may subscribe to: what the domains write to the outbox (`emitEvent`). A subscription
 * names types from this list; `catalog.spec.ts` checks that every type the code emits is listed here.
 */
export const WEBHOOK_EVENT_TYPES = [
  'placement.imported',
  'account.recalled',
  'account.closed',
  'payment.posted',
  'payment.reversed',
  'payment_file.imported',
  'promise.made',
  'promise.kept',
  'promise.broken',
  'plan.proposed',
  'plan.approved',
  'plan.rejected',
  'plan.broken',
  'plan.completed',
  'complaint.received',
  'complaint.acknowledged',
  'complaint.investigation_started',
  'complaint.resolved',
  'complaint.closed',
  'complaint.withdrawn',
  'complaint.reopened',
  'complaint.extended',
  'complaint.handler_assigned',
  'complaint.commented',
  'complaint.evidence_added',
  'complaint.do_not_call_requested',
  'legal.case_referred',
  'legal.case_authorised',
  'legal.authorisation_declined',
  'legal.status_changed',
  'legal.cost_recorded',
  'legal.recovery_recorded',
  'legal.recovery_confirmed',
  'legal.recovery_rejected',
  'legal.cost_posted',
  'credit.refunded',
  'credit.applied',
  'hold.placed',
  'hold.lifted',
  'template.submitted',
  'template.approved',
  'template.rejected',
  'sms.queued',
  'letter.sent',
  'contact.attempted',
  'contact.corrected',
  'contact.dialed',
  'contact.refused',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const KNOWN = new Set<string>(WEBHOOK_EVENT_TYPES);

/** The types of a subscription request that the catalog does not have (empty when all are known). */
export function unknownEventTypes(types: readonly string[]): string[] {
  return [...new Set(types.filter((t) => !KNOWN.has(t)))];
}
