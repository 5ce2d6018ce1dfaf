import { PermanentJobError, type JobContext, type JobHandlers } from '@arrears/jobs';
import { PrincipalNotFoundError, withTenant } from '@arrears/tenancy';
import { SMS_COLUMNS, type SmsRow } from './sms.service.js';

/** How SMS leave Arrears (configuration: SMS_ADAPTER, SMS_GATEWAY_URL, SMS_GATEWAY_TOKEN). */
export type SmsAdapterSettings = { adapter: 'outbox' } | { adapter: 'http'; url: string; token?: string };

const TIMEOUT_MS = 10_000;

/** What the gateway answered, as kept on the message (never its full body). */
type Answer = { ok: true; ref: string | null } | { ok: false; permanent: boolean; reason: string };

/**
 * One POST to the SMS gateway: JSON `{ to, text, reference }`, a bearer token, and the message id as the
 * idempotency key, so a retry after a lost answer cannot send the message twice at a well-behaved gateway.
 */
export async function postToGateway(s: Extract<SmsAdapterSettings, { adapter: 'http' }>, sms: Pick<SmsRow, 'id' | 'to_number' | 'body'>): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': sms.id, ...(s.token ? { authorization: `Bearer ${s.token}` } : {}) },
      body: JSON.stringify({ to: sms.to_number, text: sms.body, reference: sms.id }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    return { ok: false, permanent: false, reason: `The SMS gateway could not be reached (${(e as Error).name})` };
  }
  const text = await res.text().catch(() => '');
  if (res.ok) {
    let ref: string | null = null;
    try {
      const j = JSON.parse(text) as { id?: unknown; messageId?: unknown };
      ref = String(j.id ?? j.messageId ?? '') || null;
    } catch {
      ref = null;
    }
    return { ok: true, ref: ref?.slice(0, 200) ?? null };
  }
  // A refused request (bad number, bad token) will be refused again; overload and server errors are retried.
  const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
  return { ok: false, permanent, reason: `The SMS gateway answered HTTP ${res.status}` };
}

/** The durable delivery job of the http adapter (registered by the app's worker). */
export function smsJobs(settings: SmsAdapterSettings): JobHandlers {
  const claims = (ctx: JobContext) => ({ userId: ctx.payload.requestedBy as string, agencyId: ctx.payload.agencyId });
  const asRequester = async <T>(ctx: JobContext, work: Parameters<typeof withTenant<T>>[2]): Promise<T> => {
    try {
      return await withTenant(ctx.dataSource, claims(ctx), work);
    } catch (e) {
      if (e instanceof PrincipalNotFoundError) throw new PermanentJobError('The user who sent this SMS can no longer sign in');
      throw e;
    }
  };
  return {
    sms_delivery: {
      async run(ctx) {
        if (settings.adapter !== 'http') throw new PermanentJobError('No SMS gateway is configured (SMS_ADAPTER is not http)');
        const id = ctx.payload.subjectId;
        const sms = await asRequester<SmsRow | undefined>(ctx, async (db) => (await db.query(`select ${SMS_COLUMNS} from sms_message where id = $1`, [id]))[0]);
        if (!sms) throw new PermanentJobError('The message no longer exists');
        if (sms.status !== 'queued') return; // delivered (or given up) by an earlier run
        const answer = await postToGateway(settings, sms);
        await asRequester(ctx, (db) =>
          answer.ok
            ? db.query(`update sms_message set status = 'sent', gateway_ref = $2, last_error = null, sent_at = now(), delivery_attempts = delivery_attempts + 1, updated_at = now() where id = $1 and status = 'queued'`, [id, answer.ref])
            : db.query(`update sms_message set last_error = $2, delivery_attempts = delivery_attempts + 1, updated_at = now() where id = $1 and status = 'queued'`, [id, answer.reason]),
        );
        if (!answer.ok) throw answer.permanent ? new PermanentJobError(answer.reason) : new Error(answer.reason);
      },
      async onGiveUp(ctx, reason) {
        await asRequester(ctx, (db) =>
          db.query(`update sms_message set status = 'failed', last_error = coalesce(last_error, $2), updated_at = now() where id = $1 and status = 'queued'`, [ctx.payload.subjectId, reason]),
        );
      },
    },
  };
}
