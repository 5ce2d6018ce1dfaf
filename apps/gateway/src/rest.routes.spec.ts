import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { startTestGateway, type TestGateway } from './test-gateway.js';

let t: TestGateway;
const tokens: Record<string, string> = {};
const clientId = (id: string) => toGlobalId('Client', id);

const IMPORT = `query($id: ID!) { placementImport(id: $id) {
  id fileName format status rowsRead rowsImported rowsUpdated rowsRejected error placementId rejectionsCsvUrl
  client { name } createdBy { email }
  rejections(first: 10) { edges { node { row column reason value } } pageInfo { hasNextPage } } } }`;

const CSV = [
  '账号,卡号,客户姓名,手机号,本金,利息,逾期金额,逾期起始日',
  'R-1,6222021234567890,张三,13812345678,"1,000.00",0,1000,2024-01-15',
  'R-2,1234,李四,13812345679,abc,0,10,2024-01-15',
  'R-3,5678,王五,bad-phone,10,0,10,2024-01-15',
  'R-4,9012,赵六,13812345670,"=cmd|calc",0,10,2024-01-15',
].join('\n');

function form(fields: Record<string, string>, file?: { name: string; body: string }): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (file) f.append('file', new Blob([file.body]), file.name);
  return f;
}

async function upload(token: string | null, body: FormData | string, headers: Record<string, string> = {}) {
  // The bank goes in the URL (checked before the body is read); the form's clientId must match it.
  const bank = body instanceof FormData ? body.get('clientId') : null;
  const res = await t.fetch(`/api/placements/upload${typeof bank === 'string' ? `?clientId=${encodeURIComponent(bank)}` : ''}`, { method: 'POST', headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, body });
  return { status: res.status, body: (await res.json()) as { importId?: string; error?: { code: string; message: string } } };
}

async function waitFor(id: string, token: string) {
  for (let i = 0; i < 200; i++) {
    const r = await t.gql(IMPORT, { id }, token);
    const imp = r.data?.placementImport;
    if (imp && (imp.status === 'SUCCEEDED' || imp.status === 'FAILED')) return imp;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('import did not finish');
}

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'), { env: { UPLOAD_MAX_BYTES: '4096' } });
  Object.assign(tokens, await t.loginEach({
    bankA: 'bank-a@demo-bank-a.test',
    bankB: 'bank-b@demo-bank-b.test',
    supervisor: 'supervisor@demo-agency.test',
    collector: 'collector@demo-agency.test',
    admin: 'admin@demo-agency.test',
  }));
});

afterAll(async () => {
  await t?.close();
});

describe('POST /api/placements/upload', () => {
  let importId: string;

  it('accepts a CSV from a bank user, answers the import id at once, and imports it in the background', async () => {
    const r = await upload(tokens.bankA, form({ clientId: clientId(t.tenants.bankAId), name: '一月委案', placedOn: '2024-03-01' }, { name: '一月委案.csv', body: CSV }));
    expect(r.status).toBe(202);
    expect(r.body.importId).toMatch(/^[A-Za-z0-9_-]+$/);
    importId = r.body.importId!;
    const imp = await waitFor(importId, tokens.bankA);
    expect(imp).toMatchObject({ fileName: '一月委案.csv', format: 'CSV', status: 'SUCCEEDED', rowsRead: 4, rowsImported: 1, rowsRejected: 3, error: null, client: { name: 'Demo Bank A' }, createdBy: { email: 'bank-a@demo-bank-a.test' } });
    expect(imp.rejections.edges.map((e: any) => [e.node.row, e.node.column])).toEqual([
      [3, '本金'],
      [4, '手机号'],
      [5, '本金'],
    ]);
    const [placement] = await t.ownerQuery(`select name, placed_on::text from placement where client_id = $1`, [t.tenants.bankAId]);
    expect(placement).toEqual({ name: '一月委案', placed_on: '2024-03-01' });
    const [acc] = await t.ownerQuery(`select card_last4 from account where bank_ref = 'R-1'`);
    expect(acc.card_last4).toBe('7890');
    const audit = await t.ownerQuery(`select kind, operation, outcome from audit_log where operation = 'uploadPlacement'`);
    expect(audit).toContainEqual({ kind: 'mutation', operation: 'uploadPlacement', outcome: 'ok' });
  });

  it('is listed, resolvable by node(id), and hidden from another bank', async () => {
    const list = await t.gql(`query($c: ID) { placementImports(clientId: $c, first: 5) { edges { node { id status } } } }`, { c: clientId(t.tenants.bankAId) }, tokens.supervisor);
    expect(list.data!.placementImports.edges.map((e: any) => e.node.id)).toContain(importId);
    const node = await t.gql(`query($id: ID!) { node(id: $id) { id ... on PlacementImport { rowsImported } } }`, { id: importId }, tokens.admin);
    expect(node.data!.node).toEqual({ id: importId, rowsImported: 1 });

    const foreign = await t.gql(`query($id: ID!) { placementImport(id: $id) { id } node(id: $id) { id } }`, { id: importId }, tokens.bankB);
    expect(foreign.errors).toBeUndefined();
    expect(foreign.data).toEqual({ placementImport: null, node: null });
    const bList = await t.gql(`{ placementImports(first: 5) { edges { node { id } } } }`, {}, tokens.bankB);
    expect(bList.data!.placementImports.edges).toEqual([]);
  });

  it('refuses an anonymous upload with 401 UNAUTHENTICATED', async () => {
    const r = await upload(null, form({ clientId: clientId(t.tenants.bankAId) }, { name: 'x.csv', body: CSV }));
    expect(r).toEqual({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: expect.any(String) } } });
    const bad = await upload('not-a-token', form({ clientId: clientId(t.tenants.bankAId) }, { name: 'x.csv', body: CSV }));
    expect(bad.status).toBe(401);
  });

  it("answers 404 NOT_FOUND for another bank's client, exactly like a missing one", async () => {
    const foreign = await upload(tokens.bankB, form({ clientId: clientId(t.tenants.bankAId) }, { name: 'x.csv', body: CSV }));
    const missing = await upload(tokens.bankB, form({ clientId: clientId('00000000-0000-4000-8000-000000000000') }, { name: 'x.csv', body: CSV }));
    expect(foreign).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'Client not found' } } });
    expect(missing).toEqual(foreign);
    const [n] = await t.ownerQuery(`select count(*)::int as n from placement_import where client_id = $1`, [t.tenants.bankAId]);
    expect(n.n).toBe(1);
  });

  it('answers 400 BAD_USER_INPUT for a form without a file, a wrong format or not multipart, 403 for a collector', async () => {
    expect((await upload(tokens.bankA, form({ clientId: clientId(t.tenants.bankAId) }))).body.error?.code).toBe('BAD_USER_INPUT');
    const pdf = await upload(tokens.bankA, form({ clientId: clientId(t.tenants.bankAId) }, { name: 'x.pdf', body: 'x' }));
    expect(pdf).toMatchObject({ status: 400, body: { error: { code: 'BAD_USER_INPUT' } } });
    const json = await upload(tokens.bankA, JSON.stringify({ clientId: 'x' }), { 'content-type': 'application/json' });
    expect(json).toMatchObject({ status: 400, body: { error: { code: 'BAD_USER_INPUT' } } });
    const collector = await upload(tokens.collector, form({ clientId: clientId(t.tenants.bankAId) }, { name: 'x.csv', body: CSV }));
    expect(collector).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
  });

  it('refuses a file over the size limit with 413 and leaves no temp file or import behind', async () => {
    const big = CSV + '\n' + 'R-9,1234,某人,13812345678,1,0,1,2024-01-01\n'.repeat(200);
    const r = await upload(tokens.bankA, form({ clientId: clientId(t.tenants.bankAId) }, { name: 'big.csv', body: big }));
    expect(r).toMatchObject({ status: 413, body: { error: { code: 'FILE_LIMIT_EXCEEDED' } } });
    const [n] = await t.ownerQuery(`select count(*)::int as n from placement_import where file_name = 'big.csv'`);
    expect(n.n).toBe(0);
  });

  it('reports a malformed file as a failed import with a clear error', async () => {
    const r = await upload(tokens.bankA, form({ clientId: clientId(t.tenants.bankAId) }, { name: 'cols.csv', body: '账号,姓名\nX,Y\n' }));
    expect(r.status).toBe(202);
    const imp = await waitFor(r.body.importId!, tokens.bankA);
    expect(imp).toMatchObject({ status: 'FAILED', rowsImported: 0 });
    expect(imp.error).toMatch(/Required columns missing/);
  });
});

describe('GET /api/placement-imports/:id/rejections.csv', () => {
  let importId: string;

  beforeAll(async () => {
    const list = await t.gql(`{ placementImports(first: 10) { edges { node { id fileName } } } }`, {}, tokens.bankA);
    importId = list.data!.placementImports.edges.find((e: any) => e.node.fileName === '一月委案.csv').node.id;
  });

  it('streams the rejections as CSV with a BOM, formula-safe, and audits the download', async () => {
    const res = await t.fetch(`/api/placement-imports/${importId}/rejections.csv`, { headers: { authorization: `Bearer ${tokens.bankA}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('row,column,reason,value');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^3,本金,/);
    expect(lines[3]).toContain(`'=cmd|calc`);
    const audit = await t.ownerQuery(`select kind, operation, target_ids from audit_log where kind = 'download'`);
    expect(audit).toEqual([{ kind: 'download', operation: 'placementRejectionsCsv', target_ids: [importId] }]);
  });

  it("is 404 for another bank's import, 401 without a token, 403 for a collector", async () => {
    const foreign = await t.fetch(`/api/placement-imports/${importId}/rejections.csv`, { headers: { authorization: `Bearer ${tokens.bankB}` } });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Placement import not found' } });
    expect((await t.fetch(`/api/placement-imports/${importId}/rejections.csv`)).status).toBe(401);
    const collector = await t.fetch(`/api/placement-imports/${importId}/rejections.csv`, { headers: { authorization: `Bearer ${tokens.collector}` } });
    expect(collector.status).toBe(403);
    const garbage = await t.fetch(`/api/placement-imports/nonsense/rejections.csv`, { headers: { authorization: `Bearer ${tokens.bankA}` } });
    expect(garbage.status).toBe(404);
  });
});

describe('column mapping (GraphQL)', () => {
  const SAVE = `mutation($c: ID!, $m: [ColumnMappingEntryInput!]!) { saveColumnMapping(clientId: $c, mapping: $m) { isDefault entries { field header required } client { name } } }`;

  it('is saved by the bank user, read back, and refused for another bank like a missing client', async () => {
    const before = await t.gql(`query($c: ID!) { columnMapping(clientId: $c) { isDefault entries { field } } }`, { c: clientId(t.tenants.bankAId) }, tokens.bankA);
    expect(before.data!.columnMapping).toEqual({ isDefault: true, entries: [] });
    const saved = await t.gql(SAVE, { c: clientId(t.tenants.bankAId), m: [{ field: 'bankRef', header: '合约编号' }, { field: 'principal', header: '欠本' }] }, tokens.bankA);
    expect(saved.errors).toBeUndefined();
    expect(saved.data!.saveColumnMapping).toEqual({
      isDefault: false,
      entries: [
        { field: 'bankRef', header: '合约编号', required: true },
        { field: 'principal', header: '欠本', required: true },
      ],
      client: { name: 'Demo Bank A' },
    });
    const foreign = await t.gql(SAVE, { c: clientId(t.tenants.bankAId), m: [{ field: 'bankRef', header: 'X' }] }, tokens.bankB);
    expect(foreign.code).toBe('NOT_FOUND');
    const dup = await t.gql(SAVE, { c: clientId(t.tenants.bankAId), m: [{ field: 'bankRef', header: 'X' }, { field: 'fees', header: 'x' }] }, tokens.supervisor);
    expect(dup.code).toBe('BAD_USER_INPUT');
    const collector = await t.gql(SAVE, { c: clientId(t.tenants.bankAId), m: [] }, tokens.collector);
    expect(collector.code).toBe('FORBIDDEN');
    const reset = await t.gql(SAVE, { c: clientId(t.tenants.bankAId), m: [] }, tokens.admin);
    expect(reset.data!.saveColumnMapping.isDefault).toBe(true);
  });
});
