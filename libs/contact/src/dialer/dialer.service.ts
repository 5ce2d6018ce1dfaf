import type { EntityManager } from 'typeorm';
import { AppError, ErrorCode } from '@arrears/graphql';
import type { ProtectedData } from '@arrears/accounts';
import { emitEvent } from '@arrears/events';
import type { Principal } from '@arrears/tenancy';
import type { AttemptRow, ContactService, Refused } from '../attempts/contact.service.js';
import { signDialerMessage, unansweredOutcome, type CallEvent } from './dialer-signature.js';

export interface DialerSettingRow {
  adapter: 'builtin' | 'http';
  url: string | null;
  secret_sealed: string | null;
}

export interface DialerCallRow {
  client_id: string;
  id: string;
  attempt_id: string;
  made_by: string;
  extension: string;
  answered_at: Date | null;
  hung_up_at: Date | null;
  duration_seconds: number | null;
  recording_ref: string | null;
  hangup_cause: string | null;
}

const CALL_COLUMNS = 'client_id, id, attempt_id, made_by, extension, answered_at, hung_up_at, duration_seconds, recording_ref, hangup_cause';
/** How long the gateway waits for the dialer to accept a call request. */
export const DIALER_TIMEOUT_MS = 5000;

/** Who may set the dialer URL: http(s) only, no credentials in it. */
export function dialerUrlProblem(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'The dialer URL is not a URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'The dialer URL must be http or https';
  if (u.username || u.password) return 'Put no credentials in the dialer URL; the shared secret signs every request';
  return null;
}

/**
 * The HTTP click-to-dial adapter: after the contact gate allows the call, the gateway asks the agency's
 * dialer to bridge the collector's extension to the debtor's number (the number goes to the dialer, never
 * to the browser); the dialer reports call events back to a signed, replay-protected callback.
 */
export class DialerService {
  constructor(
    private readonly db: EntityManager,
    private readonly actor: Principal,
    private readonly protectedData: ProtectedData,
  ) {}

  async setting(): Promise<DialerSettingRow | null> {
    const [row]: DialerSettingRow[] = await this.db.query(`select adapter, url, secret_sealed from dialer_setting where agency_id = $1`, [this.actor.agencyId]);
    return row ?? null;
  }

  async setSetting(adapter: 'builtin' | 'http', url: string | null, secret: string | null): Promise<DialerSettingRow> {
    const sealed = secret ? this.protectedData.encrypt(secret) : null;
    const [row]: DialerSettingRow[] = await this.db.query(
      `insert into dialer_setting (agency_id, adapter, url, secret_sealed, updated_by) values ($1, $2, $3, $4, $5)
       on conflict (agency_id) do update set adapter = excluded.adapter, url = excluded.url,
         secret_sealed = coalesce(excluded.secret_sealed, dialer_setting.secret_sealed), updated_by = excluded.updated_by, updated_at = now()
       returning adapter, url, secret_sealed`,
      [this.actor.agencyId, adapter, adapter === 'http' ? url : null, adapter === 'http' ? sealed : null, this.actor.userId],
    );
    return row;
  }

  async myExtension(): Promise<string | null> {
    const [row]: { extension: string }[] = await this.db.query(`select extension from dialer_extension where agency_id = $1 and user_id = $2`, [this.actor.agencyId, this.actor.userId]);
    return row?.extension ?? null;
  }

  async setMyExtension(extension: string): Promise<string> {
    await this.db.query(
      `insert into dialer_extension (agency_id, user_id, extension) values ($1, $2, $3)
       on conflict (agency_id, user_id) do update set extension = excluded.extension, updated_at = now()`,
      [this.actor.agencyId, this.actor.userId, extension.trim()],
    );
    return extension.trim();
  }

  async callOf(attemptIds: readonly string[]): Promise<Map<string, DialerCallRow>> {
    const rows: DialerCallRow[] = await this.db.query(`select ${CALL_COLUMNS} from dialer_call where attempt_id = any($1::uuid[])`, [attemptIds]);
    return new Map(rows.map((r) => [r.attempt_id, r]));
  }

  /**
   * Places a call through the HTTP dialer: the gate first (a refusal is kept as evidence), then a started
   * attempt and the call row, then the dialer's request. A dialer that does not accept the call throws,
   * so the request's transaction rolls back and no started call is left behind.
   */
  async bridge(contact: ContactService, accountId: string, phoneId: string): Promise<{ attempt: AttemptRow; call: DialerCallRow } | Refused | { problem: string; code: string } | null> {
    // Another tenant's account or phone is missing, before anything about our dialer is said.
    const account = await contact.account(accountId);
    if (!account) return null;
    const phone = (await contact.phones([account.id])).get(account.id)?.find((p) => p.id === phoneId);
    if (!phone) return null;
    const setting = await this.setting();
    if (setting?.adapter !== 'http' || !setting.url || !setting.secret_sealed) return { code: 'DIALER_NOT_CONFIGURED', problem: 'The agency has no HTTP dialer configured' };
    const extension = await this.myExtension();
    if (!extension) return { code: 'EXTENSION_REQUIRED', problem: 'Set your dialer extension first' };
    await contact.lockPerson(account);
    const decision = await contact.decide(account, 'call', 'debtor', 'outbound', phone);
    if (!decision.allowed) return contact.refuse(decision, 'call', 'debtor');
    const [{ id: attemptId }]: { id: string }[] = await this.db.query(
      `insert into contact_attempt (client_id, agency_id, account_id, debtor_id, channel, direction, party, phone_id, status, policy_version, made_by, started_at)
       values ($1, $2, $3, $4, 'call', 'outbound', 'debtor', $5, 'started', $6, $7, $8) returning id`,
      [account.client_id, account.agency_id, account.id, account.debtor_id, phone.id, decision.policy.version, this.actor.userId, contact.now],
    );
    const [call]: DialerCallRow[] = await this.db.query(
      `insert into dialer_call (client_id, agency_id, attempt_id, made_by, extension) values ($1, $2, $3, $4, $5) returning ${CALL_COLUMNS}`,
      [account.client_id, account.agency_id, attemptId, this.actor.userId, extension],
    );
    const body = JSON.stringify({ callId: call.id, extension, number: phone.phone });
    const secret = this.protectedData.decrypt(setting.secret_sealed);
    let accepted = false;
    try {
      const res = await fetch(setting.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-arrears-signature': signDialerMessage(secret, Math.floor(Date.now() / 1000), body) },
        body,
        signal: AbortSignal.timeout(DIALER_TIMEOUT_MS),
        redirect: 'error',
      });
      accepted = res.ok;
      await res.body?.cancel().catch(() => undefined);
    } catch {
      accepted = false;
    }
    if (!accepted) throw new AppError(ErrorCode.CONFLICT, 'The dialer did not accept the call; try again or dial by hand', { reason: 'DIALER_UNAVAILABLE' });
    await emitEvent(this.db, { agencyId: account.agency_id, clientId: account.client_id, type: 'contact.dialed', subjectId: account.id, payload: { attemptId, adapter: 'http', policyVersion: decision.policy.version }, actorUserId: this.actor.userId });
    return { attempt: (await contact.attempt(attemptId)) as AttemptRow, call };
  }

  /**
   * Applies one verified call event in the collector's context. A replayed event id is refused (the
   * unique key of dialer_call_event); a call that ends unanswered completes its attempt (no answer / busy);
   * an answered one keeps its attempt open for the collector's outcome, with the dialer's facts beside it.
   */
  async applyEvent(contact: ContactService, event: CallEvent, signedAt: Date, raw: unknown): Promise<'applied' | 'replayed' | 'unknown'> {
    const [call]: (DialerCallRow & { agency_id: string })[] = await this.db.query(`select ${CALL_COLUMNS}, agency_id from dialer_call where id = $1 for update`, [event.callId]);
    if (!call) return 'unknown';
    const inserted: unknown[] = await this.db.query(
      `insert into dialer_call_event (client_id, event_id, agency_id, call_id, type, signed_at, payload) values ($1, $2, $3, $4, $5, $6, $7::jsonb)
       on conflict (client_id, event_id) do nothing returning event_id`,
      [call.client_id, event.eventId, call.agency_id, call.id, event.type, signedAt, JSON.stringify(raw)],
    );
    if (!inserted.length) return 'replayed';
    if (event.type === 'answered') await this.db.query(`update dialer_call set answered_at = coalesce(answered_at, $2) where id = $1`, [call.id, signedAt]);
    if (event.type === 'recording' || event.recordingRef) await this.db.query(`update dialer_call set recording_ref = coalesce($2, recording_ref) where id = $1`, [call.id, event.recordingRef]);
    if (event.type === 'hung_up') {
      await this.db.query(`update dialer_call set hung_up_at = coalesce(hung_up_at, $2), duration_seconds = $3, hangup_cause = $4 where id = $1`, [call.id, signedAt, event.durationSeconds, event.cause]);
      const attempt = await contact.attempt(call.attempt_id);
      if (!call.answered_at && attempt?.status === 'started') {
        await contact.complete(call.attempt_id, { outcome: unansweredOutcome(event.cause), rightPartyVerified: false, durationSeconds: 0, recordingRef: event.recordingRef, note: null });
      }
    }
    return 'applied';
  }
}
