import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { bankTemplate, gqlAt } from './letters-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

let t: TestGateway;
let bankA: FixtureAccounts;
let bankB: FixtureAccounts;
let tokens: Record<string, string>;
let letterTpl: { templateId: string; versionId: string };
const acc = (id: string) => toGlobalId('Account', id);

const AT_1000 = '2026-12-01T02:00:00Z';
const AT_2230 = '2026-12-01T14:30:00Z';

const GENERATE = `mutation($input: GenerateLetterInput!) { generateLetter(input: $input) { __typename
  ... on Letter { id address sha256 size downloadPath createdAt templateName createdBy { displayName } templateVersion { version } }
  ... on ContactBlocked { code rules { rule } } ... on NotEligible { code message } } }`;
const REGISTER = `query($c: ID) { letterRegister(first: 20, clientId: $c) { totalCount edges { node { id address account { id } } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on Letter { sha256 } } }`;

/** The PDF's text as poppler extracts it (poppler-utils is installed where these tests run). */
function pdfText(pdf: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'letter-')), 'l.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

async function download(p: string, token: string): Promise<Response> {
  return t.fetch(p, { headers: { authorization: `Bearer ${token}` } });
}

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'), { worker: false });
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 3, prefix: 'A' });
  bankB = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankBId, n: 1, prefix: 'B' });
  // A debtor with a real Chinese name and two addresses.
  await t.ownerQuery(`update debtor set full_name = '欧阳明华', addresses = '["上海市浦东新区世纪大道100号", "北京市海淀区中关村大街1号"]' where client_id = $1 and identity_hash = 'A-1'`, [t.tenants.bankAId]);
  // Collectors see the accounts assigned to them.
  await t.ownerQuery(`update account set assigned_collector_id = $1`, [t.tenants.users.collector]);
  tokens = await t.loginEach({
    collector: 'collector@demo-agency.test',
    admin: 'admin@demo-agency.test',
    bankA: 'bank-a@demo-bank-a.test',
    bankB: 'bank-b@demo-bank-b.test',
    rival: 'admin@rival-recovery.test',
  });
  letterTpl = await bankTemplate(
    t,
    { admin: tokens.admin, bank: tokens.bankA },
    {
      clientId: t.tenants.bankAId,
      channel: 'LETTER',
      name: '催收函',
      title: '关于账户{{reference}}的还款通知',
      body: '尊敬的{{debtorName}}：\n\n截至本函发出之日，您尚欠{{amountDue}}。\n\n如对欠款有异议，请于收到本函后十五日内致电{{agencyPhone}}提出。',
    },
  );
});

afterAll(async () => {
  await t?.close();
});

describe('letters', () => {
  it('refuses a letter template the bank has not approved, with a code', async () => {
    const pending = await bankTemplate(t, { admin: tokens.admin, bank: tokens.bankA }, { clientId: t.tenants.bankAId, channel: 'LETTER', name: '未批', body: '{{debtorName}}' }, false);
    const r = await gqlAt(t, AT_1000, GENERATE, { input: { accountId: acc(bankA.accountIds[0]), templateId: pending.templateId } }, tokens.collector);
    expect(r.data!.generateLetter).toMatchObject({ __typename: 'NotEligible', code: 'TEMPLATE_NOT_APPROVED' });
    // An SMS template is not a letter template: missing.
    expect(await t.ownerQuery(`select 1 from letter`)).toEqual([]);
  });

  it('renders the PDF with the Chinese text, stores it with its SHA-256 and registers it as a contact attempt', async () => {
    const id = bankA.accountIds[0];
    const r = await gqlAt(t, AT_1000, GENERATE, { input: { accountId: acc(id), templateId: letterTpl.templateId, addressIndex: 1 } }, tokens.collector);
    const letter = r.data!.generateLetter;
    expect(letter).toMatchObject({ __typename: 'Letter', address: '北京市海淀区中关村大街1号', templateName: '催收函', templateVersion: { version: 1 }, createdAt: '2026-12-01T02:00:00.000Z' });

    const res = await download(letter.downloadPath, tokens.collector);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(letter.sha256);
    expect(pdf.length).toBe(letter.size);
    const text = pdfText(pdf).replace(/\s+/g, '');
    expect(text).toContain('尊敬的欧阳明华：');
    expect(text).toContain('您尚欠¥1,000.00。');
    expect(text).toContain('关于账户A-1的还款通知');
    expect(text).toContain('北京市海淀区中关村大街1号');
    expect(text).toContain('400-800-1234');
    // Every letter says how to object (Art. 69), whatever its template says.
    expect(text).toContain('如对上述债务有异议');
    expect(text).toContain('12378');

    const [attempt] = await t.ownerQuery(`select channel, outcome_code, party, made_by from contact_attempt where account_id = $1`, [id]);
    expect(attempt).toEqual({ channel: 'letter', outcome_code: 'letter_sent', party: 'debtor', made_by: t.tenants.users.collector });
    const [row] = await t.ownerQuery(`select sha256, template_version_id, created_by from letter where account_id = $1`, [id]);
    expect(row.sha256).toBe(letter.sha256);
    const events = await t.ownerQuery(`select type from event_outbox where subject_id = $1 order by type`, [id]);
    expect(events.map((e) => e.type)).toEqual(['contact.attempted', 'letter.sent']);
    const audit = await t.ownerQuery(`select actor_user_id from audit_log where kind = 'download' and operation = 'letterPdf'`);
    expect(audit).toEqual([{ actor_user_id: t.tenants.users.collector }]);
  });

  it('goes through the contact gate (channel letter): refused outside the hours, nothing stored', async () => {
    const id = bankA.accountIds[1];
    const r = await gqlAt(t, AT_2230, GENERATE, { input: { accountId: acc(id), templateId: letterTpl.templateId } }, tokens.collector);
    expect(r.data!.generateLetter).toMatchObject({ __typename: 'ContactBlocked', code: 'COMPLIANCE_BLOCKED', rules: [{ rule: 'window' }] });
    expect(await t.ownerQuery(`select 1 from letter where account_id = $1`, [id])).toEqual([]);
    expect(await t.ownerQuery(`select channel from contact_refusal where account_id = $1`, [id])).toEqual([{ channel: 'letter' }]);
  });

  it('lists the letter in the register for the agency and the bank', async () => {
    const agency = await t.gql(REGISTER, {}, tokens.collector);
    expect(agency.data!.letterRegister.edges.map((e: any) => e.node.account.id)).toEqual([acc(bankA.accountIds[0])]);
    const bank = await t.gql(REGISTER, {}, tokens.bankA);
    expect(bank.data!.letterRegister.edges).toHaveLength(1);
  });
});

describe('isolation', () => {
  it("another bank's letter and template are missing: register, node, download and generate", async () => {
    const letter = (await t.gql(REGISTER, {}, tokens.collector)).data!.letterRegister.edges[0].node;
    for (const who of ['bankB', 'rival'] as const) {
      expect((await t.gql(REGISTER, {}, tokens[who])).data!.letterRegister.edges).toEqual([]);
      expect((await t.gql(NODE, { id: letter.id }, tokens[who])).data!.node).toBeNull();
      const res = await download(`/api/letters/${letter.id}/pdf`, tokens[who]);
      expect(res.status).toBe(404);
    }
    // Bank A's approved template on Bank B's account is missing, and nothing is stored.
    const cross = await gqlAt(t, AT_1000, GENERATE, { input: { accountId: acc(bankB.accountIds[0]), templateId: letterTpl.templateId } }, tokens.collector);
    expect(cross.code).toBe('NOT_FOUND');
    expect(await t.ownerQuery(`select 1 from letter where client_id = $1`, [t.tenants.bankBId])).toEqual([]);
  });
});
