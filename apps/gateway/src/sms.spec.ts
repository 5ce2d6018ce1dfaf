import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { CN_PRESET } from '@arrears/contact';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { bankTemplate, CREATE_TEMPLATE, DECIDE, gqlAt, SUBMIT } from './letters-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

let t: TestGateway;
let bankA: FixtureAccounts;
let bankB: FixtureAccounts;
let tokens: Record<string, string>;
const acc = (id: string) => toGlobalId('Account', id);

// Tuesday 2026-12-01 in Shanghai: 10:00 and 22:30.
const AT_1000 = '2026-12-01T02:00:00Z';
const AT_2230 = '2026-12-01T14:30:00Z';

const SEND = `mutation($input: SendSmsInput!) { sendSms(input: $input) { __typename
  ... on SmsMessage { id status adapter body to deliveryAttempts attemptId }
  ... on ContactBlocked { code rules { rule } nextAllowedAt refusal { id } }
  ... on NotEligible { code message } } }`;
const TEMPLATES = `query($c: ID) { messageTemplates(clientId: $c) { id name channel versions { id version status body } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on MessageTemplate { name } } }`;
const SET_POLICY = `mutation($input: SetClientPolicyInput!) { setClientPolicy(input: $input) { __typename ... on ClientPolicy { version } ... on PolicyRejected { code } } }`;
const BODY = '{{debtorName}}您好：您在本行的账户{{reference}}尚欠{{amountDue}}。如有异议请致电{{agencyPhone}}。';

let smsA: { templateId: string; versionId: string };

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'), { worker: false });
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 4, prefix: 'A' });
  bankB = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankBId, n: 2, prefix: 'B' });
  // Collectors see the accounts assigned to them.
  await t.ownerQuery(`update account set assigned_collector_id = $1`, [t.tenants.users.collector]);
  tokens = await t.loginEach({
    collector: 'collector@demo-agency.test',
    supervisor: 'supervisor@demo-agency.test',
    admin: 'admin@demo-agency.test',
    bankA: 'bank-a@demo-bank-a.test',
    bankB: 'bank-b@demo-bank-b.test',
    rival: 'admin@rival-recovery.test',
  });
  smsA = await bankTemplate(t, { admin: tokens.admin, bank: tokens.bankA }, { clientId: t.tenants.bankAId, channel: 'SMS', name: '首次提醒', body: BODY });
});

afterAll(async () => {
  await t?.close();
});

describe('templates: drafted by the agency, approved by the bank', () => {
  it('records the approval and puts template.approved in the outbox; a rejection puts template.rejected', async () => {
    const approved = await t.ownerQuery(`select type, payload from event_outbox where type like 'template.%' order by occurred_at`);
    expect(approved.map((e) => e.type)).toEqual(['template.submitted', 'template.approved']);
    const rejected = await bankTemplate(t, { admin: tokens.admin, bank: tokens.bankA }, { clientId: t.tenants.bankAId, channel: 'SMS', name: '被拒', body: BODY }, false);
    const r = await t.gql(DECIDE, { v: rejected.versionId, ok: false, note: '措辞过硬' }, tokens.bankA);
    expect(r.data!.decideMessageTemplateVersion).toMatchObject({ status: 'REJECTED', decisionNote: '措辞过硬' });
    const [ev] = await t.ownerQuery(`select client_id, payload from event_outbox where type = 'template.rejected'`);
    expect(ev).toMatchObject({ client_id: t.tenants.bankAId, payload: { note: '措辞过硬', version: 1 } });
    // A decided version is not decided again.
    const again = await t.gql(DECIDE, { v: rejected.versionId, ok: true }, tokens.bankA);
    expect(again.data!.decideMessageTemplateVersion).toMatchObject({ __typename: 'NotEligible', code: 'TEMPLATE_STATE' });
  });

  it('refuses placeholders outside the whitelist (never the national id)', async () => {
    const r = await t.gql(CREATE_TEMPLATE, { input: { clientId: toGlobalId('Client', t.tenants.bankAId), channel: 'SMS', name: '身份证', body: '{{debtorName}} {{nationalId}}', agencyPhone: '400-800-1234' } }, tokens.admin);
    expect(r.data!.createMessageTemplate).toMatchObject({ __typename: 'NotEligible', code: 'TEMPLATE_INVALID' });
    expect(r.data!.createMessageTemplate.message).toContain('{{nationalId}}');
    expect(await t.ownerQuery(`select 1 from message_template where name = '身份证'`)).toEqual([]);
  });

  it('shows the bank no drafts, lets only the bank decide and only the agency draft', async () => {
    const created = await t.gql(CREATE_TEMPLATE, { input: { clientId: toGlobalId('Client', t.tenants.bankAId), channel: 'SMS', name: '草稿', body: BODY, agencyPhone: '400-800-1234' } }, tokens.admin);
    const draftId = created.data!.createMessageTemplate.versions[0].id;
    const seen = await t.gql(TEMPLATES, { c: toGlobalId('Client', t.tenants.bankAId) }, tokens.bankA);
    const draft = seen.data!.messageTemplates.find((x: { name: string }) => x.name === '草稿');
    expect(draft.versions).toEqual([]);
    // The bank cannot approve a draft (it is not submitted); a collector cannot decide at all.
    expect((await t.gql(DECIDE, { v: draftId, ok: true }, tokens.bankA)).code).toBe('NOT_FOUND');
    expect((await t.gql(DECIDE, { v: draftId, ok: true }, tokens.collector)).code).toBe('FORBIDDEN');
    expect((await t.gql(CREATE_TEMPLATE, { input: { clientId: toGlobalId('Client', t.tenants.bankAId), channel: 'SMS', name: 'x', body: BODY, agencyPhone: '400-800-1234' } }, tokens.bankA)).code).toBe('FORBIDDEN');
    expect((await t.gql(SUBMIT, { v: draftId }, tokens.collector)).code).toBe('FORBIDDEN');
  });
});

describe('sending an SMS', () => {
  it('refuses a template with no approved version, with a code, and sends nothing', async () => {
    const pending = await bankTemplate(t, { admin: tokens.admin, bank: tokens.bankA }, { clientId: t.tenants.bankAId, channel: 'SMS', name: '待批', body: BODY }, false);
    const r = await gqlAt(t, AT_1000, SEND, { input: { accountId: acc(bankA.accountIds[0]), templateId: pending.templateId } }, tokens.collector);
    expect(r.data!.sendSms).toMatchObject({ __typename: 'NotEligible', code: 'TEMPLATE_NOT_APPROVED' });
    expect(await t.ownerQuery(`select 1 from sms_message`)).toEqual([]);
    expect(await t.ownerQuery(`select 1 from contact_attempt where channel = 'sms'`)).toEqual([]);
  });

  it('sends through the outbox adapter: rendered text, a contact attempt, events with ids only', async () => {
    const id = bankA.accountIds[0];
    const r = await gqlAt(t, AT_1000, SEND, { input: { accountId: acc(id), templateId: smsA.templateId } }, tokens.collector);
    expect(r.data!.sendSms).toMatchObject({
      __typename: 'SmsMessage',
      status: 'sent',
      adapter: 'outbox',
      to: '138****0001',
      body: '客户1您好：您在本行的账户A-1尚欠¥1,000.00。如有异议请致电400-800-1234。',
    });
    const [row] = await t.ownerQuery(`select to_number, status, sent_at from sms_message where account_id = $1`, [id]);
    expect(row).toMatchObject({ to_number: '13800000001', status: 'sent' });
    const [attempt] = await t.ownerQuery(`select channel, outcome_code, connected, policy_version, started_at from contact_attempt where account_id = $1`, [id]);
    expect(attempt).toMatchObject({ channel: 'sms', outcome_code: 'sms_sent', connected: false, policy_version: 0 });
    expect(attempt.started_at.toISOString()).toBe('2026-12-01T02:00:00.000Z');
    const events = await t.ownerQuery(`select type, payload from event_outbox where subject_id = $1 order by occurred_at, type`, [id]);
    expect(events.map((e) => e.type)).toEqual(['contact.attempted', 'sms.queued']);
    expect(JSON.stringify(events)).not.toContain('13800000001');
  });

  it('goes through the contact gate: refused outside the hours with the rule and the next time, kept as evidence', async () => {
    const id = bankA.accountIds[1];
    const r = await gqlAt(t, AT_2230, SEND, { input: { accountId: acc(id), templateId: smsA.templateId } }, tokens.collector);
    expect(r.data!.sendSms).toMatchObject({ __typename: 'ContactBlocked', code: 'COMPLIANCE_BLOCKED', rules: [{ rule: 'window' }], nextAllowedAt: '2026-12-02T00:00:00.000Z' });
    const [refusal] = await t.ownerQuery(`select channel, party from contact_refusal where account_id = $1`, [id]);
    expect(refusal).toEqual({ channel: 'sms', party: 'debtor' });
    expect(await t.ownerQuery(`select 1 from sms_message where account_id = $1`, [id])).toEqual([]);
  });

  it('counts SMS against the bank policy limit per person per day', async () => {
    const set = await t.gql(SET_POLICY, { input: { clientId: toGlobalId('Client', t.tenants.bankAId), kind: 'contact', preset: 'cn_gbt45251', body: { ...CN_PRESET, limits: { ...CN_PRESET.limits, sms: { ...CN_PRESET.limits.sms, attemptsPerDay: 2 } } } } }, tokens.admin);
    expect(set.data!.setClientPolicy).toEqual({ __typename: 'ClientPolicy', version: 1 });
    const id = bankA.accountIds[2];
    const send = () => gqlAt(t, AT_1000, SEND, { input: { accountId: acc(id), templateId: smsA.templateId } }, tokens.collector);
    expect((await send()).data!.sendSms.__typename).toBe('SmsMessage');
    expect((await send()).data!.sendSms.__typename).toBe('SmsMessage');
    const third = await send();
    expect(third.data!.sendSms).toMatchObject({ __typename: 'ContactBlocked', rules: [{ rule: 'attempts_per_day' }], nextAllowedAt: '2026-12-02T00:00:00.000Z' });
    // (Midnight resets the count; the window opens at 08:00, so the next allowed time is tomorrow 08:00.)
    const [{ n }] = await t.ownerQuery(`select count(*)::int as n from sms_message where account_id = $1`, [id]);
    expect(n).toBe(2);
  });

  it('concurrent sends for one person: exactly the daily limit goes out', async () => {
    const id = bankA.accountIds[1];
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => gqlAt(t, AT_1000, SEND, { input: { accountId: acc(id), templateId: smsA.templateId } }, i % 2 ? tokens.supervisor : tokens.collector)),
    );
    const kinds = results.map((r) => r.data!.sendSms.__typename).sort();
    expect(kinds).toEqual(['ContactBlocked', 'ContactBlocked', 'ContactBlocked', 'SmsMessage', 'SmsMessage']);
    const [{ n }] = await t.ownerQuery(`select count(*)::int as n from contact_attempt where account_id = $1 and channel = 'sms'`, [id]);
    expect(n).toBe(2);
  });

  it('is refused for a number on the do-not-call list', async () => {
    await gqlAt(t, AT_1000, `mutation { addToDoNotCall(number: "13800000004", reason: "本人要求") }`, {}, tokens.collector);
    const r = await gqlAt(t, AT_1000, SEND, { input: { accountId: acc(bankA.accountIds[3]), templateId: smsA.templateId } }, tokens.collector);
    expect(r.data!.sendSms).toMatchObject({ __typename: 'ContactBlocked', rules: [{ rule: 'do_not_call' }] });
  });
});

describe('isolation', () => {
  it("treats another bank's template like a missing one, for sending and for reading", async () => {
    // Bank A's approved template on Bank B's account: missing, nothing sent.
    const cross = await gqlAt(t, AT_1000, SEND, { input: { accountId: acc(bankB.accountIds[0]), templateId: smsA.templateId } }, tokens.collector);
    expect(cross.code).toBe('NOT_FOUND');
    expect(await t.ownerQuery(`select 1 from sms_message where account_id = $1`, [bankB.accountIds[0]])).toEqual([]);
    for (const who of ['bankB', 'rival'] as const) {
      const node = await t.gql(NODE, { id: smsA.templateId }, tokens[who]);
      expect(node.data!.node).toBeNull();
      const list = await t.gql(TEMPLATES, {}, tokens[who]);
      expect(list.data!.messageTemplates).toEqual([]);
      expect((await t.gql(DECIDE, { v: smsA.versionId, ok: false }, tokens[who])).code).toBe(who === 'bankB' ? 'NOT_FOUND' : 'FORBIDDEN');
    }
    // Versions and messages by node id: the owner bank resolves them, the other bank and agency get null.
    const sent = (await t.gql(`query($id: ID!) { account(id: $id) { smsMessages { id } } }`, { id: acc(bankA.accountIds[0]) }, tokens.collector)).data!.account.smsMessages[0].id;
    const ANY = `query($id: ID!) { node(id: $id) { id } }`;
    for (const id of [smsA.versionId, sent]) {
      expect((await t.gql(ANY, { id }, tokens.bankA)).data!.node).toEqual({ id });
      expect((await t.gql(ANY, { id }, tokens.bankB)).data!.node).toBeNull();
      expect((await t.gql(ANY, { id }, tokens.rival)).data!.node).toBeNull();
    }
    const own = await t.gql(NODE, { id: smsA.templateId }, tokens.bankA);
    expect(own.data!.node).toEqual({ id: smsA.templateId, name: '首次提醒' });
    // Bank B's user sees none of Bank A's messages on its own accounts' pages either.
    const q = `query($id: ID!) { account(id: $id) { id smsMessages { id } } }`;
    expect((await t.gql(q, { id: acc(bankA.accountIds[0]) }, tokens.bankB)).data?.account ?? null).toBeNull();
    expect((await t.gql(q, { id: acc(bankA.accountIds[0]) }, tokens.bankA)).data!.account.smsMessages).toHaveLength(1);
  });
});
