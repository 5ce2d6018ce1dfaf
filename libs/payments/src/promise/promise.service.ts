import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { emitEvent } from '@arrears/events';
import { PolicyService } from '@arrears/platform';
import type { Principal } from '@arrears/tenancy';
import { evaluatePromises, type PromiseStatus } from '../rules/promise-evaluation.js';
import { PROMISE_RULES } from '../rules/policies.js';
import { enterPaymentsWritePath } from '../write-path.js';

export interface PromiseRow {
  id: string;
  client_id: string;
  agency_id: string;
  account_id: string;
  series_id: string;
  seq: number;
  amount: string;
  currency: string;
  due_on: string;
  status: PromiseStatus;
  paid: string;
  grace_days: number;
  policy_version: number;
  taken_by: string;
  taken_at: Date;
  evaluated_at: Date | null;
}

const PROMISE_COLUMNS = `id, client_id, agency_id, account_id, series_id, seq, amount, currency, due_on::text, status, paid, grace_days, policy_version,
  taken_by, taken_at, evaluated_at`;

export const MAX_PROMISE_SERIES = 6;

export class PromiseRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface KeptRateRow {
  client_id: string;
  taken_by: string;
  promises: number;
  kept: number;
  partial: number;
  broken: number;
  open: number;
}

/**
 * Promises to pay: taken by a collector (one date, or a short series), evaluated from the payments
 * made since to kept, partial or broken once the grace days of the client's policy have passed.
 */
export class PromiseService {
  constructor(private readonly db: EntityManager) {}

  async take(actor: Principal, accountId: string, items: { amount: Decimal; dueOn: string }[], today: string): Promise<PromiseRow[] | null> {
    if (!items.length || items.length > MAX_PROMISE_SERIES) throw new PromiseRefusal('BAD_SERIES', `A promise has 1 to ${MAX_PROMISE_SERIES} dates`);
    for (const i of items) {
      if (i.amount.lte(0) || i.amount.decimalPlaces() > 2) throw new PromiseRefusal('BAD_AMOUNT', 'A promised amount is positive, in cents');
      if (i.dueOn < today) throw new PromiseRefusal('DATE_IN_PAST', 'A promise is for today or later');
    }
    const [account] = await this.db.query(`select id, client_id, agency_id, currency, status from account where id = $1 for update`, [accountId]);
    if (!account) return null;
    if (account.status !== 'active') throw new PromiseRefusal('ACCOUNT_NOT_ACTIVE', `The account is ${account.status}`);
    const rules = await new PolicyService(this.db).current(PROMISE_RULES, account.client_id);
    const sorted = [...items].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
    const rows: PromiseRow[] = await this.db.query(
      `insert into promise_to_pay (client_id, agency_id, account_id, series_id, seq, amount, currency, due_on, grace_days, policy_version, taken_by)
       select $1, $2, $3, $11::uuid, s, a, $4, d, $5, $6, $7 from unnest($8::int[], $9::numeric[], $10::date[]) u(s, a, d)
       returning ${PROMISE_COLUMNS}`,
      [account.client_id, account.agency_id, account.id, account.currency, rules.body.promiseGraceDays, rules.version, actor.userId, sorted.map((_, k) => k + 1), sorted.map((i) => i.amount.toFixed(2)), sorted.map((i) => i.dueOn), randomUUID()],
    );
    await this.refreshAccount(account.id);
    await emitEvent(this.db, {
      agencyId: account.agency_id,
      clientId: account.client_id,
      type: 'promise.made',
      subjectId: rows[0].series_id,
      actorUserId: actor.userId,
      payload: { accountId: account.id, promises: rows.map((r) => ({ id: r.id, amount: r.amount, dueOn: r.due_on })) },
    });
    return rows.sort((a, b) => a.seq - b.seq);
  }

  async forAccount(accountId: string): Promise<PromiseRow[]> {
    return this.db.query(`select ${PROMISE_COLUMNS} from promise_to_pay where account_id = $1 order by taken_at desc, seq limit 100`, [accountId]);
  }

  /**
   * Evaluates every open promise of the accounts as of `asOf`. Payments count from the day the promise
   * was taken; reversed payments, and payments posted before the promise was taken, do not count. Newly broken promises put the account back in front of
   * its collector (broken_promises raises its priority) with the reason in the event.
   */
  async evaluateAccounts(actor: Principal | null, accountIds: readonly string[], asOf: string): Promise<PromiseRow[]> {
    if (!accountIds.length) return [];
    const open: PromiseRow[] = await this.db.query(`select ${PROMISE_COLUMNS} from promise_to_pay where account_id = any($1::uuid[]) and status = 'open' order by account_id, series_id, seq for update`, [accountIds]);
    const changed: PromiseRow[] = [];
    const bySeries = new Map<string, PromiseRow[]>();
    for (const p of open) bySeries.set(p.series_id, [...(bySeries.get(p.series_id) ?? []), p]);
    for (const series of bySeries.values()) {
      const first = series[0];
      const payments: { amount: string; paid_on: string }[] = await this.db.query(
        `select amount, paid_on::text from payment where client_id = $1 and account_id = $2 and status = 'posted' and posted_at >= $3
            and paid_on >= ($3::timestamptz at time zone 'Asia/Shanghai')::date`,
        [first.client_id, first.account_id, first.taken_at],
      );
      // Promises of the series already judged keep what they consumed: evaluate the whole series again.
      const all: PromiseRow[] = await this.db.query(`select ${PROMISE_COLUMNS} from promise_to_pay where client_id = $1 and series_id = $2 order by seq`, [first.client_id, first.series_id]);
      const outcomes = evaluatePromises(
        all.map((p) => ({ id: p.id, amount: new Decimal(p.amount), dueOn: p.due_on })),
        payments.map((p) => ({ amount: new Decimal(p.amount), paidOn: p.paid_on })),
        asOf,
        first.grace_days,
      );
      for (const o of outcomes) {
        const before = series.find((p) => p.id === o.id);
        if (!before) continue;
        if (o.status === before.status && o.paid.eq(before.paid)) continue;
        const [[row]]: [PromiseRow[], number] = await this.db.query(
          `update promise_to_pay set status = $3, paid = $4, evaluated_at = now() where client_id = $1 and id = $2 returning ${PROMISE_COLUMNS}`,
          [before.client_id, before.id, o.status, o.paid.toFixed(2)],
        );
        if (o.status === before.status) continue;
        changed.push(row);
        if (o.status === 'broken' || o.status === 'partial') {
          await enterPaymentsWritePath(this.db);
          await this.db.query(`update account set broken_promises = broken_promises + 1 where id = $1`, [row.account_id]);
        }
        await emitEvent(this.db, {
          agencyId: row.agency_id,
          clientId: row.client_id,
          type: o.status === 'kept' ? 'promise.kept' : 'promise.broken',
          subjectId: row.id,
          actorUserId: actor?.userId ?? null,
          payload: { accountId: row.account_id, amount: row.amount, paid: row.paid, dueOn: row.due_on, status: o.status, ...(o.status === 'kept' ? {} : { reason: `promise of ${row.amount} due ${row.due_on} ${o.status === 'partial' ? `only ${row.paid} paid` : 'not paid'} after ${row.grace_days} days' grace` }) },
        });
      }
    }
    for (const id of new Set(open.map((p) => p.account_id))) await this.refreshAccount(id);
    return changed;
  }

  /** Promise-kept rate per collector of the caller's banks, for promises due in [from, to]. */
  async keptRates(from: string, to: string, clientId: string | null): Promise<KeptRateRow[]> {
    return this.db.query(
      `select client_id, taken_by, count(*)::int as promises, count(*) filter (where status = 'kept')::int as kept,
              count(*) filter (where status = 'partial')::int as partial, count(*) filter (where status = 'broken')::int as broken,
              count(*) filter (where status = 'open')::int as open
         from promise_to_pay where due_on between $1::date and $2::date and ($3::uuid is null or client_id = $3::uuid)
        group by client_id, taken_by order by client_id, taken_by limit 1000`,
      [from, to, clientId],
    );
  }

  /** The next open promise date drives the queue's "promise due" priority. */
  private async refreshAccount(accountId: string): Promise<void> {
    await enterPaymentsWritePath(this.db);
    await this.db.query(`update account a set next_promise_due = (select min(due_on) from promise_to_pay p where p.client_id = a.client_id and p.account_id = a.id and p.status = 'open') where a.id = $1`, [accountId]);
  }
}

/**
 * For the job runner: evaluates every open promise due on or before `asOf` (grace included by the
 * rules) in the caller's transaction and tenant context. Returns the promises whose status changed.
 */
export async function evaluateDuePromises(manager: EntityManager, asOf: string, actor: Principal | null = null): Promise<PromiseRow[]> {
  const ids: { account_id: string }[] = await manager.query(`select distinct account_id from promise_to_pay where status = 'open' and due_on <= $1::date`, [asOf]);
  return new PromiseService(manager).evaluateAccounts(
    actor,
    ids.map((r) => r.account_id),
    asOf,
  );
}
