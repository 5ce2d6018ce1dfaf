import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@arrears/db';
import { toGlobalId } from '@arrears/graphql';
import { localDate } from '@arrears/accounts';
import { arrangementsSweep, runArrangements } from '@arrears/payments';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// Money, second part: the daily evaluation of promises and plans as a scheduled job (as role
// 'system', under RLS), recall with reason codes and open items, and credits refunded or applied.

let t: TestGateway;
let worker: DataSource;
let bankA: FixtureAccounts;
let bankB: FixtureAccounts;
let tokens: Record<'collector' | 'supervisor' | 'admin' | 'bankA' | 'bankB' | 'rival', string>;
const acc = (id: string) => toGlobalId('Account', id);
const today = localDate('Asia/Shanghai');
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const noLog = () => undefined;

const TAKE = `mutation($input: TakePromiseInput!) { takePromise(input: $input) { __typename ... on PromisesTaken { promises { id status } } ... on NotEligible { code } } }`;
const PROPOSE = `mutation($input: ProposePlanInput!) { proposeRepaymentPlan(input: $input) { __typename ... on RepaymentPlan { id status } ... on NotEligible { code message } } }`;
const POST = `mutation($input: PostPaymentInput!) { postPayment(input: $input) { __typename ... on PaymentPosted { duplicate payment { id } } ... on NotEligible { code message } } }`;
const MONEY = `query($id: ID!) { accountMoney(accountId: $id) { ledgerMatches
  balance { principal { amount } totalDue { amount } credit { amount } collected { amount } }
  promises { status } plans { id status } } }`;

const money = async (id: string, token = tokens.admin) => (await t.gql(MONEY, { id: acc(id) }, token)).data!.accountMoney;
const takePromise = (id: string, amount: string, dueOn: string) => t.gql(TAKE, { input: { accountId: acc(id), promises: [{ amount, dueOn }] } }, tokens.collector);
const activePlan = async (id: string) => {
  const r = await t.gql(PROPOSE, { input: { accountId: acc(id), months: 3, firstDueOn: addDays(today, 1), agreementRef: 'REC-1' } }, tokens.collector);
  expect(r.data!.proposeRepaymentPlan.status).toBe('ACTIVE');
  return r.data!.proposeRepaymentPlan.id as string;
};
const openHolds = async (id: string) => (await t.ownerQuery(`select source_type, lifted_at from account_hold where account_id = $1 and lifted_at is null`, [id])).length;

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'));
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 12, prefix: 'MA' });
  bankB = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankBId, n: 3, prefix: 'MB' });
  await t.ownerQuery(`update account set assigned_collector_id = $1 where id = any($2::uuid[])`, [t.tenants.users.collector, [...bankA.accountIds, ...bankB.accountIds]]);
  worker = createDataSource({ url: t.db.workerUrl, poolSize: 2 });
  await worker.initialize();
  tokens = await t.loginEach({
    collector: 'collector@demo-agency.test',
    supervisor: 'supervisor@demo-agency.test',
    admin: 'admin@demo-agency.test',
    bankA: 'bank-a@demo-bank-a.test',
    bankB: 'bank-b@demo-bank-b.test',
    rival: 'admin@rival-recovery.test',
  });
});

afterAll(async () => {
  await worker?.destroy();
  await t?.close();
});

describe('scheduled evaluation of promises and plans', () => {
  it('breaks due promises and overdue plans once per bank day as the system role, and lifts the plan hold', async () => {
    const promised = bankA.accountIds[0];
    const planned = bankA.accountIds[1];
    const otherBank = bankB.accountIds[0];
    expect((await takePromise(promised, '50.00', today)).data!.takePromise.__typename).toBe('PromisesTaken');
    expect((await takePromise(otherBank, '50.00', addDays(today, 60))).data!.takePromise.__typename).toBe('PromisesTaken');
    const planId = await activePlan(planned);
    expect(await openHolds(planned)).toBe(1);

    const later = new Date(Date.parse(`${addDays(today, 40)}T02:00:00Z`));
    const runs = await arrangementsSweep(worker, noLog, later);
    const a = runs.find((r) => r.clientId === t.tenants.bankAId)!;
    expect(a).toMatchObject({ runOn: addDays(today, 40), promisesChanged: 1, plansBroken: 1 });

    expect((await money(promised)).promises.map((p: any) => p.status)).toEqual(['BROKEN']);
    expect((await t.ownerQuery(`select broken_promises from account where id = $1`, [promised]))[0].broken_promises).toBe(1);
    expect((await money(planned)).plans[0]).toEqual({ id: planId, status: 'BROKEN' });
    expect(await openHolds(planned)).toBe(0);
    const [step] = await t.ownerQuery(`select action, actor_id from plan_step where plan_id = (select id from repayment_plan where account_id = $1) and action = 'broken'`, [planned]);
    expect(step).toEqual({ action: 'broken', actor_id: null });
    // Bank B's promise is not yet due: still open.
    expect((await money(otherBank)).promises.map((p: any) => p.status)).toEqual(['OPEN']);
    expect(await t.ownerQuery(`select type from event_outbox where type in ('promise.broken', 'plan.broken') and actor_user_id is null and client_id = $1 order by type`, [t.tenants.bankAId])).toEqual([
      { type: 'plan.broken' },
      { type: 'promise.broken' },
    ]);

    // The same bank day again: nothing happens, nothing is counted twice.
    expect(await runArrangements(worker, t.tenants.bankAId, later)).toBeNull();
    expect((await arrangementsSweep(worker, noLog, later)).find((r) => r.clientId === t.tenants.bankAId)).toBeUndefined();
    expect((await t.ownerQuery(`select broken_promises from account where id = $1`, [promised]))[0].broken_promises).toBe(1);
    expect(await t.ownerQuery(`select promises_changed, plans_broken from arrangement_run where client_id = $1 and run_on = $2`, [t.tenants.bankAId, addDays(today, 40)])).toEqual([
      { promises_changed: 1, plans_broken: 1 },
    ]);
    // The next bank day runs again, with nothing left to break.
    expect(await runArrangements(worker, t.tenants.bankAId, new Date(later.getTime() + 86_400_000))).toMatchObject({ promisesChanged: 0, plansBroken: 0 });
  });
});

const RECALL = `mutation($input: RecallInput!) { recallAccounts(input: $input) { recalled needsConfirmation blockedByLegalCase recallIds
  openItems { accountId kind itemId status amount dueOn } } }`;

describe('recall with a reason code, an effective date and open items', () => {
  it('warns about an open plan and promise, changes nothing until confirmed, then records and closes them', async () => {
    const [promised, planned] = [bankA.accountIds[2], bankA.accountIds[3]];
    await takePromise(promised, '70.00', addDays(today, 3));
    const planId = await activePlan(planned);
    const input = { accountIds: [acc(promised), acc(planned)], reasonCode: 'DISPUTE', effectiveOn: addDays(today, -1), reason: 'debtor disputes the card fees' };

    const warned = (await t.gql(RECALL, { input }, tokens.bankA)).data!.recallAccounts;
    expect(warned).toMatchObject({ recalled: 0, needsConfirmation: true, recallIds: [] });
    expect(warned.openItems.map((i: any) => [i.accountId, i.kind, i.status]).sort()).toEqual(
      [
        [acc(planned), 'PLAN', 'ACTIVE'],
        [acc(promised), 'PROMISE', 'OPEN'],
      ].sort(),
    );
    expect(warned.openItems.find((i: any) => i.kind === 'PLAN').itemId).toBe(planId);
    expect(await t.ownerQuery(`select status from account where id = any($1::uuid[])`, [[promised, planned]])).toEqual([{ status: 'active' }, { status: 'active' }]);

    const doneRes = await t.gql(RECALL, { input: { ...input, confirmOpenItems: true } }, tokens.bankA);
    const done = doneRes.data!.recallAccounts;
    expect(done).toMatchObject({ recalled: 2, needsConfirmation: false, blockedByLegalCase: 0 });
    expect(done.recallIds).toHaveLength(1);
    const accounts = await t.ownerQuery(`select status, recall_reason_code, recall_effective_on::text as eff, recall_reason from account where id = any($1::uuid[]) order by bank_ref`, [[promised, planned]]);
    expect(accounts).toEqual([
      { status: 'recalled', recall_reason_code: 'dispute', eff: addDays(today, -1), recall_reason: 'debtor disputes the card fees' },
      { status: 'recalled', recall_reason_code: 'dispute', eff: addDays(today, -1), recall_reason: 'debtor disputes the card fees' },
    ]);
    const history = await t.ownerQuery(`select account_id, rule, jsonb_array_length(open_items) as n, open_items->0->>'kind' as kind from assignment_history where recall_id is not null and account_id = any($1::uuid[]) order by account_id`, [[promised, planned]]);
    expect(history.map((h) => [h.account_id, h.rule, h.n, h.kind]).sort()).toEqual(
      [
        [promised, 'recall', 1, 'promise'],
        [planned, 'recall', 1, 'plan'],
      ].sort(),
    );
    expect((await money(planned)).plans[0]).toEqual({ id: planId, status: 'CANCELLED' });
    expect(await openHolds(planned)).toBe(0);
    expect((await money(promised)).promises.map((p: any) => p.status)).toEqual(['WITHDRAWN']);
    const events = await t.ownerQuery(`select subject_id, payload->>'reasonCode' as code, payload->>'effectiveOn' as eff, jsonb_array_length(payload->'openItems') as n from event_outbox where type = 'account.recalled' and subject_id = any($1::uuid[])`, [[promised, planned]]);
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.code === 'dispute' && e.eff === addDays(today, -1) && e.n === 1)).toBe(true);
    expect(await t.ownerQuery(`select reason_code, accounts, open_items from account_recall where client_id = $1`, [t.tenants.bankAId])).toEqual([{ reason_code: 'dispute', accounts: 2, open_items: 2 }]);

    // The return file (退案清单) of this recall: what came back and why.
    const get = (id: string, token: string, q = '') => t.fetch(`/api/recalls/${id}/return-file${q}`, { headers: { authorization: `Bearer ${token}` } });
    const csv = await get(done.recallIds[0], tokens.bankA, '?lang=en');
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('Bank reference,Name,Card last four,Currency,Placed amount,Balance,Collected,Status,Returned on,Reason');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^MA-3,.*,Recalled by the bank,${addDays(today, -1)},Dispute: debtor disputes the card fees$`));
    expect(lines[2]).toMatch(/^MA-4,/);
    const zh = await (await get(done.recallIds[0], tokens.supervisor)).text();
    expect(zh).toContain('争议: debtor disputes the card fees');
    const xlsx = await get(done.recallIds[0], tokens.bankA, '?format=xlsx');
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    // The XLSX writer ends the response as it finishes; the audit row commits with the request right after.
    await expect.poll(async () => (await t.ownerQuery(`select operation from audit_log where operation = 'recallReturnFile'`)).length).toBe(3);
    // Another bank's user and another agency: like a recall that does not exist.
    for (const tok of [tokens.bankB, tokens.rival]) expect((await get(done.recallIds[0], tok)).status).toBe(404);
  });

  it('refuses a future effective date and an unexplained OTHER, and leaves an account in a legal case', async () => {
    const id = bankA.accountIds[4];
    const future = await t.gql(RECALL, { input: { accountIds: [acc(id)], reasonCode: 'BANK_REQUEST', effectiveOn: addDays(today, 2) } }, tokens.bankA);
    expect(future.code).toBe('BAD_USER_INPUT');
    const other = await t.gql(RECALL, { input: { accountIds: [acc(id)], reasonCode: 'OTHER' } }, tokens.bankA);
    expect(other.code).toBe('BAD_USER_INPUT');
    expect((await t.ownerQuery(`select status from account where id = $1`, [id]))[0].status).toBe('active');

    await t.ownerQuery(
      `insert into account_hold (client_id, agency_id, account_id, reason, placed_by) select client_id, agency_id, id, 'legal_case', $2 from account where id = $1`,
      [id, t.tenants.users.supervisor],
    );
    const legal = (await t.gql(RECALL, { input: { accountIds: [acc(id), acc(bankA.accountIds[5])], reasonCode: 'DECEASED' } }, tokens.bankA)).data!.recallAccounts;
    expect(legal).toMatchObject({ recalled: 1, blockedByLegalCase: 1, needsConfirmation: false });
    expect((await t.ownerQuery(`select status from account where id = $1`, [id]))[0].status).toBe('active');
    // Default effective date: the bank's today.
    expect((await t.ownerQuery(`select recall_effective_on::text as d from account where id = $1`, [bankA.accountIds[5]]))[0].d).toBe(today);
  });

  it("treats another tenant's accounts like missing ones: nothing recalled, no open items shown", async () => {
    const id = bankA.accountIds[6];
    await takePromise(id, '20.00', addDays(today, 3));
    const before = await t.ownerQuery(`select (select count(*)::int from account_recall) r, (select count(*)::int from assignment_history) h`);
    for (const tok of [tokens.bankB, tokens.rival]) {
      const r = (await t.gql(RECALL, { input: { accountIds: [acc(id)], reasonCode: 'BANK_REQUEST', confirmOpenItems: true } }, tok)).data!.recallAccounts;
      expect(r).toEqual({ recalled: 0, needsConfirmation: false, blockedByLegalCase: 0, recallIds: [], openItems: [] });
    }
    expect(await t.ownerQuery(`select (select count(*)::int from account_recall) r, (select count(*)::int from assignment_history) h`)).toEqual(before);
    expect((await t.ownerQuery(`select status from account where id = $1`, [id]))[0].status).toBe('active');
  });
});

const REFUND = `mutation($input: RefundCreditInput!) { refundCredit(input: $input) { __typename ... on CreditRefunded { duplicate refund { amount reference } } ... on NotEligible { code } } }`;
const APPLY = `mutation($input: ApplyCreditInput!) { applyCredit(input: $input) { __typename ... on CreditTransfer { amount fromAccountId toAccountId } ... on NotEligible { code } } }`;
const CREDITS = `query($id: ID!) { accountMoney(accountId: $id) { ledgerMatches balance { credit { amount } totalDue { amount } collected { amount } }
  refunds { reference amount } creditTransfers { amount } creditTargets { accountId bankRef } ledger(first: 5) { edges { node { kind credit total } } } } }`;

describe('credits: refunded or applied to the same debtor at the same bank', () => {
  it('refunds with a reference once, applies to a sibling account, and keeps the ledger equal to the balances', async () => {
    const [source, sibling, stranger] = [bankA.accountIds[7], bankA.accountIds[8], bankA.accountIds[9]];
    // The sibling account belongs to the same debtor as the source.
    await t.ownerQuery(`update account set debtor_id = (select debtor_id from account where id = $1) where id = $2`, [source, sibling]);
    const due = (await money(source)).balance.totalDue.amount;
    const over = (Number(due) + 300).toFixed(2); // test arithmetic only; the API is exact
    expect((await t.gql(POST, { input: { accountId: acc(source), bankTxnRef: 'OVER-CR-1', amount: over, paidOn: today } }, tokens.collector)).data!.postPayment.__typename).toBe('PaymentPosted');
    let m = (await t.gql(CREDITS, { id: acc(source) }, tokens.admin)).data!.accountMoney;
    expect(m.balance.credit.amount).toBe('300.00');
    expect(m.creditTargets).toEqual([{ accountId: acc(sibling), bankRef: 'MA-9' }]);

    const refund = { accountId: acc(source), amount: '100.00', reference: 'REFUND-TX-1' };
    expect((await t.gql(REFUND, { input: refund }, tokens.collector)).code).toBe('FORBIDDEN');
    expect((await t.gql(REFUND, { input: refund }, tokens.supervisor)).data!.refundCredit).toMatchObject({ duplicate: false, refund: { amount: '100.00', reference: 'REFUND-TX-1' } });
    expect((await t.gql(REFUND, { input: refund }, tokens.supervisor)).data!.refundCredit).toMatchObject({ duplicate: true });
    expect((await t.gql(REFUND, { input: { ...refund, amount: '500.00', reference: 'REFUND-TX-2' } }, tokens.supervisor)).data!.refundCredit).toEqual({ __typename: 'NotEligible', code: 'CREDIT_TOO_SMALL' });
    m = (await t.gql(CREDITS, { id: acc(source) }, tokens.admin)).data!.accountMoney;
    expect(m.balance.credit.amount).toBe('200.00');
    expect(m.ledgerMatches).toBe(true);
    expect(m.refunds).toEqual([{ reference: 'REFUND-TX-1', amount: '100.00' }]);
    expect(m.ledger.edges[0].node).toEqual({ kind: 'REFUND', credit: '-100.00', total: '0.00' });

    const siblingDue = (await money(sibling)).balance.totalDue.amount;
    const applied = (await t.gql(APPLY, { input: { fromAccountId: acc(source), toAccountId: acc(sibling), amount: '150.00' } }, tokens.admin)).data!.applyCredit;
    expect(applied).toEqual({ __typename: 'CreditTransfer', amount: '150.00', fromAccountId: acc(source), toAccountId: acc(sibling) });
    const [s, sib] = [(await t.gql(CREDITS, { id: acc(source) }, tokens.admin)).data!.accountMoney, (await t.gql(CREDITS, { id: acc(sibling) }, tokens.admin)).data!.accountMoney];
    expect(s.balance.credit.amount).toBe('50.00');
    expect(Number(siblingDue) - Number(sib.balance.totalDue.amount)).toBeCloseTo(150, 2);
    expect(sib.ledger.edges[0].node).toMatchObject({ kind: 'CREDIT_TRANSFER', total: '-150.00' });
    expect([s.ledgerMatches, sib.ledgerMatches]).toEqual([true, true]);
    expect((await t.gql(`{ ledgerMismatches { accountId } }`, {}, tokens.admin)).data!.ledgerMismatches).toEqual([]);
    expect(await t.ownerQuery(`select type from event_outbox where type in ('credit.refunded', 'credit.applied') order by type`)).toEqual([{ type: 'credit.applied' }, { type: 'credit.refunded' }]);

    // Not the same debtor; not more than the credit; another bank's account is a missing id.
    expect((await t.gql(APPLY, { input: { fromAccountId: acc(source), toAccountId: acc(stranger), amount: '10.00' } }, tokens.admin)).data!.applyCredit.code).toBe('NOT_SAME_DEBTOR');
    expect((await t.gql(APPLY, { input: { fromAccountId: acc(source), toAccountId: acc(sibling), amount: '60.00' } }, tokens.admin)).data!.applyCredit.code).toBe('CREDIT_TOO_SMALL');
    const ledgerBefore = await t.ownerQuery(`select count(*)::int as n from ledger_entry`);
    expect((await t.gql(APPLY, { input: { fromAccountId: acc(source), toAccountId: acc(bankB.accountIds[1]), amount: '10.00' } }, tokens.admin)).code).toBe('NOT_FOUND');
    // Another agency, and a bank user (not allowed at all): nothing is refunded or applied, nothing is shown.
    expect((await t.gql(REFUND, { input: { ...refund, reference: 'RIVAL-REF' } }, tokens.rival)).code).toBe('NOT_FOUND');
    expect((await t.gql(APPLY, { input: { fromAccountId: acc(source), toAccountId: acc(sibling), amount: '10.00' } }, tokens.rival)).code).toBe('NOT_FOUND');
    expect((await t.gql(REFUND, { input: { ...refund, reference: 'BANK-REF' } }, tokens.bankB)).code).toBe('FORBIDDEN');
    expect((await t.gql(CREDITS, { id: acc(source) }, tokens.rival)).data!.accountMoney).toBeNull();
    expect((await t.gql(CREDITS, { id: acc(source) }, tokens.bankB)).data!.accountMoney).toBeNull();
    expect(await t.ownerQuery(`select count(*)::int as n from ledger_entry`)).toEqual(ledgerBefore);
    expect(await t.ownerQuery(`select reference from credit_refund`)).toEqual([{ reference: 'REFUND-TX-1' }]);
  });
});
