import { ComplaintService } from '@arrears/complaints';
import { doNotCallFromComplaint, type ContactDeps } from '@arrears/contact';
import { onEvent } from '@arrears/events';

/**
 * Reactions across domains that must commit with the change that caused them. A complaint asking for
 * no more calls puts the complainant's number on the agency's do-not-call list in the complaint's own
 * transaction (docs/contact.md): the gateway wires it because it alone sees both domains.
 */
export function registerContactConsumers(contact: ContactDeps | undefined): void {
  if (!contact) return;
  onEvent('complaint.do_not_call_requested', 'contact.do_not_call', async (db, event) => {
    if (!event.subjectId) return;
    const [detail] = await new ComplaintService(db).details([event.subjectId]);
    if (detail?.complainant_phone) await doNotCallFromComplaint(db, contact, event.subjectId, detail.complainant_phone);
  });
}
