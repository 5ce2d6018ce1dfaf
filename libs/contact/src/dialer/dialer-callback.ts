import type { DataSource } from 'typeorm';
import { withTenant } from '@arrears/tenancy';
import { ContactService } from '../attempts/contact.service.js';
import { protectedDataFor, type ContactDeps } from '../clock.js';
import { parseCallEvent, SIGNATURE_WINDOW_SECONDS, verifyDialerSignature } from './dialer-signature.js';
import { DialerService } from './dialer.service.js';

export interface CallbackAnswer {
  status: number;
  code: string;
  message: string;
}

const answer = (status: number, code: string, message: string): CallbackAnswer => ({ status, code, message });

/**
 * One call event from the agency's dialer. Nothing in it is trusted before the signature checks out
 * against the secret of the agency whose call it names: the call is found through a narrow function
 * (app.dialer_call_target), the signature covers timestamp and body, the timestamp must be within
 * SIGNATURE_WINDOW_SECONDS of the real clock, and an event id seen before is refused. The event is
 * then applied in the context of the collector who placed the call, so RLS still decides.
 */
/** Whose call it is, as app.dialer_call_target answers (the app reads it outside any tenant context). */
export interface DialerCallTarget {
  agency_id: string;
  client_id: string;
  made_by: string;
  attempt_id: string;
  secret_sealed: string | null;
}

export async function handleDialerCallback(
  dataSource: DataSource,
  findCall: (callId: string) => Promise<DialerCallTarget | undefined>,
  deps: ContactDeps,
  raw: Buffer,
  signature: string | undefined,
  now = new Date(),
): Promise<CallbackAnswer> {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return answer(400, 'BAD_REQUEST', 'The body is not JSON');
  }
  const event = parseCallEvent(body);
  // An unknown call, an unsigned or a wrongly signed message all answer the same: nothing tells a prober which ids exist.
  const unauthenticated = answer(401, 'UNAUTHENTICATED', 'The call event is not signed by the dialer of this call');
  if (!event) return answer(400, 'BAD_USER_INPUT', 'Not a call event (eventId, callId, type answered | hung_up | recording)');
  const target = await findCall(event.callId);
  if (!target?.secret_sealed) return unauthenticated;
  const protectedData = protectedDataFor(deps);
  const check = verifyDialerSignature(protectedData.decrypt(target.secret_sealed), signature, raw, now, SIGNATURE_WINDOW_SECONDS);
  if (!check.ok) return check.reason === 'stale' ? answer(401, 'UNAUTHENTICATED', 'The call event is too old or from the future; sign it with the current time') : unauthenticated;
  const outcome = await withTenant(dataSource, { userId: target.made_by, agencyId: target.agency_id }, async (db, principal) => {
    const contact = new ContactService(db, principal, { now, protectedData, revealsPerUserPerDay: deps.revealsPerUserPerDay });
    return new DialerService(db, principal, protectedData).applyEvent(contact, event, check.signedAt, body);
  });
  if (outcome === 'replayed') return answer(409, 'CONFLICT', 'This call event was already received');
  if (outcome === 'unknown') return unauthenticated;
  return answer(200, 'OK', 'applied');
}
