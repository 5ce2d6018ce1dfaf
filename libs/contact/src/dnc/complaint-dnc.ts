import type { EntityManager } from 'typeorm';
import { normalisePhone } from '@arrears/accounts';
import { protectedDataFor, type ContactDeps } from '../clock.js';

/**
 * A complaint that asks for no more calls puts the complainant's number on the agency-wide do-not-call
 * list in the complaint's own transaction (so the complaint and the listing commit together, and no
 * call can slip in between). Only the keyed hash is stored; the database function checks that the
 * complaint is visible to the caller and asked for it, and records who raised it, whatever their role.
 */
export async function doNotCallFromComplaint(db: EntityManager, deps: ContactDeps, complaintId: string, phone: string): Promise<boolean> {
  const hash = protectedDataFor(deps).identityHash(`tel:${normalisePhone(phone) ?? phone.trim()}`);
  const [row]: { listed: boolean }[] = await db.query(`select app.do_not_call_from_complaint($1, $2) as listed`, [complaintId, hash]);
  return !!row?.listed;
}
