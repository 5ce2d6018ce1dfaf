import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { localDate } from '@arrears/accounts';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// The money domain through the real API, as the application role under RLS: ledger, idempotent and
// concurrent payments, reversals, promises, plans and their approval chain up to the bank's user.

let t: TestGateway;
let bankA: FixtureAccounts;
let bankB: FixtureAccounts;
let tokens: Record<'collector' | 'supervisor' | 'admin' | 'bankA' | 'bankB' | 'rival', string>;
const acc = (id: string) => toGlobalId('Account', id);
const today = localDate('Asia/Shanghai');
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const MONEY = `query($id: ID!) { accountMoney(accountId: $id) { ledgerMatches closeReason
  balance { principal { amount } interest { amount } fees { amount } lateCharges { amount } costs { amount } totalDue { amount } credit { amount } collected { amount } overdueAmount { amount } }
  ledger(first: 100) { edges { node { kind principal total credit } } }
  payments { id bankTxnRef status amount { amount } allocation { principal credit installments } }
  promises { id status paid { amount } }
  plans { id status requiredApprover installments { seq amount { amount } paid { amount } settled } steps { action level reason actor { displayName } } } } }`;
const POST = `mutation($input: PostPaymentInput!) { postPayment(input: $input) {
  __typename ... on PaymentPosted { duplicate payment { id status amount { amount } allocation { principal interest fees lateCharges costs credit installments } } }
  ... on NotEligible { code message } } }`;
const REVERSE = `mutation($id: ID!, $r: String!) { reversePayment(paymentId: $id, reason: $r) { __typename ... on Payment { id status } ... on NotEligible { code } } }`;
const PROPOSE = `mutation($input: ProposePlanInput!) { proposeRepaymentPlan(input: $input) {
  __typename ... on RepaymentPlan { id status requiredApprover routingReason limitsExceeded { level rule limit actual } total { amount } discount { amount } installments { seq amount { amount } dueOn } }
  ... on NotEligible { code message } } }`;
const APPROVE = `mutation($id: ID!) { approveRepaymentPlan(planId: $id, reason: "ok") { __typename ... on RepaymentPlan { id status } ... on NotEligible { code message } } }`;
const PENDING = `{ pendingPlanApprovals(first: 50) { edges { node { id bankRef requiredApprover client { name } } } } }`;
const QUEUE = `{ myQueue(first: 100) { edges { node { id } } } }`;
/** The collector's queue ids at a working-day morning (the queue shows accounts contactable now). */
async function queueIds(): Promise<string[]> {
  const res = await t.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.collector}`, 'x-arrears-test-now': '2026-12-01T03:00:00Z' },
    body: JSON.stringify({ query: QUEUE }),
  });
  const body = (await res.json()) as { data: { myQueue: { edges: { node: { id: string } }[] } } };
  return body.data.myQueue.edges.map((e) => e.node.id);
}

const money = async (id: string, token = tokens.admin) => (await t.gql(MONEY, { id: acc(id) }, token)).data!.accountMoney;
const post = (accountId: string, ref: string, amount: string, extra: Record<string, unknown> = {}, token = tokens.collector) =>
  t.gql(POST, { input: { accountId: acc(accountId), bankTxnRef: ref, amount, paidOn: today, ...extra } }, token);

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'));
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 10, prefix: 'PA' });
  bankB = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankBId, n: 2, prefix: 'PB' });
  await t.ownerQuery(`update account set assigned_collector_id = $1 where id = any($2::uuid[])`, [t.tenants.users.collector, [...bankA.accountIds, ...bankB.accountIds]]);
  // Components the fixture leaves at zero, written as a bank balance file would (the trigger books them).
  await t.ownerQuery(`update account set interest = 100, fees = 20, late_charges = 30, costs = 10 where id = any($1::uuid[])`, [bankA.accountIds]);
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
  await t?.close();
});

describe('ledger', () => {
  it('opens every account with its balance and books foreign balance writes, so the ledger sums to the balance', async () => {
    const m = await money(bankA.accountIds[0]);
    expect(m.ledgerMatches).toBe(true);
    expect(m.ledger.edges.map((e: any) => e.node.kind)).toEqual(['BANK_BALANCE_UPDATE', 'PLACEMENT_OPENING']);
    expect(m.balance.totalDue.amount).toBe('1160.00');
    expect((await t.gql(`{ ledgerMismatches { accountId } }`, {}, tokens.admin)).data!.ledgerMismatches).toEqual([]);
  });

  it('keeps the ledger append-only for the application role', async () => {
    const r = await t.gql(`{ ledgerMismatches { accountId } }`, {}, tokens.collector);
    expect(r.code).toBe('FORBIDDEN');
  });
});

describe('payments', () => {
  it('cures an account whose overdue amount it clears, credits the placement episode that earned it, and a reversal rolls both back', async () => {
    const one = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 1, prefix: 'PCURE' });
    const id = one.accountIds[0];
    await t.ownerQuery(`update account set assigned_collector_id = $1 where id = $2`, [t.tenants.users.collector, id]);
    const state = async () =>
      (await t.ownerQuery(`select a.dpd, a.bucket, e.collected from account a join placement_episode e on e.account_id = a.id and e.placement_id = a.placement_id where a.id = $1`, [id]))[0];
    expect((await state()).bucket).toBe('M1');

    const paid = await post(id, 'TXN-CURE-1', '500.00'); // the whole overdue amount
    expect(paid.data!.postPayment.__typename).toBe('PaymentPosted');
    expect(await state()).toEqual({ dpd: 0, bucket: 'M0', collected: '500.00' });
    const cured = await t.ownerQuery(`select from_bucket, to_bucket, cause from bucket_history where account_id = $1 order by id desc limit 1`, [id]);
    expect(cured[0]).toEqual({ from_bucket: 'M1', to_bucket: 'M0', cause: 'cure' });

    await t.gql(REVERSE, { id: paid.data!.postPayment.payment.id, r: 'bounced' }, tokens.supervisor);
    // Delinquent again, aged as of today (the fixture was last aged weeks ago), with the change recorded.
    const after = await state();
    expect(after.collected).toBe('0.00');
    expect(after.dpd).toBeGreaterThan(0);
    expect(after.bucket).not.toBe('M0');
    const rolled = await t.ownerQuery(`select from_bucket, to_bucket from bucket_history where account_id = $1 order by id desc limit 1`, [id]);
    expect(rolled[0]).toEqual({ from_bucket: 'M0', to_bucket: after.bucket });
  });

  it('allocates costs → fees → late charges → interest → principal, and a second posting changes nothing and says so', async () => {
    const id = bankA.accountIds[1];
    const first = await post(id, 'TXN-ALLOC-1', '200.00');
    expect(first.data!.postPayment).toMatchObject({ __typename: 'PaymentPosted', duplicate: false, payment: { allocation: { costs: '10.00', fees: '20.00', lateCharges: '30.00', interest: '100.00', principal: '40.00', credit: '0.00' } } });
    const again = await post(id, 'TXN-ALLOC-1', '200.00');
    expect(again.data!.postPayment).toMatchObject({ __typename: 'PaymentPosted', duplicate: true });
    expect(again.data!.postPayment.payment.id).toBe(first.data!.postPayment.payment.id);
    const m = await money(id);
    expect(m.balance.totalDue.amount).toBe('1060.00');
    expect(m.balance.collected.amount).toBe('200.00');
    expect(m.payments).toHaveLength(1);
    expect(m.ledgerMatches).toBe(true);
    const events = await t.ownerQuery(`select type, payload->>'placementId' as placement from event_outbox where type = 'payment.posted' and subject_id = $1`, [t.tenants.bankAId && (await t.ownerQuery(`select id from payment where bank_txn_ref = 'TXN-ALLOC-1'`))[0].id]);
    expect(events).toEqual([{ type: 'payment.posted', placement: bankA.placementId }]);
  });

  it('stays exact under 50 concurrent postings to one account with duplicates', async () => {
    const id = bankA.accountIds[9]; // 1900 + 160 owed
    const refs = Array.from({ length: 50 }, (_, i) => `TXN-RACE-${i % 30}`); // 30 distinct, 20 replays
    const results = await Promise.all(refs.map((ref) => post(id, ref, '12.34')));
    for (const r of results) expect(r.errors).toBeUndefined();
    const fresh = results.filter((r) => r.data!.postPayment.duplicate === false);
    expect(fresh).toHaveLength(30);
    const m = await money(id);
    expect(m.balance.collected.amount).toBe('370.20'); // 30 × 12.34
    expect(m.balance.totalDue.amount).toBe('1689.80'); // 2060.00 − 370.20
    expect(m.ledgerMatches).toBe(true);
    const [{ n }] = await t.ownerQuery(`select count(*)::int as n from ledger_entry where account_id = $1 and kind = 'payment'`, [id]);
    expect(n).toBe(30);
  });

  it('turns an overpayment into a credit and closes the account paid in full, out of the queue', async () => {
    const id = bankA.accountIds[2]; // 1200 + 160
    const r = await post(id, 'TXN-OVER-1', '1400.00');
    expect(r.data!.postPayment.payment.allocation).toMatchObject({ principal: '1200.00', credit: '40.00' });
    const m = await money(id);
    expect(m.balance).toMatchObject({ principal: { amount: '0.00' }, totalDue: { amount: '0.00' }, credit: { amount: '40.00' } });
    expect(m.closeReason).toBe('paid_in_full');
    const queue = (await queueIds());
    expect(queue).not.toContain(acc(id));
    expect(await t.ownerQuery(`select type from event_outbox where type = 'account.closed' and subject_id = $1`, [id])).toHaveLength(1);
    expect((await post(id, 'TXN-OVER-2', '1.00')).data!.postPayment).toMatchObject({ __typename: 'NotEligible', code: 'ACCOUNT_CLOSED' });

    // Reversing it reopens the account and takes the credit back.
    const back = await t.gql(REVERSE, { id: r.data!.postPayment.payment.id, r: 'bounced' }, tokens.supervisor);
    expect(back.data!.reversePayment).toMatchObject({ status: 'REVERSED' });
    const after = await money(id);
    expect(after.balance).toMatchObject({ totalDue: { amount: '1360.00' }, credit: { amount: '0.00' }, collected: { amount: '0.00' } });
    expect(after.closeReason).toBeNull();
    expect(after.ledgerMatches).toBe(true);
    expect((await t.gql(REVERSE, { id: r.data!.postPayment.payment.id, r: 'again' }, tokens.supervisor)).data!.reversePayment).toMatchObject({ code: 'ALREADY_REVERSED' });
  });

  it('counts a payment made directly to the bank, credited to the placement the account is in', async () => {
    const r = await post(bankA.accountIds[3], 'BANK-DIRECT-1', '50.00', { channel: 'DIRECT_TO_BANK' });
    expect(r.data!.postPayment.__typename).toBe('PaymentPosted');
    const [row] = await t.ownerQuery(`select channel, placement_id from payment where bank_txn_ref = 'BANK-DIRECT-1'`);
    expect(row).toEqual({ channel: 'direct_to_bank', placement_id: bankA.placementId });
  });

  it('re-applies payments made after the date of a re-placement balance, so nothing is lost or counted twice', async () => {
    const id = bankA.accountIds[4]; // 1400 + 160
    await post(id, 'TXN-REPL-1', '300.00', { paidOn: today });
    const [{ id: newPlacement }] = await t.ownerQuery(`insert into placement (client_id, agency_id, name, placed_on) values ($1, $2, 'again', $3) returning id`, [t.tenants.bankAId, t.tenants.demoAgencyId, addDays(today, -1)]);
    // The bank states the balance as of yesterday (before our payment): principal 1500, nothing else.
    await t.ownerQuery(`update account set placement_id = $2, placed_on = $3, principal = 1500, interest = 0, fees = 0 where id = $1`, [id, newPlacement, addDays(today, -1)]);
    const m = await money(id);
    // 1500 stated + late charges and costs kept (40) − the 300 paid after the statement (10 + 30 + 260 principal, interest and fees already 0).
    expect(m.balance.principal.amount).toBe('1240.00');
    expect(m.balance.totalDue.amount).toBe('1240.00');
    expect(m.ledgerMatches).toBe(true);
  });
});

describe('repayment plans and the approval chain', () => {
  it('previews the schedule and stops the chain at the right person for each amount', async () => {
    const preview = await t.gql(
      `query($input: PlanTermsInputType!) { previewRepaymentPlan(input: $input) { __typename ... on PlanPreview { total { amount } requiredApprover installments { amount { amount } } } } }`,
      { input: { accountId: acc(bankA.accountIds[5]), months: 7, firstDueOn: addDays(today, 1), discount: '100.00' } },
      tokens.collector,
    );
    // 1500 + 160 − 100 = 1560 over 7 months: 222.85 × 6 + 222.90.
    expect(preview.data!.previewRepaymentPlan).toMatchObject({ total: { amount: '1560.00' }, requiredApprover: 'SUPERVISOR' });
    expect(preview.data!.previewRepaymentPlan.installments.at(-1).amount.amount).toBe('222.90');

    const cases: [string, Record<string, unknown>, string][] = [
      ['collector', { months: 6 }, 'COLLECTOR'],
      ['supervisor', { months: 24 }, 'SUPERVISOR'],
      ['agency_admin', { discount: '250.00' }, 'AGENCY_ADMIN'], // 250 / 1860 = 13.45% > supervisor's 10%
      ['bank', { discount: '400.00' }, 'BANK'], // 400 / 1960 = 20.41% > agency admin's 20%
    ];
    for (const [k, terms, level] of cases.map(([k, terms, level], i) => [k, { ...terms, accountId: acc(bankA.accountIds[5 + i]) }, level] as const)) {
      const r = await t.gql(PROPOSE, { input: { months: 6, firstDueOn: addDays(today, 1), agreementRef: 'REC', ...terms } }, tokens.collector);
      expect(r.data!.proposeRepaymentPlan.requiredApprover, k).toBe(level);
      expect(r.data!.proposeRepaymentPlan.status, k).toBe(level === 'COLLECTOR' ? 'ACTIVE' : 'PROPOSED');
      if (level === 'BANK') expect(r.data!.proposeRepaymentPlan.limitsExceeded).toContainEqual({ level: 'AGENCY_ADMIN', rule: 'discount_percent', limit: '20', actual: '20.41' });
      if (level === 'COLLECTOR') expect(r.data!.proposeRepaymentPlan.limitsExceeded).toEqual([]);
    }
    const pendingFor = async (tok: string) => (await t.gql(PENDING, {}, tok)).data!.pendingPlanApprovals.edges.map((e: any) => e.node.requiredApprover).sort();
    expect(await pendingFor(tokens.supervisor)).toEqual(['SUPERVISOR']);
    expect(await pendingFor(tokens.admin)).toEqual(['AGENCY_ADMIN', 'SUPERVISOR']);
    expect(await pendingFor(tokens.bankA)).toEqual(['BANK']);
    expect(await pendingFor(tokens.bankB)).toEqual([]);
    expect(await pendingFor(tokens.rival)).toEqual([]);
  });

  it("sends a discount above the agency's mandate to the bank's user, whose approval holds the account", async () => {
    const id = bankA.accountIds[8];
    const [plan] = (await t.gql(PENDING, {}, tokens.bankA)).data!.pendingPlanApprovals.edges.map((e: any) => e.node);
    expect(plan.bankRef).toBe('PA-9');
    const refused = await t.gql(APPROVE, { id: plan.id }, tokens.admin);
    expect(refused.data!.approveRepaymentPlan).toMatchObject({ __typename: 'NotEligible', code: 'ABOVE_YOUR_LIMIT' });
    expect((await t.gql(APPROVE, { id: plan.id }, tokens.bankB)).code).toBe('NOT_FOUND');
    expect((await t.gql(APPROVE, { id: plan.id }, tokens.rival)).code).toBe('NOT_FOUND');
    expect((await queueIds())).toContain(acc(id));

    const ok = await t.gql(APPROVE, { id: plan.id }, tokens.bankA);
    expect(ok.data!.approveRepaymentPlan).toMatchObject({ status: 'ACTIVE' });
    expect((await queueIds())).not.toContain(acc(id));
    const m = await money(id);
    expect(m.plans[0].steps.map((s: any) => [s.action, s.level])).toEqual([
      ['proposed', 'COLLECTOR'],
      ['approved', 'BANK'],
      ['activated', null],
    ]);
    expect(await t.ownerQuery(`select reason, source_type from account_hold where account_id = $1 and lifted_at is null`, [id])).toEqual([{ reason: 'installment_plan', source_type: 'repayment_plan' }]);
  });

  it('reopens a paid installment when its payment is reversed', async () => {
    const id = bankA.accountIds[5]; // the collector-level plan, active: 6 × 276.66…
    const m0 = await money(id);
    const inst1 = m0.plans[0].installments[0].amount.amount;
    const paid = await post(id, 'TXN-PLAN-1', inst1);
    expect(paid.data!.postPayment.payment.allocation.installments).toEqual([1]);
    expect((await money(id)).plans[0].installments[0].settled).toBe(true);
    await t.gql(REVERSE, { id: paid.data!.postPayment.payment.id, r: 'bounced cheque' }, tokens.supervisor);
    const m = await money(id);
    expect(m.plans[0].installments[0]).toMatchObject({ settled: false, paid: { amount: '0.00' } });
    expect(m.balance.totalDue.amount).toBe(m0.balance.totalDue.amount);
    expect(m.ledgerMatches).toBe(true);
  });

  it('breaks a plan missed past grace: the hold is lifted and the account returns to the queue', async () => {
    const id = bankA.accountIds[5];
    const run = await t.gql(`mutation($d: LocalDate) { evaluateArrangements(asOf: $d) { plansBroken } }`, { d: addDays(today, 40) }, tokens.supervisor);
    expect(run.data!.evaluateArrangements.plansBroken).toBeGreaterThanOrEqual(1);
    const m = await money(id);
    expect(m.plans[0].status).toBe('BROKEN');
    expect((await queueIds())).toContain(acc(id));
    expect(await t.ownerQuery(`select payload->>'reason' as reason from event_outbox where type = 'plan.broken' and subject_id = (select id from repayment_plan where account_id = $1 limit 1)`, [id])).toHaveLength(1);
  });
});

describe('promises to pay', () => {
  it('is kept by a payment within grace, and broken (counted on the account) when grace passes', async () => {
    const take = `mutation($input: TakePromiseInput!) { takePromise(input: $input) { __typename ... on PromisesTaken { promises { id status dueOn } } ... on NotEligible { code } } }`;
    const kept = await t.gql(take, { input: { accountId: acc(bankA.accountIds[0]), promises: [{ amount: '100.00', dueOn: today }] } }, tokens.collector);
    expect(kept.data!.takePromise.promises[0].status).toBe('OPEN');
    await post(bankA.accountIds[0], 'TXN-PTP-1', '100.00');
    expect((await money(bankA.accountIds[0])).promises[0]).toMatchObject({ status: 'KEPT', paid: { amount: '100.00' } });

    const broken = await t.gql(take, { input: { accountId: acc(bankA.accountIds[1]), promises: [{ amount: '80.00', dueOn: today }, { amount: '80.00', dueOn: addDays(today, 30) }] } }, tokens.collector);
    expect(broken.data!.takePromise.promises).toHaveLength(2);
    await t.gql(`mutation($d: LocalDate) { evaluateArrangements(asOf: $d) { promisesChanged } }`, { d: addDays(today, 5) }, tokens.supervisor);
    const m = await money(bankA.accountIds[1]);
    expect(m.promises.map((p: any) => p.status).sort()).toEqual(['BROKEN', 'OPEN']);
    expect((await t.ownerQuery(`select broken_promises, next_promise_due::text as d from account where id = $1`, [bankA.accountIds[1]]))[0]).toEqual({ broken_promises: 1, d: addDays(today, 30) });

    const rates = await t.gql(`query($f: LocalDate!, $t: LocalDate!) { promiseKeptRates(from: $f, to: $t) { client { name } collector { displayName } kept broken keptRate } }`, { f: today, t: addDays(today, 60) }, tokens.bankA);
    expect(rates.data!.promiseKeptRates).toHaveLength(1);
    expect(rates.data!.promiseKeptRates[0]).toMatchObject({ kept: 1, broken: 1, keptRate: '0.5000' });
    expect((await t.gql(`query($f: LocalDate!, $t: LocalDate!) { promiseKeptRates(from: $f, to: $t) { kept } }`, { f: today, t: addDays(today, 60) }, tokens.bankB)).data!.promiseKeptRates).toEqual([]);
    expect((await t.gql(take, { input: { accountId: acc(bankA.accountIds[1]), promises: [{ amount: '1.00', dueOn: addDays(today, -1) }] } }, tokens.collector)).data!.takePromise).toMatchObject({ code: 'DATE_IN_PAST' });
  });
});

describe('collection report', () => {
  it("downloads the bank's day as CSV and XLSX, audited; another bank's report is NOT_FOUND", async () => {
    const url = (client: string, fmt: string) => `/api/clients/${toGlobalId('Client', client)}/collection-report.${fmt}?from=${today}&to=${today}`;
    const get = (path: string, token: string) => t.fetch(path, { headers: { authorization: `Bearer ${token}` } });
    const csv = await get(url(t.tenants.bankAId, 'csv'), tokens.bankA);
    expect(csv.status).toBe(200);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel reads the Chinese right
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\n')[0]).toBe('section,placement,account,reference,status,amount,currency,date,channel,detail');
    expect(text).toMatch(/^payment,PA placement,PA-2,TXN-ALLOC-1,posted,200.00,CNY,/m);
    expect(text).toMatch(/^payment,PA placement,PA-4,BANK-DIRECT-1,posted,50.00,CNY,.*direct_to_bank/m);
    expect(text).toMatch(/^reversal,PA placement,PA-3,TXN-OVER-1,reversed,-1400.00,/m);
    expect(text).toMatch(/^plan,/m);
    expect(text).toMatch(/^promise,/m);
    expect(text).not.toContain('PB-');
    const xlsx = await get(url(t.tenants.bankAId, 'xlsx'), tokens.admin);
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    expect((await get(url(t.tenants.bankAId, 'csv'), tokens.bankB)).status).toBe(404);
    expect((await get(url(t.tenants.bankAId, 'csv'), tokens.rival)).status).toBe(404);
    expect((await get(url(t.tenants.bankAId, 'csv'), tokens.collector)).status).toBe(403);
    const audits = await t.ownerQuery(`select kind, outcome from audit_log where operation = 'collectionReport'`);
    expect(audits).toEqual([
      { kind: 'download', outcome: 'ok' },
      { kind: 'download', outcome: 'ok' },
    ]);
  });
});

describe('payment files', () => {
  const upload = async (token: string, clientId: string, csv: string, fileKind = 'PAYMENTS', name = 'payments.csv') => {
    const form = new FormData();
    form.append('clientId', toGlobalId('Client', clientId));
    form.append('fileKind', fileKind);
    form.append('file', new Blob([csv], { type: 'text/csv' }), name);
    const res = await t.fetch('/api/payment-files/upload', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' }, body: form });
    return { status: res.status, body: (await res.json()) as any };
  };
  const file = ['客户账号,交易流水号,还款金额,还款日期,备注', `PA-7,FILE-1,"1,000.00",${today},file`, `PA-7,FILE-1,1000.00,${today},same again`, `NOPE-1,FILE-2,5,${today},`, `PA-7,FILE-3,abc,${today},`].join('\n');

  it('posts a file once: posted twice it counts once, duplicates and bad rows are reported', async () => {
    expect((await money(bankA.accountIds[6])).balance.collected.amount).toBe('0.00');
    const first = await upload(tokens.supervisor, t.tenants.bankAId, file);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'succeeded', rowsRead: 4, rowsPosted: 1, rowsDuplicate: 1, rowsRejected: 2, totalPosted: '1000.00' });
    const again = await upload(tokens.supervisor, t.tenants.bankAId, file);
    expect(again.body).toMatchObject({ rowsPosted: 0, rowsDuplicate: 2, totalPosted: '0.00' });
    const m = await money(bankA.accountIds[6]);
    expect(m.balance.collected.amount).toBe('1000.00');
    expect(m.ledgerMatches).toBe(true);

    const report = await t.fetch(`/api/payment-imports/${first.body.importId}/rejections.csv`, { headers: { authorization: `Bearer ${tokens.supervisor}` } });
    const csv = Buffer.from(await report.arrayBuffer()).subarray(3).toString('utf8');
    expect(csv).toContain('3,transaction FILE-1 was already posted: not counted again,FILE-1');
    expect(csv).toContain('4,no account of this bank has this reference,NOPE-1');
    expect(csv).toContain('5,amount is not a positive amount with at most 2 decimals,abc');
    const list = await t.gql(`{ paymentImports { fileName rowsPosted rowsDuplicate rejections { rowNumber } } }`, {}, tokens.admin);
    expect(list.data!.paymentImports).toHaveLength(2);
  });

  it('uses the saved column mapping per bank and file kind, and marks a direct-payments file as paid to the bank', async () => {
    const save = await t.gql(
      `mutation($c: ID!, $m: PaymentFileColumnsInput!) { savePaymentFileMapping(clientId: $c, fileKind: DIRECT_PAYMENTS, mapping: $m) { bankRef } }`,
      { c: toGlobalId('Client', t.tenants.bankAId), m: { bankRef: 'Acct', txnRef: 'Ref', amount: 'Amt', paidOn: 'Day' } },
      tokens.supervisor,
    );
    expect(save.errors).toBeUndefined();
    const r = await upload(tokens.supervisor, t.tenants.bankAId, `Acct,Ref,Amt,Day\nPA-7,DIRECT-FILE-1,25,${today}`, 'DIRECT_PAYMENTS');
    expect(r.body).toMatchObject({ rowsPosted: 1 });
    expect(await t.ownerQuery(`select channel from payment where bank_txn_ref = 'DIRECT-FILE-1'`)).toEqual([{ channel: 'direct_to_bank' }]);
    // The same layout as an agency file has no mapping: the file is refused with the reason.
    expect((await upload(tokens.supervisor, t.tenants.bankAId, `Acct,Ref,Amt,Day\nPA-7,X-1,25,${today}`)).body).toMatchObject({ status: 'failed', error: expect.stringContaining('no column') });
  });

  it("refuses another bank's id like a missing one, and collectors", async () => {
    expect((await upload(tokens.rival, t.tenants.bankAId, file)).status).toBe(404);
    expect((await upload(tokens.collector, t.tenants.bankAId, file)).status).toBe(403);
    const [imp] = await t.ownerQuery(`select id from payment_import limit 1`);
    const r = await t.fetch(`/api/payment-imports/${toGlobalId('PaymentImport', imp.id)}/rejections.csv`, { headers: { authorization: `Bearer ${tokens.rival}` } });
    expect(r.status).toBe(404);
    expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: toGlobalId('PaymentImport', imp.id) }, tokens.rival)).data!.node).toBeNull();
    expect((await t.gql(`{ paymentImports { id } }`, {}, tokens.rival)).data!.paymentImports).toEqual([]);
  });
});

describe('isolation', () => {
  it("treats another tenant's account, payment and plan exactly like missing ones, and changes nothing", async () => {
    const before = await t.ownerQuery(`select (select count(*)::int from payment) p, (select count(*)::int from ledger_entry) l, (select count(*)::int from promise_to_pay) pr, (select count(*)::int from repayment_plan) pl`);
    const aAccount = bankA.accountIds[0];
    const [payment] = await t.ownerQuery(`select id from payment where account_id = $1 limit 1`, [aAccount]);
    const [plan] = await t.ownerQuery(`select id from repayment_plan where client_id = $1 limit 1`, [t.tenants.bankAId]);
    for (const tok of [tokens.rival, tokens.bankB]) {
      expect((await t.gql(MONEY, { id: acc(aAccount) }, tok)).data!.accountMoney).toBeNull();
      expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: toGlobalId('RepaymentPlan', plan.id) }, tok)).data!.node).toBeNull();
      expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: toGlobalId('Payment', payment.id) }, tok)).data!.node).toBeNull();
      expect((await t.gql(REVERSE, { id: toGlobalId('Payment', payment.id), r: 'x' }, tokens.rival)).code).toBe('NOT_FOUND');
      expect((await t.gql(`mutation($id: ID!) { rejectRepaymentPlan(planId: $id, reason: "x") { __typename } }`, { id: toGlobalId('RepaymentPlan', plan.id) }, tok)).code).toBe('NOT_FOUND');
    }
    expect((await post(aAccount, 'RIVAL-1', '1.00', {}, tokens.rival)).code).toBe('NOT_FOUND');
    expect((await t.gql(PROPOSE, { input: { accountId: acc(aAccount), months: 3, firstDueOn: addDays(today, 1), agreementRef: 'x' } }, tokens.rival)).code).toBe('NOT_FOUND');
    expect(
      (await t.gql(`mutation($input: TakePromiseInput!) { takePromise(input: $input) { __typename } }`, { input: { accountId: acc(aAccount), promises: [{ amount: '1.00', dueOn: today }] } }, tokens.rival)).code,
    ).toBe('NOT_FOUND');
    expect(
      (await t.gql(`query($input: PlanTermsInputType!) { previewRepaymentPlan(input: $input) { __typename } }`, { input: { accountId: acc(aAccount), months: 3, firstDueOn: addDays(today, 1) } }, tokens.rival)).code,
    ).toBe('NOT_FOUND');
    expect((await t.gql(`{ ledgerMismatches { accountId } }`, {}, tokens.rival)).data!.ledgerMismatches).toEqual([]);
    expect((await t.gql(`mutation($id: ID!) { cancelRepaymentPlan(planId: $id, reason: "x") { __typename } }`, { id: toGlobalId('RepaymentPlan', plan.id) }, tokens.rival)).code).toBe('NOT_FOUND');
    expect((await t.gql(`mutation($id: ID!) { approveRepaymentPlan(planId: $id) { __typename } }`, { id: toGlobalId('RepaymentPlan', plan.id) }, tokens.rival)).code).toBe('NOT_FOUND');
    const bankAClient = toGlobalId('Client', t.tenants.bankAId);
    expect((await t.gql(`mutation($c: ID!) { savePaymentFileMapping(clientId: $c, fileKind: PAYMENTS, mapping: { bankRef: "x" }) { bankRef } }`, { c: bankAClient }, tokens.rival)).code).toBe('NOT_FOUND');
    expect((await t.gql(`query($c: ID!) { paymentFileMapping(clientId: $c, fileKind: DIRECT_PAYMENTS) { bankRef txnRef } }`, { c: bankAClient }, tokens.rival)).data!.paymentFileMapping).toBeNull();
    expect((await t.gql(`query($c: ID!) { paymentFileMapping(clientId: $c, fileKind: DIRECT_PAYMENTS) { bankRef txnRef } }`, { c: bankAClient }, tokens.supervisor)).data!.paymentFileMapping).toMatchObject({ bankRef: 'Acct' });
    expect((await t.gql(`mutation($d: LocalDate) { evaluateArrangements(asOf: $d) { promisesChanged plansBroken } }`, { d: addDays(today, 400) }, tokens.rival)).data!.evaluateArrangements).toEqual({ promisesChanged: 0, plansBroken: 0 });
    expect((await t.gql(`query($f: LocalDate!, $t: LocalDate!) { promiseKeptRates(from: $f, to: $t) { kept } }`, { f: today, t: addDays(today, 60) }, tokens.rival)).data!.promiseKeptRates).toEqual([]);
    // Bank B's own money stays visible to its user.
    expect((await t.gql(MONEY, { id: acc(bankB.accountIds[0]) }, tokens.bankB)).data!.accountMoney.ledgerMatches).toBe(true);
    const after = await t.ownerQuery(`select (select count(*)::int from payment) p, (select count(*)::int from ledger_entry) l, (select count(*)::int from promise_to_pay) pr, (select count(*)::int from repayment_plan) pl`);
    expect(after).toEqual(before);
    expect(before[0].p).toBeGreaterThan(0);
  });
});
