import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

let t: TestGateway;
let bankA: FixtureAccounts;
let bankB: FixtureAccounts;
let tokens: Record<'collector' | 'collector2' | 'supervisor' | 'admin' | 'bankA' | 'bankB' | 'lawyer' | 'rival', string>;
const acc = (id: string) => toGlobalId('Account', id);
const client = (id: string) => toGlobalId('Client', id);
const user = (id: string) => toGlobalId('User', id);

const FIELDS = `id reference status category outcome accountRef againstStaff holdsAccount extensionLevel policyVersion
  regulatoryClock { basis dueOn daysRemaining late } contractualClock { basis dueOn daysRemaining late }
  detail { words complainantPhone rootCause remedy outcomeNotice } history { action fromStatus toStatus reason }`;
const RESULT = `__typename ... on Complaint { ${FIELDS} } ... on NotEligible { code message }`;
const RAISE = `mutation($input: RaiseComplaintInput!) { raiseComplaint(input: $input) { ${RESULT} } }`;
const ACK = `mutation($id: ID!) { acknowledgeComplaint(id: $id) { ${RESULT} } }`;
const INVESTIGATE = `mutation($id: ID!) { startComplaintInvestigation(id: $id) { ${RESULT} } }`;
const RESOLVE = `mutation($input: ResolveComplaintInput!) { resolveComplaint(input: $input) { ${RESULT} } }`;
const CLOSE = `mutation($id: ID!) { closeComplaint(id: $id) { ${RESULT} } }`;
const WITHDRAW = `mutation($id: ID!, $r: String!) { withdrawComplaint(id: $id, reason: $r) { ${RESULT} } }`;
const REOPEN = `mutation($id: ID!, $r: String!) { reopenComplaint(id: $id, reason: $r) { ${RESULT} } }`;
const EXTEND = `mutation($id: ID!, $r: String!) { extendComplaintDeadline(id: $id, reason: $r) { ${RESULT} } }`;
const ASSIGN = `mutation($id: ID!, $h: ID!) { assignComplaintHandler(id: $id, handlerId: $h) { ${RESULT} } }`;
const COMMENT = `mutation($id: ID!, $text: String!) { addComplaintComment(id: $id, text: $text) { __typename ... on ComplaintEntry { id body authorRole } ... on NotEligible { code } } }`;
const ONE = `query($id: ID!) { complaint(id: $id) { ${FIELDS} entries { kind body authorRole } } }`;
const LIST = `query($f: ComplaintFilter) { complaints(first: 50, filter: $f) { totalCount edges { node { id reference status } } } }`;
const QUEUE = `{ myQueue(first: 50) { totalCount edges { node { id } } } }`;
/** The queue lists only accounts contactable now: ask at 10:00 on a Tuesday in Shanghai. */
const IN_HOURS = { now: '2026-12-01T02:00:00Z' };
const HOLDS = `query($id: ID!) { account(id: $id) { holds { reason note sourceType } } }`;

const harassment = (accountId: string, extra: Record<string, unknown> = {}) => ({
  accountId: acc(accountId),
  source: 'DEBTOR',
  category: 'harassment',
  severity: 'HIGH',
  againstAssignedCollector: true,
  words: '催收员在电话里辱骂我，一天打了十几次。',
  ...extra,
});

async function raise(token: string, input: Record<string, unknown>) {
  const r = await t.gql(RAISE, { input }, token);
  expect(r.errors).toBeUndefined();
  return r.data!.raiseComplaint;
}

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'), { env: { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'arrears-complaints-')) } });
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 6, prefix: 'CA' });
  bankB = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankBId, n: 2, prefix: 'CB' });
  await t.ownerQuery(`update account set assigned_collector_id = $1 where id = any($2::uuid[])`, [t.tenants.users.collector, [...bankA.accountIds, ...bankB.accountIds]]);
  tokens = await t.loginEach({
    collector: 'collector@demo-agency.test',
    collector2: 'collector2@demo-agency.test',
    supervisor: 'supervisor@demo-agency.test',
    admin: 'admin@demo-agency.test',
    bankA: 'bank-a@demo-bank-a.test',
    bankB: 'bank-b@demo-bank-b.test',
    lawyer: 'lawyer@demo-lawfirm.test',
    rival: 'admin@rival-recovery.test',
  });
});

afterAll(async () => {
  await t?.close();
});

describe('the bank raises a complaint and the agency handles it', () => {
  it('holds the account, walks the workflow with a root cause, lifts the hold and never shows it to the other bank', async () => {
    const before = (await t.gql(QUEUE, {}, tokens.collector, IN_HOURS)).data!.myQueue.totalCount;
    const raised = await raise(tokens.bankA, harassment(bankA.accountIds[0], { source: 'BANK' }));
    expect(raised).toMatchObject({ __typename: 'Complaint', status: 'RECEIVED', accountRef: 'CA-1', againstStaff: true, holdsAccount: true, policyVersion: 0 });
    expect(raised.reference).toMatch(/^TS-\d{4}-\d{6}$/);
    expect(raised.regulatoryClock.basis).toBe('CALENDAR');
    expect(raised.regulatoryClock.daysRemaining).toBe(15);
    expect(raised.contractualClock.basis).toBe('WORKING');

    // The collector can no longer work it: it left the queue, and the hold says why.
    const queue = await t.gql(QUEUE, {}, tokens.collector, IN_HOURS);
    expect(queue.data!.myQueue.totalCount).toBe(before - 1);
    expect(queue.data!.myQueue.edges.map((e: any) => e.node.id)).not.toContain(acc(bankA.accountIds[0]));
    const holds = await t.gql(HOLDS, { id: acc(bankA.accountIds[0]) }, tokens.collector);
    expect(holds.data!.account.holds).toEqual([{ reason: 'COMPLAINT', note: `Complaint ${raised.reference} (harassment)`, sourceType: 'complaint' }]);

    // The collector sees the complaint's header, not its body.
    const asCollector = await t.gql(ONE, { id: raised.id }, tokens.collector);
    expect(asCollector.data!.complaint).toMatchObject({ reference: raised.reference, detail: null, entries: [] });

    // Bank B never sees it, in a list or by id.
    expect((await t.gql(ONE, { id: raised.id }, tokens.bankB)).data!.complaint).toBeNull();
    expect((await t.gql(LIST, {}, tokens.bankB)).data!.complaints.edges.map((e: any) => e.node.id)).not.toContain(raised.id);

    const ack = await t.gql(ACK, { id: raised.id }, tokens.supervisor);
    expect(ack.data!.acknowledgeComplaint.status).toBe('ACKNOWLEDGED');
    expect((await t.gql(INVESTIGATE, { id: raised.id }, tokens.supervisor)).data!.startComplaintInvestigation.status).toBe('INVESTIGATING');
    const comment = await t.gql(COMMENT, { id: raised.id, text: '银行已调取通话录音，见附件。' }, tokens.bankA);
    expect(comment.data!.addComplaintComment).toMatchObject({ __typename: 'ComplaintEntry', authorRole: 'client_user' });

    const resolved = await t.gql(RESOLVE, { input: { id: raised.id, outcome: 'UPHELD', rootCause: '催收员未按话术规范沟通', remedy: '更换催收员并书面致歉' } }, tokens.supervisor);
    expect(resolved.data!.resolveComplaint).toMatchObject({ status: 'RESOLVED', outcome: 'UPHELD', holdsAccount: true });
    expect(resolved.data!.resolveComplaint.detail.outcomeNotice).toContain('12378');
    // Resolved is not closed: still held until the bank has seen the outcome and it is closed.
    expect((await t.gql(QUEUE, {}, tokens.collector, IN_HOURS)).data!.myQueue.totalCount).toBe(before - 1);

    const closed = await t.gql(CLOSE, { id: raised.id }, tokens.supervisor);
    expect(closed.data!.closeComplaint).toMatchObject({ status: 'CLOSED', holdsAccount: false });
    expect((await t.gql(QUEUE, {}, tokens.collector, IN_HOURS)).data!.myQueue.totalCount).toBe(before);
    expect(closed.data!.closeComplaint.history.map((h: any) => h.action)).toEqual(['raise', 'acknowledge', 'investigate', 'resolve', 'close']);

    // The bank sees the outcome and the root cause.
    const asBank = await t.gql(ONE, { id: raised.id }, tokens.bankA);
    expect(asBank.data!.complaint).toMatchObject({ status: 'CLOSED', outcome: 'UPHELD', detail: { rootCause: '催收员未按话术规范沟通' } });
    expect(asBank.data!.complaint.entries).toEqual([{ kind: 'comment', body: '银行已调取通话录音，见附件。', authorRole: 'client_user' }]);

    // Every transition went to the outbox and the audit log.
    const [{ id: dbId }] = await t.ownerQuery(`select id from complaint where reference = $1`, [raised.reference]);
    const events = await t.ownerQuery(`select type from event_outbox where subject_id = $1 order by occurred_at, type`, [dbId]);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['complaint.received', 'complaint.acknowledged', 'complaint.investigation_started', 'complaint.commented', 'complaint.resolved', 'complaint.closed']),
    );
    const audited = await t.ownerQuery(`select operation, outcome from audit_log where operation in ('acknowledgeComplaint', 'resolveComplaint', 'closeComplaint') order by id`);
    expect(audited).toEqual([
      { operation: 'acknowledgeComplaint', outcome: 'ok' },
      { operation: 'resolveComplaint', outcome: 'ok' },
      { operation: 'closeComplaint', outcome: 'ok' },
    ]);
  });
});

describe('workflow rules', () => {
  it('refuses illegal transitions with a clear code and changes nothing', async () => {
    const c = await raise(tokens.supervisor, harassment(bankA.accountIds[1]));
    const r = await t.gql(CLOSE, { id: c.id }, tokens.supervisor);
    expect(r.data!.closeComplaint).toMatchObject({ __typename: 'NotEligible', code: 'ILLEGAL_TRANSITION' });
    const resolveEarly = await t.gql(RESOLVE, { input: { id: c.id, outcome: 'NOT_UPHELD', rootCause: 'x' } }, tokens.supervisor);
    expect(resolveEarly.data!.resolveComplaint.code).toBe('ILLEGAL_TRANSITION');
    expect((await t.gql(ONE, { id: c.id }, tokens.supervisor)).data!.complaint.status).toBe('RECEIVED');
    const rejected = await t.ownerQuery(`select error_code from audit_log where operation = 'closeComplaint' and outcome = 'rejected'`);
    expect(rejected).toEqual([{ error_code: 'ILLEGAL_TRANSITION' }]);
  });

  it('keeps another hold when the complaint is withdrawn, and holds again on reopen with fresh clocks', async () => {
    const accountId = bankA.accountIds[2];
    const hardship = await t.gql(`mutation($input: PlaceHoldInput!) { placeHold(input: $input) { id } }`, { input: { accountId: acc(accountId), reason: 'HARDSHIP' } }, tokens.supervisor);
    expect(hardship.errors).toBeUndefined();
    const c = await raise(tokens.supervisor, harassment(accountId, { againstAssignedCollector: false }));
    const withdrawn = await t.gql(WITHDRAW, { id: c.id, r: '投诉人来电撤回' }, tokens.supervisor);
    expect(withdrawn.data!.withdrawComplaint).toMatchObject({ status: 'WITHDRAWN', holdsAccount: false });
    expect((await t.gql(HOLDS, { id: acc(accountId) }, tokens.supervisor)).data!.account.holds.map((h: any) => h.reason)).toEqual(['HARDSHIP']);

    await t.ownerQuery(`update complaint set clock_started_on = clock_started_on - 20, regulatory_due_on = regulatory_due_on - 20 where reference = $1`, [c.reference]);
    const reopened = await t.gql(REOPEN, { id: c.id, r: '投诉人补充了新的通话记录' }, tokens.supervisor);
    expect(reopened.data!.reopenComplaint).toMatchObject({ status: 'INVESTIGATING', holdsAccount: true });
    expect(reopened.data!.reopenComplaint.regulatoryClock).toMatchObject({ daysRemaining: 15, late: false });
    expect((await t.gql(HOLDS, { id: acc(accountId) }, tokens.supervisor)).data!.account.holds.map((h: any) => h.reason).sort()).toEqual(['COMPLAINT', 'HARDSHIP']);
    expect((await t.gql(REOPEN, { id: c.id, r: 'again' }, tokens.supervisor)).data!.reopenComplaint.code).toBe('ILLEGAL_TRANSITION');
  });

  it('extends to 30 days with a reason, and to 60 only with an agency admin’s approval', async () => {
    const c = await raise(tokens.supervisor, harassment(bankA.accountIds[3], { againstAssignedCollector: false }));
    expect((await t.gql(EXTEND, { id: c.id, r: '' }, tokens.supervisor)).data!.extendComplaintDeadline.code).toBe('REASON_REQUIRED');
    const first = await t.gql(EXTEND, { id: c.id, r: '需调取银行录音' }, tokens.supervisor);
    expect(first.data!.extendComplaintDeadline).toMatchObject({ extensionLevel: 1, regulatoryClock: { daysRemaining: 30 } });
    expect((await t.gql(EXTEND, { id: c.id, r: '仍在核实' }, tokens.supervisor)).data!.extendComplaintDeadline.code).toBe('EXTENSION_NEEDS_APPROVAL');
    const second = await t.gql(EXTEND, { id: c.id, r: '特别复杂，经负责人批准' }, tokens.admin);
    expect(second.data!.extendComplaintDeadline).toMatchObject({ extensionLevel: 2, regulatoryClock: { daysRemaining: 60 } });
    expect((await t.gql(EXTEND, { id: c.id, r: 'more' }, tokens.admin)).data!.extendComplaintDeadline.code).toBe('EXTENSION_LIMIT');
    expect(second.data!.extendComplaintDeadline.history.filter((h: any) => h.action === 'extend').map((h: any) => h.reason)).toEqual(['需调取银行录音', '特别复杂，经负责人批准']);
  });

  it('never lets the person complained against handle or read it', async () => {
    // Make the supervisor the subject: they cannot acknowledge it, be its handler, or read its body.
    const c = await raise(tokens.admin, { ...harassment(bankA.accountIds[4], { againstAssignedCollector: false }), againstCollectorId: user(t.tenants.users.supervisor) });
    expect((await t.gql(ACK, { id: c.id }, tokens.supervisor)).data!.acknowledgeComplaint.code).toBe('HANDLER_IS_SUBJECT');
    expect((await t.gql(ASSIGN, { id: c.id, h: user(t.tenants.users.supervisor) }, tokens.admin)).data!.assignComplaintHandler.code).toBe('HANDLER_IS_SUBJECT');
    const collectorRaisesAgainstSelf = await t.gql(RAISE, { input: { ...harassment(bankA.accountIds[4]) } }, tokens.collector);
    expect(collectorRaisesAgainstSelf.data!.raiseComplaint.code).toBe('HANDLER_IS_SUBJECT');
    expect((await t.gql(ASSIGN, { id: c.id, h: user(t.tenants.users.admin) }, tokens.admin)).data!.assignComplaintHandler.status).toBe('RECEIVED');
    // Whatever their role, the subject does not read the body; the admin does.
    expect((await t.gql(ONE, { id: c.id }, tokens.supervisor)).data!.complaint.detail).toBeNull();
    expect((await t.gql(ONE, { id: c.id }, tokens.admin)).data!.complaint.detail.words).toContain('辱骂');
  });
});

describe('references', () => {
  it('numbers complaints per bank without gaps or duplicates when they arrive together', async () => {
    const input = { clientId: client(t.tenants.rivalBankId), source: 'OTHER', category: 'other', severity: 'LOW', words: 'parallel' };
    const results = await Promise.all(Array.from({ length: 5 }, () => t.gql(RAISE, { input }, tokens.rival)));
    const refs = results.map((r) => r.data!.raiseComplaint.reference).sort();
    const year = refs[0].slice(3, 7);
    expect(refs).toEqual([1, 2, 3, 4, 5].map((n) => `TS-${year}-00000${n}`));
  });
});

describe('who sees the body', () => {
  it('hides the complainant’s words, comments and evidence from the collector complained against — in the database', async () => {
    const c = await raise(tokens.supervisor, harassment(bankA.accountIds[5], { complainantPhone: '+86 138-0000-9999' }));
    expect(c.detail.complainantPhone).toBe('138****9999');
    await t.gql(COMMENT, { id: c.id, text: '主管已约谈催收员' }, tokens.supervisor);
    const [{ id }] = await t.ownerQuery(`select id from complaint where reference = $1`, [c.reference]);

    // GraphQL: the subject sees the header only; another collector (not the subject) sees the body.
    const subject = await t.gql(ONE, { id: c.id }, tokens.collector);
    expect(subject.data!.complaint).toMatchObject({ status: 'RECEIVED', detail: null, entries: [] });
    expect((await t.gql(COMMENT, { id: c.id, text: 'not me' }, tokens.collector)).data!.addComplaintComment.code).toBe('HANDLER_IS_SUBJECT');
    const other = await t.gql(ONE, { id: c.id }, tokens.collector2);
    expect(other.data!.complaint.detail.words).toContain('辱骂');

    // SQL, as the application role with the subject's context: no body rows, although the owner sees them.
    const asApp = async (userId: string, sql: string) => {
      const c2 = new pg.Client({ connectionString: t.db.appUrl });
      await c2.connect();
      try {
        await c2.query('begin');
        await c2.query('select * from app.begin_request($1, $2)', [userId, t.tenants.demoAgencyId]);
        return (await c2.query(sql, [id])).rows;
      } finally {
        await c2.query('rollback');
        await c2.end();
      }
    };
    expect(await asApp(t.tenants.users.collector, 'select words from complaint_detail where complaint_id = $1')).toEqual([]);
    expect(await asApp(t.tenants.users.collector, 'select body from complaint_entry where complaint_id = $1')).toEqual([]);
    expect(await asApp(t.tenants.users.collector, 'select reference from complaint where id = $1')).toHaveLength(1);
    expect(await asApp(t.tenants.users.collector2, 'select words from complaint_detail where complaint_id = $1')).toHaveLength(1);
    expect(await asApp(t.tenants.users.lawyer, 'select reference from complaint where id = $1')).toEqual([]);
    expect(await asApp(t.tenants.users.bankB, 'select reference from complaint where id = $1')).toEqual([]);
    expect(await t.ownerQuery('select words from complaint_detail where complaint_id = $1', [id])).toHaveLength(1);
    expect(await t.ownerQuery('select body from complaint_entry where complaint_id = $1', [id])).toHaveLength(1);

    // The body rows carry the header's subject whatever a writer puts in them.
    const forged = await asApp(t.tenants.users.supervisor, `insert into complaint_entry (client_id, agency_id, complaint_id, kind, author_id, author_role, body, against_user_id)
      select client_id, agency_id, id, 'comment', '${t.tenants.users.supervisor}', 'supervisor', 'x', null from complaint where id = $1 returning against_user_id`);
    expect(forged).toEqual([{ against_user_id: t.tenants.users.collector }]);
  });

  it('shows lawyers nothing', async () => {
    const r = await t.gql(LIST, {}, tokens.lawyer);
    expect(r.code).toBe('FORBIDDEN');
  });
});

describe('queries', () => {
  it('filters by status, category, bank, collector, due date and lateness', async () => {
    const late = await raise(tokens.supervisor, { ...harassment(bankB.accountIds[0], { againstAssignedCollector: false }), category: 'wrong_amount' });
    // References are numbered per bank: this is Bank B's first.
    expect(late.reference).toMatch(/^TS-\d{4}-000001$/);
    await t.ownerQuery(`update complaint set regulatory_due_on = (now() at time zone 'Asia/Shanghai')::date - 2, contractual_due_on = (now() at time zone 'Asia/Shanghai')::date - 3 where reference = $1`, [late.reference]);
    const overdue = await t.gql(LIST, { f: { overdue: true } }, tokens.supervisor);
    expect(overdue.data!.complaints.edges.map((e: any) => e.node.reference)).toEqual([late.reference]);
    const byCat = await t.gql(LIST, { f: { categories: ['wrong_amount'] } }, tokens.supervisor);
    expect(byCat.data!.complaints.totalCount).toBe(1);
    const byBank = await t.gql(LIST, { f: { clientId: client(t.tenants.bankBId) } }, tokens.supervisor);
    expect(byBank.data!.complaints.edges.map((e: any) => e.node.reference)).toEqual([late.reference]);
    const byCollector = await t.gql(LIST, { f: { collectorId: user(t.tenants.users.collector) } }, tokens.supervisor);
    expect(byCollector.data!.complaints.totalCount).toBeGreaterThanOrEqual(2);
    const closed = await t.gql(LIST, { f: { statuses: ['CLOSED'] } }, tokens.supervisor);
    expect(closed.data!.complaints.totalCount).toBe(1);
    const dueBefore = await t.gql(LIST, { f: { dueBefore: '2000-01-01' } }, tokens.supervisor);
    expect(dueBefore.data!.complaints.totalCount).toBe(0);
    const one = await t.gql(`query($id: ID!) { complaint(id: $id) { regulatoryClock { late daysRemaining } contractualClock { late } } }`, { id: late.id }, tokens.supervisor);
    expect(one.data!.complaint).toEqual({ regulatoryClock: { late: true, daysRemaining: -2 }, contractualClock: { late: true } });
  });

  it('summarises by category, collector and bank with breach counts, within what the caller sees', async () => {
    const q = `{ complaintSummary { byCategory { key total open regulatoryBreaches } byCollector { key label total upheld } byClient { key label total regulatoryBreaches } } }`;
    const staff = (await t.gql(q, {}, tokens.supervisor)).data!.complaintSummary;
    expect(staff.byCategory.find((r: any) => r.key === 'wrong_amount')).toMatchObject({ total: 1, regulatoryBreaches: 1 });
    expect(staff.byCollector.find((r: any) => r.key === user(t.tenants.users.collector))).toMatchObject({ label: '张催收', upheld: 1 });
    expect(staff.byClient.find((r: any) => r.key === client(t.tenants.bankBId))).toMatchObject({ total: 1, regulatoryBreaches: 1 });
    const bank = (await t.gql(q, {}, tokens.bankA)).data!.complaintSummary;
    expect(bank.byClient.map((r: any) => r.key)).toEqual([client(t.tenants.bankAId)]);
    expect(bank.byCollector).toEqual([]);
  });

  it('takes a third party’s complaint without an account and records the do-not-call request as an event', async () => {
    const r = await raise(tokens.supervisor, {
      clientId: client(t.tenants.bankAId),
      source: 'THIRD_PARTY',
      category: 'third_party_disclosure',
      severity: 'MEDIUM',
      complainantName: '王先生',
      complainantPhone: '13900000000',
      complainantRelation: '同事',
      words: '我不是欠款人，请不要再打我的电话。',
      doNotCallRequested: true,
    });
    expect(r).toMatchObject({ __typename: 'Complaint', accountRef: null, holdsAccount: false });
    const [{ id }] = await t.ownerQuery(`select id from complaint where reference = $1`, [r.reference]);
    const events = await t.ownerQuery(`select type, payload from event_outbox where subject_id = $1 and type = 'complaint.do_not_call_requested'`, [id]);
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0].payload)).not.toContain('13900000000');
    // A bank must name the account; a regulator referral needs its reference.
    expect((await t.gql(RAISE, { input: { clientId: client(t.tenants.bankAId), source: 'BANK', category: 'other', severity: 'LOW', words: 'x' } }, tokens.bankA)).data!.raiseComplaint.code).toBe('ACCOUNT_REQUIRED');
    expect((await t.gql(RAISE, { input: { clientId: client(t.tenants.bankAId), source: 'REGULATOR', category: 'other', severity: 'LOW', words: 'x' } }, tokens.supervisor)).data!.raiseComplaint.code).toBe('REGULATOR_REF_REQUIRED');
    expect((await t.gql(RAISE, { input: { clientId: client(t.tenants.bankAId), source: 'DEBTOR', category: 'nonsense', severity: 'LOW', words: 'x' } }, tokens.supervisor)).data!.raiseComplaint.code).toBe('UNKNOWN_CATEGORY');
  });
});

describe('categories', () => {
  const SET = `mutation($input: SetComplaintCategoryInput!) { setComplaintCategory(input: $input) { __typename ... on ComplaintCategory { code active builtIn } ... on NotEligible { code } } }`;
  const CATS = `{ complaintCategories { code active } }`;

  it('lets an agency admin add and retire its own categories, never change the built-in ones, and keeps them to the agency', async () => {
    const added = await t.gql(SET, { input: { code: 'debt_sold', nameEn: 'Debt sold on', nameZh: '债务转让' } }, tokens.admin);
    expect(added.data!.setComplaintCategory).toEqual({ __typename: 'ComplaintCategory', code: 'debt_sold', active: true, builtIn: false });
    const withIt = await t.gql(RAISE, { input: { clientId: client(t.tenants.bankAId), source: 'OTHER', category: 'debt_sold', severity: 'LOW', words: '债务被转让给了谁？' } }, tokens.supervisor);
    expect(withIt.data!.raiseComplaint.__typename).toBe('Complaint');
    await t.gql(SET, { input: { code: 'debt_sold', nameEn: 'Debt sold on', nameZh: '债务转让', active: false } }, tokens.admin);
    const retired = await t.gql(RAISE, { input: { clientId: client(t.tenants.bankAId), source: 'OTHER', category: 'debt_sold', severity: 'LOW', words: 'x' } }, tokens.supervisor);
    expect(retired.data!.raiseComplaint.code).toBe('UNKNOWN_CATEGORY');
    expect((await t.gql(SET, { input: { code: 'harassment', nameEn: 'x', nameZh: 'x' } }, tokens.admin)).data!.setComplaintCategory.code).toBe('BUILT_IN_CATEGORY');
    expect((await t.gql(SET, { input: { code: 'mine', nameEn: 'x', nameZh: 'x' } }, tokens.supervisor)).code).toBe('FORBIDDEN');
    expect((await t.gql(CATS, {}, tokens.supervisor)).data!.complaintCategories).toContainEqual({ code: 'debt_sold', active: false });
    expect((await t.gql(CATS, {}, tokens.rival)).data!.complaintCategories.map((c: any) => c.code)).not.toContain('debt_sold');
  });
});

describe('isolation: another tenant’s ids behave like missing ones', () => {
  it('answers null / NOT_FOUND for every query and mutation, and writes nothing', async () => {
    const c = await raise(tokens.bankA, harassment(bankA.accountIds[0], { againstAssignedCollector: false, source: 'BANK' }));
    const missing = toGlobalId('Complaint', '00000000-0000-4000-8000-000000000000');
    const before = await t.ownerQuery(`select (select count(*) from complaint)::int as c, (select count(*) from complaint_entry)::int as e, (select count(*) from complaint_history)::int as h, (select count(*) from account_hold)::int as ho`);
    for (const [who, token] of [['bankB', tokens.bankB], ['rival', tokens.rival]] as const) {
      for (const id of [c.id, missing]) {
        expect((await t.gql(ONE, { id }, token)).data!.complaint, who).toBeNull();
        expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, token)).data!.node).toBeNull();
        expect((await t.gql(COMMENT, { id, text: 'x' }, token)).code).toBe('NOT_FOUND');
      }
      expect((await t.gql(LIST, {}, token)).data!.complaints.edges.map((e: any) => e.node.id)).not.toContain(c.id);
      expect((await t.gql(LIST, { f: { clientId: client(t.tenants.bankAId) } }, token)).data!.complaints.totalCount).toBe(0);
      // A foreign account or bank in the input is NOT_FOUND.
      expect((await t.gql(RAISE, { input: harassment(bankA.accountIds[1], { againstAssignedCollector: false }) }, token)).code).toBe('NOT_FOUND');
      expect((await t.gql(RAISE, { input: { clientId: client(t.tenants.bankAId), source: 'OTHER', category: 'other', severity: 'LOW', words: 'x' } }, token)).code).toBe(who === 'bankB' ? undefined : 'NOT_FOUND');
    }
    for (const id of [c.id, missing]) {
      for (const [m, vars, field] of [
        [ACK, { id }, 'acknowledgeComplaint'],
        [INVESTIGATE, { id }, 'startComplaintInvestigation'],
        [CLOSE, { id }, 'closeComplaint'],
        [WITHDRAW, { id, r: 'x' }, 'withdrawComplaint'],
        [REOPEN, { id, r: 'x' }, 'reopenComplaint'],
        [EXTEND, { id, r: 'x' }, 'extendComplaintDeadline'],
        [ASSIGN, { id, h: user(t.tenants.users.rivalAdmin) }, 'assignComplaintHandler'],
        [RESOLVE, { input: { id, outcome: 'UPHELD', rootCause: 'x' } }, 'resolveComplaint'],
      ] as const) {
        const r = await t.gql(m, vars, tokens.rival);
        expect(r.code, field).toBe('NOT_FOUND');
      }
    }
    // Rival's summary is empty of Demo's complaints.
    const summary = (await t.gql(`{ complaintSummary { byClient { key } } }`, {}, tokens.rival)).data!.complaintSummary;
    expect(summary.byClient.map((r: any) => r.key)).toEqual([client(t.tenants.rivalBankId)]);
    // Bank B's user summarising Bank A's client id: nothing.
    expect((await t.gql(`query($c: ID) { complaintSummary(clientId: $c) { byClient { key } } }`, { c: client(t.tenants.bankAId) }, tokens.bankB)).data!.complaintSummary.byClient).toEqual([]);
    const after = await t.ownerQuery(`select (select count(*) from complaint)::int as c, (select count(*) from complaint_entry)::int as e, (select count(*) from complaint_history)::int as h, (select count(*) from account_hold)::int as ho`);
    expect(after).toEqual(before);
  });
});

describe('evidence', () => {
  const upload = (id: string, token: string | null, bytes: Buffer, name = '录音.mp3') => {
    const form = new FormData();
    form.append('note', '通话录音');
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'audio/mpeg' }), name);
    return t.fetch(`/api/complaints/${id}/evidence`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: form });
  };

  it('takes the bank’s upload, lists it, and audits every download; hides it from the subject and the other bank', async () => {
    const c = await raise(tokens.bankA, harassment(bankA.accountIds[1], { source: 'BANK' }));
    const bytes = Buffer.from('ID3 fake recording bytes 你好');
    const res = await upload(c.id, tokens.bankA, bytes);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { entryId: string; sha256: string; size: number };
    expect(body.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));

    const one = await t.gql(`query($id: ID!) { complaint(id: $id) { entries { kind fileName sizeBytes downloadPath authorRole } } }`, { id: c.id }, tokens.supervisor);
    const [entry] = one.data!.complaint.entries;
    expect(entry).toMatchObject({ kind: 'evidence', fileName: '录音.mp3', sizeBytes: bytes.length, authorRole: 'client_user' });

    const got = await t.fetch(entry.downloadPath, { headers: { authorization: `Bearer ${tokens.supervisor}` } });
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer())).toEqual(bytes);
    expect(await t.ownerQuery(`select actor_user_id from audit_log where kind = 'download' and operation = 'complaintEvidence'`)).toEqual([{ actor_user_id: t.tenants.users.supervisor }]);

    // The collector complained against, Bank B and a stranger: NOT_FOUND / FORBIDDEN / 401, and nothing stored.
    for (const token of [tokens.collector, tokens.bankB, tokens.rival]) {
      expect((await t.fetch(entry.downloadPath, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    }
    expect((await upload(c.id, tokens.collector, bytes)).status).toBe(403);
    expect((await upload(c.id, tokens.bankB, bytes)).status).toBe(404);
    expect((await upload(c.id, tokens.lawyer, bytes)).status).toBe(403);
    expect((await upload(c.id, null, bytes)).status).toBe(401);
    expect((await upload(c.id, tokens.bankA, Buffer.alloc(21 * 1024 * 1024, 1))).status).toBe(413);
    expect(await t.ownerQuery(`select count(*)::int as n from complaint_entry where kind = 'evidence'`)).toEqual([{ n: 1 }]);
  });
});
