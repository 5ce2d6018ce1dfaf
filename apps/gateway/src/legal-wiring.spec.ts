import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDate } from '@arrears/accounts';
import { toGlobalId } from '@arrears/graphql';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// Legal on top of the other domains: the case file reads the ledger, contact attempts, promises and
// plans, and complaints; a confirmed recovery is a payment; a legal cost is a ledger entry.

let t: TestGateway;
let dataDir: string;
let bankB: FixtureAccounts;
let tok: Record<string, string>;
let caseId: string;
let accountId: string;
const today = localDate('Asia/Shanghai');
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const shanghaiDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const acc = (id: string) => toGlobalId('Account', id);
const pdfBytes = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

const CANDIDATES = `query($c: ID!) { legalCandidates(clientId: $c, first: 20) {
  edges { node { accountId bankRef eligible checks { code passed message } limitation { startsOn expiresOn timeBarred } } } } }`;
const REFER = `mutation($input: ReferToLawFirmInput!) { referToLawFirm(input: $input) { __typename
  ... on ReferralResult { cases { id status caseFile { manifestSha256 } } refused { accountId code message } } ... on NotEligible { code message } } }`;
const CASE = `query($id: ID!) { legalCase(id: $id) { id status caseFile { manifest snapshot } documents { kind downloadPath }
  costs { id amount { amount } postedAt } recoveries { id status } } }`;
const MOVE = `mutation($input: MoveLegalCaseInput!) { moveLegalCase(input: $input) { __typename ... on LegalCase { status } ... on NotEligible { code } } }`;
const POST_COST = `mutation($id: ID!) { postLegalCost(costId: $id) { __typename ... on LegalCost { postedAt amount { amount } } ... on NotEligible { code message } } }`;
const DECIDE = `mutation($id: ID!) { decideLegalRecovery(recoveryId: $id, confirm: true) { __typename ... on LegalRecovery { status } ... on NotEligible { code message } } }`;

const candidate = async (bankRef: string) =>
  (await t.gql(CANDIDATES, { c: toGlobalId('Client', t.tenants.bankBId) }, tok.supervisor)).data!.legalCandidates.edges.map((e: any) => e.node).find((n: any) => n.bankRef === bankRef);
const check = (node: any, code: string) => node.checks.find((c: any) => c.code === code);
const balances = async (id: string) =>
  (await t.ownerQuery(`select costs::text, total_due::text, collected::text, last_payment_date::text from account where id = $1`, [id]))[0];
/** Every balance column minus the ledger's sum for the account: all zero when the ledger equals the balances. */
const ledgerGap = async (id: string) =>
  (
    await t.ownerQuery(
      `select (a.principal - coalesce(sum(e.principal), 0))::text as principal, (a.costs - coalesce(sum(e.costs), 0))::text as costs,
              (a.interest + a.fees + a.late_charges - coalesce(sum(e.interest + e.fees + e.late_charges), 0))::text as other
         from account a left join ledger_entry e on e.client_id = a.client_id and e.account_id = a.id where a.id = $1 group by a.client_id, a.id`,
      [id],
    )
  )[0];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-legal-wiring-'));
  t = await startTestGateway(inject('pgAdminUrl'), { env: { DATA_DIR: dataDir } });
  bankB = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankBId, n: 10, prefix: 'WB' });
  // Accounts 8–10: 220+ days past due, balances above the threshold. The 8th defaulted four years ago.
  await t.ownerQuery(`update account set principal = 12000, interest = 800.50, fees = 120, overdue_amount = 9000, charge_off_date = delinquent_since + 180 where id = any($1::uuid[])`, [
    bankB.accountIds.slice(7),
  ]);
  await t.ownerQuery(`update account set delinquent_since = $2::date - interval '4 years', charge_off_date = null where id = $1`, [bankB.accountIds[7], today]);
  accountId = bankB.accountIds[9];
  // The 10th was placed long ago, so its payments of four months back fall inside the placement.
  await t.ownerQuery(`update account set placed_on = $2, charge_off_date = $3 where id = $1`, [accountId, addDays(today, -300), addDays(today, -100)]);
  await t.ownerQuery(`update ledger_entry set effective_on = $2 where account_id = $1 and kind = 'placement_opening'`, [accountId, addDays(today, -300)]);
  tok = await t.loginEach({
    admin: 'admin@demo-agency.test',
    supervisor: 'supervisor@demo-agency.test',
    bankA: 'bank-a@demo-bank-a.test',
    bankB: 'bank-b@demo-bank-b.test',
    lawyer: 'lawyer@demo-lawfirm.test',
    rival: 'admin@rival-recovery.test',
  });
  await t.gql(`mutation($c: ID!) { setLegalPlaintiff(clientId: $c, input: { legalName: "演示乙银行股份有限公司" }) { legalName } }`, { c: toGlobalId('Client', t.tenants.bankBId) }, tok.bankB);
  for (const kind of ['card_agreement', 'application']) {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', new Blob([new Uint8Array(pdfBytes(kind))]), `${kind}.pdf`);
    const res = await t.fetch(`/api/legal/accounts/${acc(accountId)}/documents`, { method: 'POST', headers: { authorization: `Bearer ${tok.bankB}` }, body: form });
    expect(res.status).toBe(201);
  }
});

afterAll(async () => {
  await t?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('eligibility from the other domains', () => {
  it('restarts the limitation period on a debt acknowledgement recorded as a contact outcome', async () => {
    const old = bankB.accountIds[7];
    expect((await candidate('WB-8')).limitation.timeBarred).toBe(true);
    const [a] = await t.ownerQuery(`select client_id, agency_id, debtor_id from account where id = $1`, [old]);
    const [u] = await t.ownerQuery(`select id from app_user where email = 'collector@demo-agency.test'`);
    await t.ownerQuery(
      `insert into contact_attempt (client_id, agency_id, account_id, debtor_id, channel, direction, party, status, outcome_code, connected, right_party_verified, policy_version, made_by, started_at, completed_at)
       values ($1, $2, $3, $4, 'call', 'outbound', 'debtor', 'completed', 'debt_acknowledged', true, true, 1, $5, $6::date + time '10:00' at time zone 'Asia/Shanghai', $6::date + time '10:05' at time zone 'Asia/Shanghai')`,
      [a.client_id, a.agency_id, old, a.debtor_id, u.id, addDays(today, -10)],
    );
    const after = await candidate('WB-8');
    expect(after.limitation).toMatchObject({ startsOn: addDays(today, -10), timeBarred: false });
    expect(check(after, 'NOT_TIME_BARRED').message).toContain('(acknowledgement)');
  });

  it('reads open complaints, recent payments and plans in force from their own records, not only from holds', async () => {
    const raised = await t.gql(
      `mutation($input: RaiseComplaintInput!) { raiseComplaint(input: $input) { __typename ... on Complaint { id reference } ... on NotEligible { code message } } }`,
      { input: { accountId: acc(bankB.accountIds[8]), source: 'DEBTOR', category: 'wrong_amount', severity: 'MEDIUM', words: '金额不对' } },
      tok.supervisor,
    );
    expect(raised.data!.raiseComplaint.__typename).toBe('Complaint');
    // Lift the complaint's hold behind its back: the open complaint itself still fails the rule.
    await t.ownerQuery(`update account_hold set lifted_at = now(), lifted_by = placed_by where account_id = $1 and reason = 'complaint'`, [bankB.accountIds[8]]);
    expect(check(await candidate('WB-9'), 'NO_OPEN_COMPLAINT')).toMatchObject({ passed: false });
    const withdrawn = await t.gql(`mutation($id: ID!) { withdrawComplaint(id: $id, reason: "客户撤回") { __typename } }`, { id: raised.data!.raiseComplaint.id }, tok.supervisor);
    expect(withdrawn.data!.withdrawComplaint.__typename).toBe('Complaint');
    expect(check(await candidate('WB-9'), 'NO_OPEN_COMPLAINT')).toMatchObject({ passed: true });

    // A payment ten days ago fails the no-payment rule; reversed, it no longer counts (the account's
    // last payment date column still shows it: the rule reads the payments themselves).
    expect(check(await candidate('WB-9'), 'NO_RECENT_PAYMENT')).toMatchObject({ passed: true });
    const paid = await t.gql(
      `mutation($input: PostPaymentInput!) { postPayment(input: $input) { __typename ... on PaymentPosted { payment { id } } } }`,
      { input: { accountId: acc(bankB.accountIds[8]), bankTxnRef: 'WB9-RECENT', amount: '50.00', paidOn: addDays(today, -10) } },
      tok.supervisor,
    );
    expect(check(await candidate('WB-9'), 'NO_RECENT_PAYMENT')).toMatchObject({ passed: false, message: 'Last payment 10 days ago (at least 90)' });
    await t.gql(`mutation($id: ID!) { reversePayment(paymentId: $id, reason: "错账") { __typename } }`, { id: paid.data!.postPayment.payment.id }, tok.supervisor);
    expect((await balances(bankB.accountIds[8])).last_payment_date).toBe(addDays(today, -10));
    expect(check(await candidate('WB-9'), 'NO_RECENT_PAYMENT')).toMatchObject({ passed: true });

    // A plan in force fails the plan rule from the plan itself, even without its hold.
    const plan = await t.gql(
      `mutation($input: ProposePlanInput!) { proposeRepaymentPlan(input: $input) { __typename ... on RepaymentPlan { status } ... on NotEligible { code message } } }`,
      { input: { accountId: acc(bankB.accountIds[8]), months: 6, firstDueOn: addDays(today, 5), agreementRef: 'REC-WB-9' } },
      tok.supervisor,
    );
    expect(plan.data!.proposeRepaymentPlan.status).toBe('ACTIVE');
    await t.ownerQuery(`update account_hold set lifted_at = now(), lifted_by = placed_by where account_id = $1 and reason = 'installment_plan'`, [bankB.accountIds[8]]);
    expect(check(await candidate('WB-9'), 'NO_ACTIVE_PLAN')).toMatchObject({ passed: false });
  });
});

describe('the case file from the ledger, contact, plans and complaints', () => {
  it('builds the statement, histories and PDF from the real records', async () => {
    const POST = `mutation($input: PostPaymentInput!) { postPayment(input: $input) { __typename ... on PaymentPosted { payment { id } } ... on NotEligible { code message } } }`;
    const paid = await t.gql(POST, { input: { accountId: acc(accountId), bankTxnRef: 'WB-OLD-1', amount: '500.00', paidOn: addDays(today, -120) } }, tok.supervisor);
    expect(paid.data!.postPayment.__typename).toBe('PaymentPosted');
    const wrong = await t.gql(POST, { input: { accountId: acc(accountId), bankTxnRef: 'WB-OLD-2', amount: '70.00', paidOn: addDays(today, -110) } }, tok.supervisor);
    const rev = await t.gql(`mutation($id: ID!) { reversePayment(paymentId: $id, reason: "退票") { __typename } }`, { id: wrong.data!.postPayment.payment.id }, tok.supervisor);
    expect(rev.data!.reversePayment.__typename).toBe('Payment');
    const promise = await t.gql(
      `mutation($input: TakePromiseInput!) { takePromise(input: $input) { __typename } }`,
      { input: { accountId: acc(accountId), promises: [{ amount: '300.00', dueOn: addDays(today, 20) }] } },
      tok.supervisor,
    );
    expect(promise.data!.takePromise.__typename).toBe('PromisesTaken');
    // A plan above the agency's mandate waits for the bank; the agency cancels it.
    const plan = await t.gql(
      `mutation($input: ProposePlanInput!) { proposeRepaymentPlan(input: $input) { __typename ... on RepaymentPlan { id status } ... on NotEligible { code message } } }`,
      { input: { accountId: acc(accountId), months: 12, firstDueOn: addDays(today, 5), discount: '6000.00', agreementRef: 'REC-WB-10' } },
      tok.supervisor,
    );
    expect(plan.data!.proposeRepaymentPlan.status).toBe('PROPOSED');
    const cancelled = await t.gql(`mutation($id: ID!) { cancelRepaymentPlan(planId: $id, reason: "债务人未签字") { __typename } }`, { id: plan.data!.proposeRepaymentPlan.id }, tok.supervisor);
    expect(cancelled.data!.cancelRepaymentPlan.__typename).toBe('RepaymentPlan');
    const complaint = await t.gql(
      `mutation($input: RaiseComplaintInput!) { raiseComplaint(input: $input) { __typename ... on Complaint { id reference } } }`,
      { input: { accountId: acc(accountId), source: 'BANK', category: 'staff_attitude', severity: 'LOW', words: '态度问题' } },
      tok.supervisor,
    );
    const { id: complaintId, reference } = complaint.data!.raiseComplaint;
    await t.gql(`mutation($id: ID!) { withdrawComplaint(id: $id, reason: "已沟通") { __typename } }`, { id: complaintId }, tok.supervisor);
    const [a] = await t.ownerQuery(`select client_id, agency_id, debtor_id from account where id = $1`, [accountId]);
    const [u] = await t.ownerQuery(`select id from app_user where email = 'collector@demo-agency.test'`);
    const attempt = `insert into contact_attempt (client_id, agency_id, account_id, debtor_id, channel, direction, party, status, outcome_code, connected, right_party_verified, note, corrects_id, policy_version, made_by, started_at, completed_at)
       values ($1, $2, $3, $4, 'call', 'outbound', 'debtor', 'completed', $5, $6, $6, $7, $8, 1, $9, $10, $10) returning id`;
    await t.ownerQuery(attempt, [a.client_id, a.agency_id, accountId, a.debtor_id, 'no_answer', false, '无人接听', null, u.id, new Date(Date.now() - 40 * 86_400_000)]);
    const [miskeyed] = await t.ownerQuery(attempt, [a.client_id, a.agency_id, accountId, a.debtor_id, 'refused', true, '拒绝还款', null, u.id, new Date(Date.now() - 30 * 86_400_000)]);
    await t.ownerQuery(attempt, [a.client_id, a.agency_id, accountId, a.debtor_id, 'debt_acknowledged', true, '承认欠款', miskeyed.id, u.id, new Date(Date.now() - 29 * 86_400_000)]);
    // A letter from the sent-letter register (an approved template version, sent as a contact attempt).
    const [tpl] = await t.ownerQuery(`insert into message_template (client_id, agency_id, channel, name, created_by) values ($1, $2, 'letter', '催收函', $3) returning id`, [a.client_id, a.agency_id, u.id]);
    const [ver] = await t.ownerQuery(
      `insert into message_template_version (client_id, agency_id, template_id, version, body, agency_phone, status, created_by, decided_at) values ($1, $2, $3, 1, '尊敬的{debtor_name}', '400-800-0000', 'approved', $4, now()) returning id`,
      [a.client_id, a.agency_id, tpl.id, u.id],
    );
    const [sent] = await t.ownerQuery(
      `insert into contact_attempt (client_id, agency_id, account_id, debtor_id, channel, direction, party, status, outcome_code, connected, right_party_verified, policy_version, made_by, started_at, completed_at)
       values ($1, $2, $3, $4, 'letter', 'outbound', 'debtor', 'completed', 'letter_sent', false, false, 1, $5, $6, $6) returning id`,
      [a.client_id, a.agency_id, accountId, a.debtor_id, u.id, new Date(Date.now() - 20 * 86_400_000)],
    );
    await t.ownerQuery(
      `insert into letter (client_id, agency_id, account_id, attempt_id, template_version_id, address, document_key, sha256, size, created_by, created_at) values ($1, $2, $3, $4, $5, '上海市浦东新区世纪大道1号', 'k', $6, 1024, $7, $8)`,
      [a.client_id, a.agency_id, accountId, sent.id, ver.id, 'a'.repeat(64), u.id, new Date(Date.now() - 20 * 86_400_000)],
    );

    const r = await t.gql(REFER, { input: { accountIds: [acc(accountId)], lawFirmId: toGlobalId('LawFirm', (await t.ownerQuery(`select id from law_firm where name = 'Demo Law Firm'`))[0].id) } }, tok.supervisor);
    expect(r.data!.referToLawFirm.refused, JSON.stringify(r.data!.referToLawFirm.refused)).toEqual([]);
    caseId = r.data!.referToLawFirm.cases[0].id;
    const c = (await t.gql(CASE, { id: caseId }, tok.lawyer)).data!.legalCase;
    const s = c.caseFile.snapshot;

    // 12,920.50 as restated by the bank, less the 500.00 payment (the 70.00 one was reversed).
    expect(s.statement).toMatchObject({ source: 'ledger', balance: '12420.50', costs: '0.00', lateCharges: '0.00', lastPayment: { date: addDays(today, -120), amount: '500.00' } });
    expect(s.statement.lines.map((l: any) => [l.date, l.kind, l.total])).toEqual([
      [addDays(today, -300), 'placement_opening', expect.any(String)],
      [addDays(today, -120), 'payment', '-500.00'],
      [addDays(today, -110), 'payment', '-70.00'],
      [addDays(today, -110), 'reversal', '70.00'],
      [expect.any(String), 'bank_balance_update', expect.any(String)],
    ]);
    // Charged off 100 days ago: the ledger's sum that day (the balance as placed, less the 500.00).
    expect(s.statement).toMatchObject({ chargeOffDate: addDays(today, -100), chargeOffBalanceBasis: 'ledger', chargeOffBalance: (Number(s.statement.lines[0].total) - 500).toFixed(2) });
    expect(s.statement.payments).toEqual([
      expect.objectContaining({ reference: 'WB-OLD-1', amount: '500.00', status: 'posted' }),
      expect.objectContaining({ reference: 'WB-OLD-2', amount: '70.00', status: 'reversed', reversal: { on: today, reason: '退票' } }),
    ]);
    expect(s.contactHistory.source).toBe('contact_attempts');
    expect(s.contactHistory.entries.map((e: any) => e.outcome)).toEqual(['no_answer', `debt_acknowledged (corrected ${shanghaiDay(new Date(Date.now() - 29 * 86_400_000))})`, 'letter_sent']);
    expect(s.eligibility.limitation.restartedBy).toBe('acknowledgement');
    expect(s.arrangements.entries.map((e: any) => [e.kind, e.outcome.split(' ')[0].replace(/[,:]/g, '')])).toEqual([
      ['promise_to_pay', 'open'],
      ['repayment_plan', 'cancelled'],
    ]);
    expect(s.complaints.entries).toEqual([expect.objectContaining({ kind: 'complaint', summary: expect.stringContaining(reference), outcome: expect.stringContaining('withdrawn') })]);
    expect(s.letters).toEqual({ source: 'letter_register', entries: [expect.objectContaining({ kind: 'letter', summary: '催收函 v1 → 上海市浦东新区世纪大道1号', outcome: `sha256 ${'a'.repeat(64)}` })] });
    expect(c.caseFile.manifest.sections.map((x: any) => [x.name, x.source, x.entries])).toEqual([
      ['statement', 'ledger', 2],
      ['contact_history', 'contact_attempts', 3],
      ['letters', 'letter_register', 1],
      ['promises_and_plans', 'payments', 2],
      ['complaints_and_disputes', 'complaints', 1],
    ]);
    const pdf = c.documents.find((d: any) => d.kind === 'STATEMENT_PDF' || d.kind === 'statement_pdf');
    const res = await t.fetch(pdf.downloadPath, { headers: { authorization: `Bearer ${tok.lawyer}` } });
    const file = path.join(dataDir, 'wiring.pdf');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8');
    for (const needle of ['WB-OLD-1', 'reversal', 'debt_acknowledged', 'repayment_plan', '滞纳金', '承认欠款', '催收函 v1', reference]) expect(text, needle).toContain(needle);
  });
});

describe('money from the case into the ledger', () => {
  it("books a firm's cost to the ledger once, by staff, and the balances equal the ledger", async () => {
    expect((await t.gql(MOVE, { input: { caseId, to: 'ACCEPTED' } }, tok.lawyer)).data!.moveLegalCase.status).toBe('ACCEPTED');
    expect((await t.gql(MOVE, { input: { caseId, to: 'FILED' } }, tok.lawyer)).data!.moveLegalCase.status).toBe('FILED');
    const before = await balances(accountId);
    const cost = await t.gql(
      `mutation { recordLegalCost(input: { caseId: "${caseId}", kind: COURT_FEE, amount: "250.00", incurredOn: "${today}" }) { __typename ... on LegalCost { id postedAt } } }`,
      {},
      tok.lawyer,
    );
    const costId = cost.data!.recordLegalCost.id;
    expect(cost.data!.recordLegalCost.postedAt).toBeNull();
    expect(await balances(accountId)).toEqual(before); // the firm's figure is not the debtor's debt until staff post it
    expect((await t.gql(POST_COST, { id: costId }, tok.lawyer)).code).toBe('FORBIDDEN');
    expect((await t.gql(POST_COST, { id: costId }, tok.bankB)).code).toBe('FORBIDDEN');
    expect((await t.gql(POST_COST, { id: costId }, tok.rival)).code).toBe('NOT_FOUND');
    const [first, second] = await Promise.all([t.gql(POST_COST, { id: costId }, tok.supervisor), t.gql(POST_COST, { id: costId }, tok.admin)]);
    expect([first, second].map((x) => x.data!.postLegalCost.__typename === 'LegalCost' ? 'POSTED' : x.data!.postLegalCost.code).sort()).toEqual(['ALREADY_POSTED', 'POSTED']);
    const after = await balances(accountId);
    expect(after.costs).toBe('250.00');
    expect(after.total_due).toBe((Number(before.total_due) + 250).toFixed(2));
    expect(await t.ownerQuery(`select kind, costs::text from ledger_entry where account_id = $1 and kind = 'legal_cost'`, [accountId])).toEqual([{ kind: 'legal_cost', costs: '250.00' }]);
    expect(await ledgerGap(accountId)).toEqual({ principal: '0.00', costs: '0.00', other: '0.00' });
    // Staff's own cost is booked at once.
    const own = await t.gql(
      `mutation { recordLegalCost(input: { caseId: "${caseId}", kind: SERVICE_FEE, amount: "40.00", incurredOn: "${today}" }) { __typename ... on LegalCost { postedAt } } }`,
      {},
      tok.supervisor,
    );
    expect(own.data!.recordLegalCost.postedAt).not.toBeNull();
    expect((await balances(accountId)).costs).toBe('290.00');
    const mismatches = await t.gql(`{ ledgerMismatches { accountId } }`, {}, tok.admin);
    expect(mismatches.data!.ledgerMismatches).toEqual([]);
  });

  it("posts a confirmed recovery as a payment in the bank's daily report, credited to the placement, once", async () => {
    const rec = await t.gql(
      `mutation { recordLegalRecovery(input: { caseId: "${caseId}", amount: "1000.00", receivedOn: "${today}", note: "法院划扣" }) { __typename ... on LegalRecovery { id } } }`,
      {},
      tok.lawyer,
    );
    const recoveryId = rec.data!.recordLegalRecovery.id;
    const before = await balances(accountId);
    const episode = `select collected::text from placement_episode where account_id = $1 and placement_id = $2`;
    const [episodeBefore] = await t.ownerQuery(episode, [accountId, bankB.placementId]);
    expect((await t.gql(DECIDE, { id: recoveryId }, tok.supervisor)).data!.decideLegalRecovery.status).toBe('CONFIRMED');
    const dbId = Buffer.from(recoveryId, 'base64url').toString('utf8').split(':')[1];
    const payments = await t.ownerQuery(`select p.id, p.amount::text, p.channel, p.placement_id, p.paid_on::text from payment p where bank_txn_ref = $1`, [`LEGAL-RECOVERY-${dbId}`]);
    expect(payments).toEqual([{ id: expect.any(String), amount: '1000.00', channel: 'direct_to_bank', placement_id: bankB.placementId, paid_on: today }]);
    expect(await t.ownerQuery(`select payment_id from legal_recovery_posting where recovery_id = $1`, [dbId])).toEqual([{ payment_id: payments[0].id }]);
    const after = await balances(accountId);
    expect(after.total_due).toBe((Number(before.total_due) - 1000).toFixed(2));
    expect(after.collected).toBe((Number(before.collected) + 1000).toFixed(2));
    const [episodeAfter] = await t.ownerQuery(episode, [accountId, bankB.placementId]);
    expect((Number(episodeAfter.collected) - Number(episodeBefore.collected)).toFixed(2)).toBe('1000.00');
    expect(await ledgerGap(accountId)).toEqual({ principal: '0.00', costs: '0.00', other: '0.00' });
    // A second confirmation changes nothing.
    expect((await t.gql(DECIDE, { id: recoveryId }, tok.admin)).data!.decideLegalRecovery.code).toBe('ALREADY_DECIDED');
    expect((await t.ownerQuery(`select count(*)::int as n from payment where bank_txn_ref like 'LEGAL-RECOVERY-%'`))[0].n).toBe(1);

    const report = await t.fetch(`/api/clients/${toGlobalId('Client', t.tenants.bankBId)}/collection-report.csv?from=${today}&to=${today}`, {
      headers: { authorization: `Bearer ${tok.bankB}` },
    });
    expect(report.status).toBe(200);
    const text = Buffer.from(await report.arrayBuffer()).toString('utf8');
    expect(text).toMatch(new RegExp(`^payment,WB placement,WB-10,LEGAL-RECOVERY-${dbId},posted,1000.00,CNY,${today},direct_to_bank`, 'm'));
    // Another bank's user sees neither the payment in its report nor the case.
    const other = await t.fetch(`/api/clients/${toGlobalId('Client', t.tenants.bankAId)}/collection-report.csv?from=${today}&to=${today}`, {
      headers: { authorization: `Bearer ${tok.bankA}` },
    });
    expect(Buffer.from(await other.arrayBuffer()).toString('utf8')).not.toContain('LEGAL-RECOVERY');
    expect((await t.gql(CASE, { id: caseId }, tok.bankA)).data!.legalCase).toBeNull();
    expect((await t.gql(DECIDE, { id: recoveryId }, tok.rival)).code).toBe('NOT_FOUND');
    // The payment is the bank's and the agency's; the firm sees the recovery, never the payment.
    const node = `query($id: ID!) { node(id: $id) { id ... on Payment { bankTxnRef } } }`;
    const paymentNode = toGlobalId('Payment', payments[0].id);
    expect((await t.gql(node, { id: paymentNode }, tok.bankB)).data!.node).toMatchObject({ bankTxnRef: `LEGAL-RECOVERY-${dbId}` });
    for (const who of ['lawyer', 'bankA', 'rival']) expect((await t.gql(node, { id: paymentNode }, tok[who])).data!.node, who).toBeNull();
  });

  it('refuses to post a recovery on a closed account and leaves it recorded', async () => {
    const rec = await t.gql(
      `mutation { recordLegalRecovery(input: { caseId: "${caseId}", amount: "10.00", receivedOn: "${today}" }) { __typename ... on LegalRecovery { id } } }`,
      {},
      tok.lawyer,
    );
    await t.ownerQuery(`update account set status = 'closed', closed_at = now(), close_reason = 'paid_in_full' where id = $1`, [accountId]);
    const out = (await t.gql(DECIDE, { id: rec.data!.recordLegalRecovery.id }, tok.supervisor)).data!.decideLegalRecovery;
    expect(out).toMatchObject({ __typename: 'NotEligible', code: 'ACCOUNT_CLOSED' });
    const c = (await t.gql(CASE, { id: caseId }, tok.supervisor)).data!.legalCase;
    expect(c.recoveries.map((r: any) => r.status)).toEqual(['CONFIRMED', 'RECORDED']);
    await t.ownerQuery(`update account set status = 'active', closed_at = null, close_reason = null where id = $1`, [accountId]);
  });
});
