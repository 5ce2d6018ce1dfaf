import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromGlobalId, toGlobalId } from '@arrears/graphql';
import { LEGAL_ELIGIBILITY } from '@arrears/legal';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

let t: TestGateway;
let dataDir: string;
let bankA: FixtureAccounts;
let bankB: FixtureAccounts;
let tok: Record<string, string>;
let firmA: string;
let firmB: string;
const acc = (id: string) => toGlobalId('Account', id);
const dbIdOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
// A tiny valid PDF is not needed: the store keeps bytes; the name decides the content type.
const pdfBytes = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

const CANDIDATES = `query($c: ID!, $e: Boolean) { legalCandidates(clientId: $c, first: 20, eligibleOnly: $e) {
  edges { node { accountId bankRef dpd eligible missing checks { code passed message } limitation { startsOn expiresOn timeBarred } } } } }`;
const REFER = `mutation($input: ReferToLawFirmInput!) { referToLawFirm(input: $input) { __typename
  ... on ReferralResult { cases { id status lawFirmName caseFile { manifestSha256 } } refused { accountId code message } }
  ... on NotEligible { code message } } }`;
const CASE = `query($id: ID!) { legalCase(id: $id) { id status debtorName accountRef plaintiffName account { id } client { id } lawFirm { id name }
  caseFile { manifestSha256 manifest snapshot } documents { id kind inCaseFile fileName sha256 size downloadPath }
  statusHistory { from to } costs { amount { amount } } recoveries { id status amount { amount currency } } } }`;
const CASES = `{ legalCases(first: 50) { edges { node { id status } } } }`;
const MOVE = `mutation($input: MoveLegalCaseInput!) { moveLegalCase(input: $input) { __typename ... on LegalCase { id status } ... on NotEligible { code message } } }`;
const AUTHORISE = `mutation($id: ID!, $ok: Boolean!) { authoriseLegalCase(caseId: $id, approve: $ok, note: "授权起诉") { __typename ... on LegalCase { id status caseFile { manifestSha256 } } ... on NotEligible { code } } }`;

async function upload(pathname: string, token: string, fields: Record<string, string>, file: { name: string; body: Buffer }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file.body)]), file.name);
  const res = await t.fetch(pathname, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: await res.json() };
}

async function download(pathname: string, token: string) {
  const res = await t.fetch(pathname, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-legal-'));
  t = await startTestGateway(inject('pgAdminUrl'), { env: { DATA_DIR: dataDir } });
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 10, prefix: 'LA' });
  bankB = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankBId, n: 10, prefix: 'LB' });
  // Accounts 8–10 of each bank: 220+ days past due with balances above the 5,000 threshold.
  await t.ownerQuery(`update account set principal = 12000, interest = 800.50, fees = 120, charge_off_date = delinquent_since + 180 where id = any($1::uuid[])`, [
    [...bankA.accountIds.slice(7), ...bankB.accountIds.slice(7)],
  ]);
  tok = await t.loginEach({
    admin: 'admin@demo-agency.test',
    supervisor: 'supervisor@demo-agency.test',
    collector: 'collector@demo-agency.test',
    bankA: 'bank-a@demo-bank-a.test',
    bankB: 'bank-b@demo-bank-b.test',
    lawyerA: 'lawyer@demo-lawfirm.test',
    rival: 'admin@rival-recovery.test',
  });
  const [demoFirm] = await t.ownerQuery(`select id from law_firm where name = 'Demo Law Firm'`);
  firmA = toGlobalId('LawFirm', demoFirm.id);
});

afterAll(async () => {
  await t?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('law firms', () => {
  it('lets the agency admin describe firms and create a lawyer bound to one', async () => {
    const save = `mutation($id: ID, $input: LawFirmInput!) { saveLawFirm(id: $id, input: $input) { id name regions courts feeBasis feeRate fixedFee contactName } }`;
    const created = await t.gql(save, { input: { name: '第二律师事务所', contactName: '周律师', regions: ['上海'], courts: ['上海市浦东新区人民法院'], feeBasis: 'RISK_AGENCY', feeRate: '0.3' } }, tok.admin);
    expect(created.errors).toBeUndefined();
    expect(created.data!.saveLawFirm).toMatchObject({ name: '第二律师事务所', regions: ['上海'], feeBasis: 'RISK_AGENCY', feeRate: '0.3000', fixedFee: null });
    firmB = created.data!.saveLawFirm.id;
    const updated = await t.gql(save, { id: firmA, input: { name: 'Demo Law Firm', regions: ['北京'], feeBasis: 'FIXED', fixedFee: '3000' } }, tok.admin);
    expect(updated.data!.saveLawFirm).toMatchObject({ feeBasis: 'FIXED', fixedFee: '3000.00', regions: ['北京'] });
    expect((await t.gql(save, { input: { name: 'No rate', feeBasis: 'CONTINGENCY' } }, tok.admin)).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(save, { input: { name: 'By a supervisor', feeBasis: 'FIXED', fixedFee: '1' } }, tok.supervisor)).code).toBe('FORBIDDEN');

    const user = await t.gql(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id role lawFirm { id } } }`,
      { input: { email: 'lawyer@second-firm.test', displayName: '周律师', role: 'LAWYER', password: 'arrears-demo-2', lawFirmId: firmB } },
      tok.admin,
    );
    expect(user.errors).toBeUndefined();
    expect(user.data!.createUser.lawFirm.id).toBe(firmB);
    tok.lawyerB = await t.login('lawyer@second-firm.test', 'arrears-demo-2');

    const list = `{ lawFirms(first: 10) { edges { node { id name } } } }`;
    expect((await t.gql(list, {}, tok.supervisor)).data!.lawFirms.edges.map((e: any) => e.node.name)).toEqual(['Demo Law Firm', '第二律师事务所']);
    expect((await t.gql(list, {}, tok.lawyerB)).data!.lawFirms.edges.map((e: any) => e.node.id)).toEqual([firmB]);
    expect((await t.gql(list, {}, tok.rival)).data!.lawFirms.edges).toEqual([]);
    expect((await t.gql(list, {}, tok.bankA)).code).toBe('FORBIDDEN');
  });
});

describe('candidates, completeness and referral', () => {
  it('lists each account with every rule and what its case file lacks', async () => {
    const r = await t.gql(CANDIDATES, { c: toGlobalId('Client', t.tenants.bankAId) }, tok.supervisor);
    expect(r.errors).toBeUndefined();
    const nodes = r.data!.legalCandidates.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.dpd)).toEqual([280, 250, 220, 190, 160, 130, 100, 70, 40, 10]);
    const top = nodes[0];
    expect(top).toMatchObject({ eligible: true, missing: ['plaintiff_legal_entity', 'card_agreement', 'application'] });
    const fourth = nodes[3]; // 190 days but a balance of 4,000
    expect(fourth.eligible).toBe(false);
    expect(fourth.checks.find((c: any) => c.code === 'MIN_BALANCE')).toMatchObject({ passed: false });
    const eligibleOnly = await t.gql(CANDIDATES, { c: toGlobalId('Client', t.tenants.bankAId), e: true }, tok.supervisor);
    expect(eligibleOnly.data!.legalCandidates.edges.map((e: any) => e.node.bankRef)).toEqual(['LA-10', 'LA-9', 'LA-8']);
    // A bank user, a collector and a lawyer cannot list candidates; another agency's admin sees no account.
    for (const who of ['bankA', 'collector', 'lawyerA']) expect((await t.gql(CANDIDATES, { c: toGlobalId('Client', t.tenants.bankAId) }, tok[who])).code).toBe('FORBIDDEN');
    expect((await t.gql(CANDIDATES, { c: toGlobalId('Client', t.tenants.bankAId) }, tok.rival)).data!.legalCandidates.edges).toEqual([]);
  });

  it("takes bank A's contract requirement of an authorisation as a tightened policy, and still refuses a loosening", async () => {
    const set = `mutation($input: SetClientPolicyInput!) { setClientPolicy(input: $input) { __typename ... on ClientPolicy { version } ... on PolicyRejected { violations { rule } } } }`;
    const body = { ...LEGAL_ELIGIBILITY.presets.cn, bankAuthorisationRequired: true };
    const r = await t.gql(set, { input: { clientId: toGlobalId('Client', t.tenants.bankAId), kind: 'legal_eligibility', preset: 'cn', body } }, tok.admin);
    expect(r.data!.setClientPolicy).toMatchObject({ __typename: 'ClientPolicy', version: 1 });
    const tooLoose = await t.gql(set, { input: { clientId: toGlobalId('Client', t.tenants.bankAId), kind: 'legal_eligibility', preset: 'cn', body: { ...body, minDpd: 90 } } }, tok.admin);
    expect(tooLoose.data!.setClientPolicy.violations.map((v: any) => v.rule)).toEqual(['minDpd']);
    const readiness = `query($c: ID!) { legalReadiness(clientId: $c) { policyVersion authorisationRequired } }`;
    expect((await t.gql(readiness, { c: toGlobalId('Client', t.tenants.bankAId) }, tok.supervisor)).data!.legalReadiness).toEqual({ policyVersion: 1, authorisationRequired: true });
    expect((await t.gql(readiness, { c: toGlobalId('Client', t.tenants.bankBId) }, tok.bankB)).data!.legalReadiness).toEqual({ policyVersion: 0, authorisationRequired: false });
  });

  it('refuses an incomplete or ineligible account with its reason, and refers nothing', async () => {
    const r = await t.gql(REFER, { input: { accountIds: [acc(bankA.accountIds[9]), acc(bankA.accountIds[0])], lawFirmId: firmA } }, tok.supervisor);
    expect(r.data!.referToLawFirm.cases).toEqual([]);
    expect(r.data!.referToLawFirm.refused.map((x: any) => x.code), JSON.stringify(r.data!.referToLawFirm.refused)).toEqual(['CASE_FILE_INCOMPLETE', 'NOT_ELIGIBLE']);
    expect(r.data!.referToLawFirm.refused[0].accountId).toBe(acc(bankA.accountIds[9]));
    expect(await t.ownerQuery('select count(*)::int as n from legal_case')).toEqual([{ n: 0 }]);
  });

  it('takes the bank’s plaintiff entity and documents through the upload pattern', async () => {
    const plaintiff = `mutation($c: ID!) { setLegalPlaintiff(clientId: $c, input: { legalName: "演示银行股份有限公司", creditCode: "91110000000000000A", representative: "张行长" }) { legalName } }`;
    expect((await t.gql(plaintiff, { c: toGlobalId('Client', t.tenants.bankAId) }, tok.bankA)).data!.setLegalPlaintiff.legalName).toBe('演示银行股份有限公司');
    expect((await t.gql(plaintiff, { c: toGlobalId('Client', t.tenants.bankAId) }, tok.bankB)).code).toBe('NOT_FOUND');
    await t.gql(plaintiff, { c: toGlobalId('Client', t.tenants.bankBId) }, tok.bankB);

    for (const id of [bankA.accountIds[9], bankA.accountIds[8], bankA.accountIds[7]]) {
      for (const kind of ['card_agreement', 'application']) {
        const up = await upload(`/api/legal/accounts/${acc(id)}/documents`, tok.bankA, { kind }, { name: `${kind}.pdf`, body: pdfBytes(`${kind} ${id}`) });
        expect(up.status).toBe(201);
        expect(up.body.sha256).toBe(sha(pdfBytes(`${kind} ${id}`)));
      }
    }
    // Another bank's account is missing; a lawyer may not upload bank documents; a wrong type is refused.
    expect((await upload(`/api/legal/accounts/${acc(bankA.accountIds[9])}/documents`, tok.bankB, { kind: 'application' }, { name: 'x.pdf', body: pdfBytes('x') })).status).toBe(404);
    expect((await upload(`/api/legal/accounts/${acc(bankA.accountIds[9])}/documents`, tok.lawyerA, { kind: 'application' }, { name: 'x.pdf', body: pdfBytes('x') })).status).toBe(403);
    expect((await upload(`/api/legal/accounts/${acc(bankA.accountIds[9])}/documents`, tok.bankA, { kind: 'application' }, { name: 'x.exe', body: pdfBytes('x') })).status).toBe(400);
    expect((await t.ownerQuery(`select count(*)::int as n from legal_bank_document`))[0].n).toBe(6);
    const c = await t.gql(CANDIDATES, { c: toGlobalId('Client', t.tenants.bankAId), e: true }, tok.supervisor);
    expect(c.data!.legalCandidates.edges.map((e: any) => e.node.missing)).toEqual([[], [], []]);
  });
});

let caseA: string;
let caseA2: string;
let caseB: string;
let manifest: any;

describe('referral, the bank’s authorisation and the lawyer’s view', () => {
  it('refers, holds the account, and keeps the case from the firm until the bank authorises', async () => {
    const r = await t.gql(REFER, { input: { accountIds: [acc(bankA.accountIds[9]), acc(bankA.accountIds[8])], lawFirmId: firmA, note: '批量起诉' } }, tok.supervisor);
    expect(r.errors).toBeUndefined();
    const cases = r.data!.referToLawFirm.cases;
    expect(cases.map((c: any) => c.status)).toEqual(['AWAITING_AUTHORISATION', 'AWAITING_AUTHORISATION']);
    expect(cases[0].caseFile).toBeNull();
    [caseA, caseA2] = cases.map((c: any) => c.id);
    const holds = await t.ownerQuery(`select reason, source_type from account_hold where account_id = $1 and lifted_at is null`, [bankA.accountIds[9]]);
    expect(holds).toEqual([{ reason: 'legal_case', source_type: 'legal_case' }]);
    expect((await t.gql(CASES, {}, tok.lawyerA)).data!.legalCases.edges).toEqual([]);
    expect((await t.gql(CASE, { id: caseA }, tok.lawyerA)).data!.legalCase).toBeNull();
    // Referring again while the case is active is refused.
    const again = await t.gql(REFER, { input: { accountIds: [acc(bankA.accountIds[9])], lawFirmId: firmB } }, tok.supervisor);
    expect(again.data!.referToLawFirm.refused[0]).toMatchObject({ code: 'NOT_ELIGIBLE' });
    expect(again.data!.referToLawFirm.refused[0].message).toContain('active legal case');
  });

  it('lets only the bank of the account authorise, and assembles the case file then', async () => {
    expect((await t.gql(AUTHORISE, { id: caseA, ok: true }, tok.bankB)).code).toBe('NOT_FOUND');
    expect((await t.gql(AUTHORISE, { id: caseA, ok: true }, tok.supervisor)).code).toBe('FORBIDDEN');
    const ok = await t.gql(AUTHORISE, { id: caseA, ok: true }, tok.bankA);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.authoriseLegalCase).toMatchObject({ status: 'REFERRED' });
    expect(ok.data!.authoriseLegalCase.caseFile.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await t.gql(AUTHORISE, { id: caseA, ok: true }, tok.bankA)).data!.authoriseLegalCase).toMatchObject({ code: 'NOT_YOURS_TO_MOVE' });
    const declined = await t.gql(AUTHORISE, { id: caseA2, ok: false }, tok.bankA);
    expect(declined.data!.authoriseLegalCase.status).toBe('AUTHORISATION_DECLINED');
    expect(await t.ownerQuery(`select count(*)::int as n from account_hold where account_id = $1 and lifted_at is null`, [bankA.accountIds[8]])).toEqual([{ n: 0 }]);
    const events = await t.ownerQuery(`select type from event_outbox where type like 'legal.%' order by occurred_at, type`);
    expect(events.map((e) => e.type).sort()).toEqual(['legal.authorisation_declined', 'legal.case_authorised', 'legal.case_referred', 'legal.case_referred']);
  });

  it("shows the lawyer the firm's case through its case file and nothing else", async () => {
    const list = await t.gql(CASES, {}, tok.lawyerA);
    expect(list.data!.legalCases.edges.map((e: any) => e.node.id)).toEqual([caseA]);
    const c = await t.gql(CASE, { id: caseA }, tok.lawyerA);
    expect(c.errors).toBeUndefined();
    const lc = c.data!.legalCase;
    expect(lc).toMatchObject({ status: 'REFERRED', debtorName: '客户10', accountRef: 'LA-10', plaintiffName: '演示银行股份有限公司', account: null, client: null });
    expect(lc.lawFirm.id).toBe(firmA);
    manifest = lc.caseFile.manifest;
    expect(manifest.documents.map((d: any) => d.kind).sort()).toEqual(['application', 'authorisation', 'card_agreement', 'case_file_json', 'statement_pdf']);
    expect(manifest.sections.find((s: any) => s.name === 'contact_history')).toMatchObject({ status: 'none on file', entries: 0 });
    expect(lc.caseFile.snapshot.statement).toMatchObject({ principal: '12000.00', interest: '800.50', fees: '120.00', balance: '12920.50', source: 'ledger' });
    expect(lc.caseFile.snapshot.authorisation).toMatchObject({ required: true, authorisedBy: 'Bank A Portfolio Manager', note: '授权起诉' });

    // The account, the debtor and the bank stay invisible outside the case file: by id, by list, by node.
    const node = `query($id: ID!) { node(id: $id) { id } }`;
    expect((await t.gql(node, { id: acc(bankA.accountIds[9]) }, tok.lawyerA)).data!.node).toBeNull();
    expect((await t.gql(node, { id: toGlobalId('Client', t.tenants.bankAId) }, tok.lawyerA)).data!.node).toBeNull();
    expect((await t.gql(node, { id: caseA }, tok.lawyerA)).data!.node).toEqual({ id: caseA });
    const accounts = await t.gql(`{ accounts(first: 5) { edges { node { id } } } }`, {}, tok.lawyerA);
    expect(accounts.data?.accounts?.edges ?? []).toEqual([]);
  });

  it("hides one firm's case from another firm's lawyer, by id, by list and through nested fields", async () => {
    for (const kind of ['card_agreement', 'application']) await upload(`/api/legal/accounts/${acc(bankB.accountIds[9])}/documents`, tok.bankB, { kind }, { name: `${kind}.pdf`, body: pdfBytes(kind) });
    // Bank B's policy needs no authorisation: the file is assembled and handed over at referral.
    const r = await t.gql(REFER, { input: { accountIds: [acc(bankB.accountIds[9])], lawFirmId: firmB } }, tok.supervisor);
    expect(r.data!.referToLawFirm.cases[0]).toMatchObject({ status: 'REFERRED', lawFirmName: '第二律师事务所' });
    expect(r.data!.referToLawFirm.cases[0].caseFile.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    caseB = r.data!.referToLawFirm.cases[0].id;
    expect((await t.gql(AUTHORISE, { id: caseB, ok: true }, tok.bankB)).data!.authoriseLegalCase).toMatchObject({ code: 'NOT_YOURS_TO_MOVE' });

    expect((await t.gql(CASES, {}, tok.lawyerB)).data!.legalCases.edges.map((e: any) => e.node.id)).toEqual([caseB]);
    expect((await t.gql(CASES, {}, tok.lawyerA)).data!.legalCases.edges.map((e: any) => e.node.id)).toEqual([caseA]);
    expect((await t.gql(CASE, { id: caseA }, tok.lawyerB)).data!.legalCase).toBeNull();
    expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: caseA }, tok.lawyerB)).data!.node).toBeNull();
    const b = (await t.gql(CASE, { id: caseB }, tok.lawyerB)).data!.legalCase;
    expect(b.lawFirm.id).toBe(firmB);
    expect(b.account).toBeNull();
    // Bank A sees its own case (with its account), not bank B's; the rival agency sees none.
    expect((await t.gql(CASES, {}, tok.bankA)).data!.legalCases.edges.map((e: any) => e.node.id).sort()).toEqual([caseA, caseA2].sort());
    expect((await t.gql(CASE, { id: caseA }, tok.bankA)).data!.legalCase.account).toEqual({ id: acc(bankA.accountIds[9]) });
    expect((await t.gql(CASES, {}, tok.rival)).data!.legalCases.edges).toEqual([]);
    // Proof that the rows exist: the owner sees both firms' cases.
    expect((await t.ownerQuery(`select count(*)::int as n from legal_case where firm_visible`))[0].n).toBe(2);
  });
});

describe('the case file', () => {
  it('downloads, audited, with every hash matching the manifest; the PDF renders Chinese', async () => {
    const docs = (await t.gql(CASE, { id: caseA }, tok.lawyerA)).data!.legalCase.documents;
    expect(docs.map((d: any) => d.kind).sort()).toEqual(['application', 'authorisation', 'card_agreement', 'case_file_json', 'manifest', 'statement_pdf']);
    const before = (await t.ownerQuery(`select count(*)::int as n from audit_log where kind = 'download'`))[0].n;
    for (const d of docs) {
      const got = await download(d.downloadPath, tok.lawyerA);
      expect(got.status).toBe(200);
      expect(sha(got.body)).toBe(d.sha256);
      const listed = manifest.documents.find((m: any) => m.fileName === d.fileName);
      if (d.kind !== 'manifest') expect(listed.sha256).toBe(d.sha256);
      if (d.kind === 'manifest') expect(sha(got.body)).toBe((await t.gql(CASE, { id: caseA }, tok.lawyerA)).data!.legalCase.caseFile.manifestSha256);
      if (d.kind === 'statement_pdf') {
        const file = path.join(dataDir, 'statement.pdf');
        fs.writeFileSync(file, got.body);
        const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
        expect(text).toContain('债权明细');
        expect(text).toContain('客户10');
        expect(text).toContain('演示银行股份有限公司');
        expect(text).toContain('12920.50');
        expect(text).toMatch(/无记录\s+None on file/);
      }
    }
    const audits = await t.ownerQuery(`select actor_user_id, operation, target_ids from audit_log where kind = 'download' order by id`);
    expect(audits.length - before).toBe(docs.length);
    expect(audits.at(-1)).toMatchObject({ actor_user_id: t.tenants.users.lawyer, operation: 'legalDocument' });
    // Another firm's lawyer, another bank and an anonymous caller get nothing.
    expect((await download(docs[0].downloadPath, tok.lawyerB)).status).toBe(404);
    expect((await download(docs[0].downloadPath, tok.bankB)).status).toBe(404);
    expect((await download(docs[0].downloadPath, '')).status).toBe(401);
    expect((await download(docs[0].downloadPath, tok.collector)).status).toBe(403);
  });

  it('never changes when the account changes after referral, and cannot be rewritten', async () => {
    const before = (await t.gql(CASE, { id: caseA }, tok.lawyerA)).data!.legalCase;
    await t.ownerQuery(`update account set principal = 1, interest = 0, fees = 0, last_payment_date = '2026-11-20', last_payment_amount = 50 where id = $1`, [bankA.accountIds[9]]);
    await t.ownerQuery(`update debtor set full_name = '改名' where id = (select debtor_id from account where id = $1)`, [bankA.accountIds[9]]);
    const after = (await t.gql(CASE, { id: caseA }, tok.lawyerA)).data!.legalCase;
    expect(after.caseFile).toEqual(before.caseFile);
    expect(after.documents).toEqual(before.documents);
    expect(after.debtorName).toBe('客户10');
    for (const d of after.documents) expect(sha((await download(d.downloadPath, tok.supervisor)).body)).toBe(d.sha256);
    // The application role has no UPDATE on case files or documents, for anybody.
    const [{ privileges }] = await t.ownerQuery(
      `select array_agg(privilege_type::text order by privilege_type) as privileges from information_schema.role_table_grants where grantee = 'arrears_app' and table_name in ('legal_case_file', 'legal_case_document')`,
    );
    expect(privileges).toEqual(['INSERT', 'INSERT', 'SELECT', 'SELECT']);
    // The bank restates the balance again, so the recovery below is a part payment.
    await t.ownerQuery(`update account set principal = 12000, interest = 800.50, fees = 120 where id = $1`, [bankA.accountIds[9]]);
  });
});

describe("the firm's work", () => {
  it('walks the status machine and refuses illegal moves with a code', async () => {
    expect((await t.gql(MOVE, { input: { caseId: caseA, to: 'FILED' } }, tok.lawyerA)).data!.moveLegalCase).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    expect((await t.gql(MOVE, { input: { caseId: caseA, to: 'ACCEPTED' } }, tok.lawyerB)).code).toBe('NOT_FOUND');
    expect((await t.gql(MOVE, { input: { caseId: caseA, to: 'ACCEPTED' } }, tok.lawyerA)).data!.moveLegalCase.status).toBe('ACCEPTED');
    const filed = await t.gql(MOVE, { input: { caseId: caseA, to: 'FILED', court: '北京市朝阳区人民法院', courtCaseNo: '(2026)京0105民初1号' } }, tok.lawyerA);
    expect(filed.data!.moveLegalCase.status).toBe('FILED');
    expect((await t.gql(MOVE, { input: { caseId: caseA, to: 'HEARING' } }, tok.supervisor)).data!.moveLegalCase).toMatchObject({ code: 'NOT_YOURS_TO_MOVE' });
    const events = await t.ownerQuery(`select type, actor_user_id from event_outbox where subject_id = $1 and type = 'legal.status_changed'`, [dbIdOf(caseA)]);
    expect(events).toHaveLength(2);
    expect(events[0].actor_user_id).toBe(t.tenants.users.lawyer);
  });

  it('uploads court documents for the firm only', async () => {
    const up = await upload(`/api/legal/cases/${caseA}/documents`, tok.lawyerA, {}, { name: '起诉状.pdf', body: pdfBytes('complaint') });
    expect(up.status).toBe(201);
    expect((await upload(`/api/legal/cases/${caseA}/documents`, tok.lawyerB, {}, { name: 'x.pdf', body: pdfBytes('x') })).status).toBe(404);
    const docs = (await t.gql(CASE, { id: caseA }, tok.supervisor)).data!.legalCase.documents;
    expect(docs.filter((d: any) => !d.inCaseFile).map((d: any) => d.kind)).toEqual(['court_document']);
  });

  it('records costs and a recovery that staff confirm and that is posted once', async () => {
    const cost = await t.gql(
      `mutation { recordLegalCost(input: { caseId: "${caseA}", kind: COURT_FEE, amount: "250.00", incurredOn: "2026-11-25" }) { __typename ... on LegalCost { amount { amount currency } } } }`,
      {},
      tok.lawyerA,
    );
    expect(cost.data!.recordLegalCost).toMatchObject({ amount: { amount: '250.00', currency: 'CNY' } });
    const rec = await t.gql(
      `mutation { recordLegalRecovery(input: { caseId: "${caseA}", amount: "3000.00", receivedOn: "2026-11-28", note: "法院划扣" }) { __typename ... on LegalRecovery { id status } } }`,
      {},
      tok.lawyerA,
    );
    const recoveryId = rec.data!.recordLegalRecovery.id;
    expect(rec.data!.recordLegalRecovery.status).toBe('RECORDED');
    const decide = `mutation($id: ID!) { decideLegalRecovery(recoveryId: $id, confirm: true) { __typename ... on LegalRecovery { status } ... on NotEligible { code } } }`;
    expect((await t.gql(decide, { id: recoveryId }, tok.lawyerA)).code).toBe('FORBIDDEN');
    expect((await t.gql(decide, { id: recoveryId }, tok.rival)).code).toBe('NOT_FOUND');
    const [first, second] = await Promise.all([t.gql(decide, { id: recoveryId }, tok.supervisor), t.gql(decide, { id: recoveryId }, tok.admin)]);
    const outcomes = [first, second].map((r) => r.data?.decideLegalRecovery?.status ?? r.data?.decideLegalRecovery?.code ?? r.code).sort();
    expect(outcomes).toEqual(['ALREADY_DECIDED', 'CONFIRMED'].sort());
    expect(await t.ownerQuery(`select amount, currency from legal_recovery_posting`)).toEqual([{ amount: '3000.00', currency: 'CNY' }]);
    expect((await t.ownerQuery(`select count(*)::int as n from event_outbox where type = 'legal.recovery_confirmed'`))[0].n).toBe(1);
    // The bank sees the status and the confirmed recovery on its case.
    const seen = (await t.gql(CASE, { id: caseA }, tok.bankA)).data!.legalCase;
    expect(seen).toMatchObject({ status: 'FILED', recoveries: [{ status: 'CONFIRMED', amount: { amount: '3000.00', currency: 'CNY' } }], costs: [{ amount: { amount: '250.00' } }] });
  });

  it('keeps the account held while active, refuses its recall, and lifts the hold when the case ends', async () => {
    const recall = `mutation($ids: [ID!]) { recallAccounts(input: { accountIds: $ids, reason: "bank recall" }) { recalled } }`;
    expect((await t.gql(recall, { ids: [acc(bankA.accountIds[9])] }, tok.bankA)).data!.recallAccounts.recalled).toBe(0);
    expect((await t.ownerQuery(`select status from account where id = $1`, [bankA.accountIds[9]]))[0].status).toBe('active');
    // The firm returns bank B's case: the database lifts its hold for the firm, who has no client scope.
    await t.gql(MOVE, { input: { caseId: caseB, to: 'ACCEPTED' } }, tok.lawyerB);
    const returned = await t.gql(MOVE, { input: { caseId: caseB, to: 'RETURNED', note: '无财产可供执行' } }, tok.lawyerB);
    expect(returned.data!.moveLegalCase.status).toBe('RETURNED');
    expect(await t.ownerQuery(`select count(*)::int as n from account_hold where account_id = $1 and lifted_at is null`, [bankB.accountIds[9]])).toEqual([{ n: 0 }]);
    expect((await t.gql(MOVE, { input: { caseId: caseB, to: 'FILED' } }, tok.lawyerB)).data!.moveLegalCase).toMatchObject({ code: 'CASE_CLOSED' });
    // The agency withdraws bank A's case: the hold goes, and the recall now works.
    const w = await t.gql(MOVE, { input: { caseId: caseA, to: 'WITHDRAWN', note: '银行撤回' } }, tok.supervisor);
    expect(w.data!.moveLegalCase.status).toBe('WITHDRAWN');
    expect(await t.ownerQuery(`select count(*)::int as n from account_hold where account_id = $1 and lifted_at is null`, [bankA.accountIds[9]])).toEqual([{ n: 0 }]);
    expect((await t.gql(recall, { ids: [acc(bankA.accountIds[9])] }, tok.bankA)).data!.recallAccounts.recalled).toBe(1);
    // Both lifts are announced alike to the bank's subscribers: the firm's (by the database) and the agency's.
    const liftEvents = async (accountId: string) =>
      t.ownerQuery(`select e.payload, e.actor_user_id is not null as by_user from event_outbox e where e.type = 'hold.lifted' and e.subject_id = $1`, [accountId]);
    const [firmLift] = await liftEvents(bankB.accountIds[9]);
    expect(firmLift).toMatchObject({ by_user: true, payload: { reason: 'legal_case', endsAt: null, source: { type: 'legal_case', id: fromGlobalId(caseB)!.id } } });
    const [agencyLift] = await liftEvents(bankA.accountIds[9]);
    expect(Object.keys(firmLift.payload).sort()).toEqual(Object.keys(agencyLift.payload).sort());
    expect(agencyLift.payload.source).toEqual({ type: 'legal_case', id: fromGlobalId(caseA)!.id });
  });
});

describe('row-level security on every legal table, as the application role', () => {
  const TABLES = ['legal_case', 'legal_case_file', 'legal_case_document', 'legal_case_status', 'legal_cost', 'legal_recovery'];

  /** Runs `work` as the application role inside a transaction opened for `userId`, then rolls back. */
  async function asUser<T>(userId: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: t.db.appUrl });
    await c.connect();
    try {
      await c.query('begin');
      await c.query('select * from app.begin_request($1, $2)', [userId, t.tenants.demoAgencyId]);
      return await work(c);
    } finally {
      await c.query('rollback').catch(() => undefined);
      await c.end();
    }
  }

  it("shows a lawyer only the firm's rows, refuses writes to another firm's case, and the narrow function ignores it", async () => {
    const [lawyerB] = await t.ownerQuery(`select id from app_user where email = 'lawyer@second-firm.test'`);
    const firmBId = dbIdOf(firmB);
    for (const table of TABLES) {
      const all = (await t.ownerQuery(`select count(*)::int as n, count(*) filter (where law_firm_id <> $1)::int as other from ${table}`, [firmBId]))[0];
      expect(all.other, `${table} has rows of another firm to hide`).toBeGreaterThan(0);
      const seen = await asUser(lawyerB.id, async (c) => (await c.query(`select count(*)::int as n, count(*) filter (where law_firm_id <> $1)::int as other from ${table}`, [firmBId])).rows[0]);
      expect(seen.other, `${table} leaks another firm's rows`).toBe(0);
    }
    for (const table of ['account', 'debtor', 'client', 'account_hold', 'event_outbox', 'legal_bank_document', 'legal_plaintiff']) {
      const seen = await asUser(lawyerB.id, async (c) => (await c.query(`select count(*)::int as n from ${table}`)).rows[0].n);
      expect(seen, `a lawyer reads ${table}`).toBe(0);
    }
    const [caseRow] = await t.ownerQuery(`select client_id, id, agency_id, law_firm_id from legal_case where id = $1`, [dbIdOf(caseA)]);
    const state = await asUser(lawyerB.id, async (c) => {
      try {
        await c.query(
          `insert into legal_cost (client_id, agency_id, case_id, law_firm_id, kind, amount, currency, incurred_on, recorded_by) values ($1, $2, $3, $4, 'other', 1, 'CNY', '2026-11-30', $5)`,
          [caseRow.client_id, caseRow.agency_id, caseRow.id, caseRow.law_firm_id, lawyerB.id],
        );
        return 'inserted';
      } catch (e) {
        return (e as { code?: string }).code;
      }
    });
    expect(state).toBe('42501');
    const effects = await asUser(lawyerB.id, async (c) => {
      const [r] = (await c.query(`select app.legal_firm_effects($1, $2, 'legal.status_changed', '{}'::jsonb) as n`, [caseRow.client_id, caseRow.id])).rows;
      const events = (await c.query(`select count(*)::int as n from event_outbox`)).rows[0].n;
      return { n: r.n, events };
    });
    expect(effects).toEqual({ n: 0, events: 0 });
  });
});
