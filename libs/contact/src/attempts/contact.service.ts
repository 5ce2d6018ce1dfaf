import type { EntityManager } from 'typeorm';
import { HoldService, ProtectedData, normalisePhone, type HoldReason } from '@arrears/accounts';
import { writeAudit } from '@arrears/audit';
import { chinaDay } from '@arrears/calendar';
import { emitEvent } from '@arrears/events';
import { PolicyService, type PolicyVersion } from '@arrears/platform';
import type { Principal } from '@arrears/tenancy';
import { CONTACT_POLICY, type Channel, type ContactPolicy, type Party } from '../policy/contact-policy.js';
import { evaluateContact, loadFromHistory, type Block, type ContactLoad, type Eligibility } from '../eligibility/eligibility.js';
import { outcomeProblems, type OutcomeProblem } from '../eligibility/outcomes.js';
import { OutcomeService } from '../outcomes/outcome.service.js';
import type { AgencyOutcome } from '../outcomes/outcome-list.js';
import { localParts, zonedInstant } from '../eligibility/zoned-time.js';

export interface ContactAccountRow {
  id: string;
  client_id: string;
  agency_id: string;
  debtor_id: string;
  status: string;
  identity_hash: string;
  time_zone: string;
}

export interface PhoneRow {
  client_id: string;
  id: string;
  debtor_id: string;
  phone: string;
  phone_type: string;
  status: string;
  source: string;
  last_outcome: string | null;
  last_outcome_at: Date | null;
  do_not_call: boolean;
}

export interface AttemptRow {
  client_id: string;
  id: string;
  account_id: string;
  channel: Channel;
  direction: 'outbound' | 'inbound';
  party: Party;
  phone_id: string | null;
  status: 'started' | 'completed';
  outcome_code: string | null;
  connected: boolean;
  right_party_verified: boolean;
  note: string | null;
  duration_seconds: number | null;
  recording_ref: string | null;
  next_action_at: Date | null;
  corrects_id: string | null;
  policy_version: number;
  made_by: string;
  started_at: Date;
  completed_at: Date | null;
}

export interface RefusalRow {
  client_id: string;
  id: string;
  account_id: string;
  channel: Channel;
  party: Party;
  rules: Block[];
  next_allowed_at: Date | null;
  policy_version: number;
  attempted_by: string;
  attempted_at: Date;
}

const ATTEMPT_COLUMNS = `client_id, id, account_id, channel, direction, party, phone_id, status, outcome_code, connected, right_party_verified, note,
  duration_seconds, recording_ref, next_action_at, corrects_id, policy_version, made_by, started_at, completed_at`;
const REFUSAL_COLUMNS = 'client_id, id, account_id, channel, party, rules, next_allowed_at, policy_version, attempted_by, attempted_at';

/** A decision with everything it was made from: the version of the policy and the debtor's clock. */
export interface ContactDecision extends Eligibility {
  account: ContactAccountRow;
  policy: PolicyVersion<ContactPolicy>;
  timeZone: string;
  evaluatedAt: Date;
}

export interface OutcomeInput {
  outcome: string;
  rightPartyVerified: boolean;
  note?: string | null;
  durationSeconds?: number | null;
  recordingRef?: string | null;
  nextActionAt?: Date | null;
}

export interface RecordInput extends OutcomeInput {
  accountId: string;
  channel: Channel;
  party: Party;
  direction: 'outbound' | 'inbound';
  phoneId?: string | null;
  correctsId?: string | null;
}

export type Refused = { blocked: true; refusal: RefusalRow; decision: ContactDecision };
export type Problem = { problem: OutcomeProblem[] };

export interface ContactServiceOptions {
  /** The clock every decision is made at (injectable in tests only; see docs/contact.md). */
  now: Date;
  /** Keys the do-not-call hashes (the deployment's data key). */
  protectedData: ProtectedData;
  revealsPerUserPerDay: number;
}

/**
 * One service decides every contact: eligibility under the client's current contact policy version,
 * attempts (append-only), refusals kept as evidence, dialing with an audited reveal. Every call runs in
 * the caller's tenant transaction, so RLS decides what exists; the same person at other banks is seen
 * only through the narrow functions of migration 0009.
 */
export class ContactService {
  constructor(
    private readonly db: EntityManager,
    private readonly actor: Principal,
    private readonly opts: ContactServiceOptions,
  ) {}

  get now(): Date {
    return this.opts.now;
  }

  async account(accountId: string): Promise<ContactAccountRow | null> {
    const [row]: ContactAccountRow[] = await this.db.query(
      `select a.id, a.client_id, a.agency_id, a.debtor_id, a.status, d.identity_hash, coalesce(d.time_zone, c.time_zone) as time_zone
         from account a join debtor d on d.client_id = a.client_id and d.id = a.debtor_id join client c on c.id = a.client_id
        where a.id = $1`,
      [accountId],
    );
    return row ?? null;
  }

  /** Phones of the accounts' debtors, with whether each number is on the agency's do-not-call list. */
  async phones(accountIds: readonly string[]): Promise<Map<string, PhoneRow[]>> {
    const rows: (PhoneRow & { account_id: string; number_hash?: string })[] = await this.db.query(
      `select a.id as account_id, p.client_id, p.id, p.debtor_id, p.phone, p.phone_type, p.status, p.source, p.last_outcome, p.last_outcome_at
         from account a join debtor_phone p on p.client_id = a.client_id and p.debtor_id = a.debtor_id
        where a.id = any($1::uuid[]) order by p.created_at, p.phone`,
      [accountIds],
    );
    const hashes = rows.map((r) => this.numberHash(r.phone));
    const dnc: { number_hash: string }[] = hashes.length ? await this.db.query(`select number_hash from do_not_call where number_hash = any($1::text[])`, [hashes]) : [];
    const listed = new Set(dnc.map((d) => d.number_hash));
    const out = new Map<string, PhoneRow[]>(accountIds.map((id) => [id, []]));
    rows.forEach((r, i) => out.get(r.account_id)?.push({ ...r, do_not_call: listed.has(hashes[i]) }));
    return out;
  }

  numberHash(raw: string): string {
    return this.opts.protectedData.identityHash(`tel:${normalisePhone(raw) ?? raw.trim()}`);
  }

  /** Adds a number to the agency-wide do-not-call list (kept only as a keyed hash). */
  async addDoNotCall(number: string, reason: string): Promise<boolean> {
    const hash = this.numberHash(number);
    await this.db.query(`insert into do_not_call (agency_id, number_hash, reason, added_by) values ($1, $2, $3, $4) on conflict do nothing`, [this.actor.agencyId, hash, reason.trim().slice(0, 500), this.actor.userId]);
    return true;
  }

  private async load(account: ContactAccountRow, policy: ContactPolicy, channel: Channel, tz: string): Promise<ContactLoad> {
    const now = this.now;
    const dayStart = zonedInstant(localParts(now, tz).date, 0, tz);
    const lim = policy.limits[channel];
    if (policy.countPer === 'person') {
      const [r] = await this.db.query(`select * from app.contact_person_load($1, $2, $3, $4, $5, $6, $7)`, [account.client_id, account.debtor_id, channel, dayStart, now, lim.attemptsPer7Days, lim.connectedPer7Days]);
      return {
        attemptsDay: r?.attempts_day ?? 0,
        connectedDay: r?.connected_day ?? 0,
        attemptsWeek: r?.attempts_week ?? 0,
        connectedWeek: r?.connected_week ?? 0,
        attemptsWeekFreeAt: r?.attempts_week_free_at ?? null,
        connectedWeekFreeAt: r?.connected_week_free_at ?? null,
        lastAttemptAt: r?.last_attempt_at ?? null,
        lastConnectedAt: r?.last_connected_at ?? null,
      };
    }
    const history: { started_at: Date; connected: boolean }[] = await this.db.query(
      `select started_at, connected from contact_attempt
        where account_id = $1 and channel = $2 and direction = 'outbound' and corrects_id is null and started_at > $3::timestamptz - interval '7 days' and started_at <= $3`,
      [account.id, channel, now],
    );
    return loadFromHistory(history.map((h) => ({ at: h.started_at, connected: h.connected })), now, dayStart, lim);
  }

  /** The decision for one account, channel and party (and phone, when dialling one). */
  async decide(account: ContactAccountRow, channel: Channel, party: Party, direction: 'outbound' | 'inbound' = 'outbound', phone?: PhoneRow | null): Promise<ContactDecision> {
    const policy = await new PolicyService(this.db).current(CONTACT_POLICY, account.client_id);
    const holds = new HoldService(this.db);
    const [inForce, elsewhere, phones] = [await holds.inForce([account.id]), await holds.personHeldElsewhere([account.id]), await this.phones([account.id])];
    const mine = phones.get(account.id) ?? [];
    const load = direction === 'inbound' ? null : await this.load(account, policy.body, channel, account.time_zone);
    const result = evaluateContact({
      policy: policy.body,
      now: this.now,
      timeZone: account.time_zone,
      channel,
      party,
      direction,
      accountActive: account.status === 'active',
      holds: (inForce.get(account.id) ?? []).map((h) => h.reason as HoldReason),
      personHeldElsewhere: elsewhere.get(account.id) ?? false,
      load: load ?? loadFromHistory([], this.now, this.now, { attemptsPer7Days: null, connectedPer7Days: null }),
      debtorReachable: mine.some((p) => p.status === 'valid' && !p.do_not_call),
      phone: phone ? { status: phone.status, doNotCall: phone.do_not_call } : null,
      isPublicHoliday: (d) => chinaDay(d).kind === 'public_holiday',
    });
    return { ...result, account, policy, timeZone: account.time_zone, evaluatedAt: this.now };
  }

  /** Serialises contact decisions for one human being across the agency's banks until the transaction ends. */
  async lockPerson(account: ContactAccountRow): Promise<void> {
    await this.db.query(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [`contact:${account.agency_id}:${account.identity_hash}`]);
  }

  async refuse(decision: ContactDecision, channel: Channel, party: Party): Promise<Refused> {
    const [refusal]: RefusalRow[] = await this.db.query(
      `insert into contact_refusal (client_id, agency_id, account_id, channel, party, rules, next_allowed_at, policy_version, attempted_by, attempted_at)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10) returning ${REFUSAL_COLUMNS}`,
      [decision.account.client_id, decision.account.agency_id, decision.account.id, channel, party, JSON.stringify(decision.blocks), decision.nextAllowedAt, decision.policy.version, this.actor.userId, this.now],
    );
    await emitEvent(this.db, {
      agencyId: decision.account.agency_id,
      clientId: decision.account.client_id,
      type: 'contact.refused',
      subjectId: decision.account.id,
      payload: { refusalId: refusal.id, channel, party, rules: decision.blocks.map((b) => b.rule), nextAllowedAt: decision.nextAllowedAt, policyVersion: decision.policy.version },
      actorUserId: this.actor.userId,
    });
    return { blocked: true, refusal, decision };
  }

  async attempt(id: string): Promise<AttemptRow | null> {
    const [row]: AttemptRow[] = await this.db.query(`select ${ATTEMPT_COLUMNS} from contact_attempt where id = $1`, [id]);
    return row ?? null;
  }

  /**
   * Records a contact that happened (or a correction of one). Refused by policy: the refusal is stored
   * as evidence and returned; an outcome that breaks the disclosure rules is refused and nothing is stored.
   */
  async record(input: RecordInput): Promise<{ attempt: AttemptRow } | Refused | Problem | null> {
    const account = await this.account(input.accountId);
    if (!account) return null;
    const outcome = await this.outcome(input.outcome);
    if (!outcome) return { problem: [{ rule: 'outcome', message: `Unknown outcome code "${input.outcome}"` }] };
    let phone: PhoneRow | null = null;
    if (input.phoneId) {
      phone = (await this.phones([account.id])).get(account.id)?.find((p) => p.id === input.phoneId) ?? null;
      if (!phone) return null;
    }
    if (input.correctsId) {
      const corrected = await this.attempt(input.correctsId);
      if (!corrected || corrected.account_id !== account.id) return null;
    }
    await this.lockPerson(account);
    const decision = await this.decide(account, input.channel, input.party, input.direction, phone);
    // A correction fixes the record of a contact already made; it is not a new contact.
    if (!decision.allowed && !input.correctsId) return this.refuse(decision, input.channel, input.party);
    const problems = outcomeProblems(outcome, { party: input.party, rightPartyVerified: input.rightPartyVerified, requireVerification: decision.policy.body.requireRightPartyVerification });
    if (problems.length) return { problem: problems };
    const [row]: AttemptRow[] = await this.db.query(
      `insert into contact_attempt (client_id, agency_id, account_id, debtor_id, channel, direction, party, phone_id, status, outcome_code, connected,
                                    right_party_verified, note, duration_seconds, recording_ref, next_action_at, corrects_id, policy_version, made_by, started_at, completed_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, 'completed', $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) returning ${ATTEMPT_COLUMNS}`,
      [account.client_id, account.agency_id, account.id, account.debtor_id, input.channel, input.direction, input.party, phone?.id ?? null, outcome.code, outcome.connected,
        input.rightPartyVerified, input.note?.trim() || null, input.durationSeconds ?? null, input.recordingRef?.trim() || null, input.nextActionAt ?? null, input.correctsId ?? null,
        decision.policy.version, this.actor.userId, this.now],
    );
    await this.afterOutcome(account, row);
    return { attempt: row };
  }

  /** Dials a phone of the account's debtor: eligibility first, then a started attempt and an audited reveal. */
  async dial(accountId: string, phoneId: string): Promise<{ attempt: AttemptRow; number: string; revealsLeft: number } | Refused | { limit: number } | null> {
    const account = await this.account(accountId);
    if (!account) return null;
    const phone = (await this.phones([account.id])).get(account.id)?.find((p) => p.id === phoneId);
    if (!phone) return null;
    const used = await this.revealsToday();
    if (used >= this.opts.revealsPerUserPerDay) return { limit: this.opts.revealsPerUserPerDay };
    await this.lockPerson(account);
    const decision = await this.decide(account, 'call', 'debtor', 'outbound', phone);
    if (!decision.allowed) return this.refuse(decision, 'call', 'debtor');
    const [row]: AttemptRow[] = await this.db.query(
      `insert into contact_attempt (client_id, agency_id, account_id, debtor_id, channel, direction, party, phone_id, status, policy_version, made_by, started_at)
       values ($1, $2, $3, $4, 'call', 'outbound', 'debtor', $5, 'started', $6, $7, $8) returning ${ATTEMPT_COLUMNS}`,
      [account.client_id, account.agency_id, account.id, account.debtor_id, phone.id, decision.policy.version, this.actor.userId, this.now],
    );
    await writeAudit(this.db, this.actor, { kind: 'reveal', operation: 'dial', targetIds: [account.id, phone.id, row.id], clientIds: [account.client_id], outcome: 'ok' });
    await emitEvent(this.db, { agencyId: account.agency_id, clientId: account.client_id, type: 'contact.dialed', subjectId: account.id, payload: { attemptId: row.id, policyVersion: decision.policy.version }, actorUserId: this.actor.userId });
    return { attempt: row, number: phone.phone, revealsLeft: this.opts.revealsPerUserPerDay - used - 1 };
  }

  /** Numbers this user had revealed today (UTC day of the real clock), from the append-only audit log. */
  async revealsToday(): Promise<number> {
    const [{ n }] = await this.db.query(
      `select count(*)::int as n from audit_log where actor_user_id = $1 and kind = 'reveal' and operation = 'dial' and occurred_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'`,
      [this.actor.userId],
    );
    return n;
  }

  /** Completes a started call once with its outcome; afterwards it only changes by a correction. */
  async complete(attemptId: string, input: OutcomeInput & { party?: Party | null }): Promise<{ attempt: AttemptRow } | Problem | null> {
    const current = await this.attempt(attemptId);
    if (!current || current.status !== 'started' || current.made_by !== this.actor.userId) return null;
    const account = await this.account(current.account_id);
    if (!account) return null;
    const outcome = await this.outcome(input.outcome);
    if (!outcome) return { problem: [{ rule: 'outcome', message: `Unknown outcome code "${input.outcome}"` }] };
    const policy = await new PolicyService(this.db).version(CONTACT_POLICY, account.client_id, current.policy_version);
    const party = input.party ?? current.party;
    const problems = outcomeProblems(outcome, { party, rightPartyVerified: input.rightPartyVerified, requireVerification: policy?.body.requireRightPartyVerification ?? true });
    if (problems.length) return { problem: problems };
    const [[row]]: [AttemptRow[], number] = await this.db.query(
      `update contact_attempt set status = 'completed', outcome_code = $2, connected = $3, right_party_verified = $4, note = $5, duration_seconds = $6,
              recording_ref = $7, next_action_at = $8, completed_at = $9
        where id = $1 and status = 'started' returning ${ATTEMPT_COLUMNS}`,
      [attemptId, outcome.code, outcome.connected, input.rightPartyVerified, input.note?.trim() || null, input.durationSeconds ?? null, input.recordingRef?.trim() || null, input.nextActionAt ?? null, this.now],
    );
    if (!row) return null;
    await this.afterOutcome(account, row);
    return { attempt: row };
  }

  /** What an outcome changes: the account's contact dates, the phone's status, a hold, the outbox. */
  private async afterOutcome(account: ContactAccountRow, a: AttemptRow): Promise<void> {
    const outcome = await this.outcome(a.outcome_code ?? '', true);
    await this.db.query(
      `update account set last_contact_at = greatest(last_contact_at, $2::timestamptz), next_action_at = case when $3::timestamptz is not null then $3::timestamptz else next_action_at end where id = $1`,
      [account.id, a.started_at, a.next_action_at],
    );
    if (a.phone_id) {
      await this.db.query(`update debtor_phone set last_outcome = $2, last_outcome_at = $3, status = case when $4 then 'wrong_number' else status end where id = $1`, [
        a.phone_id,
        a.outcome_code,
        a.completed_at,
        !!outcome?.wrongNumber,
      ]);
    }
    if (outcome?.placesHold && !a.corrects_id) {
      await new HoldService(this.db).place(this.actor, { accountId: account.id, reason: outcome.placesHold, note: `Contact outcome ${outcome.code}` });
    }
    await emitEvent(this.db, {
      agencyId: account.agency_id,
      clientId: account.client_id,
      type: a.corrects_id ? 'contact.corrected' : 'contact.attempted',
      subjectId: account.id,
      payload: { attemptId: a.id, channel: a.channel, direction: a.direction, party: a.party, outcome: a.outcome_code, connected: a.connected, policyVersion: a.policy_version, correctsId: a.corrects_id },
      actorUserId: this.actor.userId,
    });
  }

  async attemptsOf(accountIds: readonly string[], limit = 100): Promise<Map<string, AttemptRow[]>> {
    const rows: AttemptRow[] = await this.db.query(
      `select ${ATTEMPT_COLUMNS} from (select *, row_number() over (partition by account_id order by started_at desc, id desc) as n from contact_attempt where account_id = any($1::uuid[])) x
        where n <= $2 order by started_at desc, id desc`,
      [accountIds, limit],
    );
    const out = new Map<string, AttemptRow[]>(accountIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.account_id)?.push(r);
    return out;
  }

  async refusalsOf(accountIds: readonly string[], limit = 100): Promise<Map<string, RefusalRow[]>> {
    const rows: RefusalRow[] = await this.db.query(
      `select ${REFUSAL_COLUMNS} from (select *, row_number() over (partition by account_id order by attempted_at desc, id desc) as n from contact_refusal where account_id = any($1::uuid[])) x
        where n <= $2 order by attempted_at desc, id desc`,
      [accountIds, limit],
    );
    const out = new Map<string, RefusalRow[]>(accountIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.account_id)?.push(r);
    return out;
  }

  /** Refusals across the caller's banks, newest first (keyset on time and id), for the compliance view. */
  async refusals(first: number, after: [string, string] | null, clientId?: string): Promise<RefusalRow[]> {
    const params: unknown[] = [first + 1];
    const where: string[] = [];
    if (clientId) {
      params.push(clientId);
      where.push(`client_id = $${params.length}`);
    }
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(attempted_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    return this.db.query(`select ${REFUSAL_COLUMNS} from contact_refusal ${where.length ? `where ${where.join(' and ')}` : ''} order by attempted_at desc, id desc limit $1`, params);
  }

  /** An outcome of the agency's list (active ones for a new record; any, for what a stored attempt means). */
  async outcome(code: string, includeInactive = false): Promise<AgencyOutcome | undefined> {
    const list = await new OutcomeService(this.db).list();
    return list.find((o) => o.code === code && (o.active || includeInactive));
  }
}
