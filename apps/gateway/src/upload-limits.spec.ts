import 'reflect-metadata';
import fs from 'node:fs';
import http from 'node:http';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { xlsxExpansionProblem } from '@arrears/accounts';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// Upload limits: who, which role and which bank are checked before a byte of the body is read; each
// bank has its own size and row limits; an XLSX that would expand like a zip bomb is refused.

let t: TestGateway;
let tokens: Record<'bankA' | 'bankB' | 'collector' | 'admin', string>;
const bank = (id: string) => toGlobalId('Client', id);

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'));
  tokens = await t.loginEach({ bankA: 'bank-a@demo-bank-a.test', bankB: 'bank-b@demo-bank-b.test', collector: 'collector@demo-agency.test', admin: 'admin@demo-agency.test' });
});
afterAll(async () => {
  await t?.close();
});

/** Minimal zip writer: each entry deflated, with its true or a declared uncompressed size. */
function zip(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const packed = deflateRawSync(e.data);
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A zip bomb shaped like a workbook: 64 MiB of shared strings that compress to about 64 KiB. */
const bomb = () =>
  zip([
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
    { name: 'xl/sharedStrings.xml', data: Buffer.alloc(64 * 1024 * 1024, 0x41) },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>') },
  ]);

async function upload(token: string, clientId: string, file: { name: string; body: Buffer | string }) {
  const form = new FormData();
  form.append('file', new Blob([file.body]), file.name);
  const res = await t.fetch(`/api/placements/upload?clientId=${encodeURIComponent(clientId)}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as { importId?: string; error?: { code: string; message: string } } };
}

/**
 * Starts an upload and sends only its first kilobyte, then waits for the answer: the gateway must
 * answer without the rest of the body (which never comes).
 */
function answerBeforeBody(token: string, clientId: string): Promise<{ status: number; body: string; bytesSent: number }> {
  return new Promise((resolve, reject) => {
    const u = new URL(`${t.url}/api/placements/upload?clientId=${encodeURIComponent(clientId)}`);
    const req = http.request(u, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=zz', 'content-length': String(50 * 1024 * 1024) } });
    const first = Buffer.from(`--zz\r\ncontent-disposition: form-data; name="file"; filename="x.csv"\r\n\r\n${'x'.repeat(1000)}`);
    req.write(first);
    const timer = setTimeout(() => reject(new Error('no answer before the body was sent')), 10_000);
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body, bytesSent: first.length });
        req.destroy();
      });
    });
    req.on('error', () => undefined);
  });
}

describe('checked before a byte of the body is read', () => {
  it('a foreign bank is NOT_FOUND, answered while the body is still being sent, and nothing is spooled or imported', async () => {
    // The answer comes while 50 MB of declared body are still unsent (1 KB went out): nothing was
    // waited for, so nothing could have been spooled; and no import exists for it.
    const r = await answerBeforeBody(tokens.bankB, bank(t.tenants.bankAId));
    expect(r.status).toBe(404);
    expect(r.bytesSent).toBeLessThan(2000);
    expect(JSON.parse(r.body).error.code).toBe('NOT_FOUND');
    expect(await t.ownerQuery(`select 1 from placement_import where file_name = 'x.csv'`)).toHaveLength(0);
    // Control: a missing bank answers the same.
    const missing = await answerBeforeBody(tokens.bankB, bank('00000000-0000-4000-8000-000000000000'));
    expect([missing.status, JSON.parse(missing.body)]).toEqual([404, JSON.parse(r.body)]);
  });

  it('a role that may not place accounts is FORBIDDEN before the body', async () => {
    const r = await answerBeforeBody(tokens.collector, bank(t.tenants.bankAId));
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.code).toBe('FORBIDDEN');
  });

  it('the bank goes in the URL; a form naming another bank is refused', async () => {
    const form = new FormData();
    form.append('clientId', bank(t.tenants.bankBId));
    form.append('file', new Blob(['x']), 'x.csv');
    const res = await t.fetch(`/api/placements/upload?clientId=${encodeURIComponent(bank(t.tenants.bankAId))}`, { method: 'POST', headers: { authorization: `Bearer ${tokens.admin}` }, body: form });
    expect(res.status).toBe(400);
    const none = await t.fetch('/api/placements/upload', { method: 'POST', headers: { authorization: `Bearer ${tokens.admin}` }, body: form });
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('BAD_USER_INPUT');
  });
});

describe('malformed forms', () => {
  it('a part header busboy cannot read (a NUL in the file name) is answered at once with a 400, on every upload that spools', async () => {
    const body = `--zz\r\nContent-Disposition: form-data; name="file"; filename="a\u0000b.csv"\r\nContent-Type: text/csv\r\n\r\nbank_ref\r\n--zz--\r\n`;
    for (const path of [`/api/placements/upload?clientId=${encodeURIComponent(bank(t.tenants.bankAId))}`, '/api/payment-files/upload']) {
      const res = await t.fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=zz', authorization: `Bearer ${tokens.admin}` },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      expect({ path, status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code }).toEqual({ path, status: 400, code: 'BAD_USER_INPUT' });
    }
  });
});

describe('XLSX expansion guard', () => {
  it('a zip bomb is refused with FILE_LIMIT_EXCEEDED before it is inflated', async () => {
    const file = bomb();
    expect(file.length).toBeLessThan(200 * 1024);
    const r = await upload(tokens.bankA, bank(t.tenants.bankAId), { name: 'bomb.xlsx', body: file });
    expect(r.status).toBe(413);
    expect(r.body.error?.code).toBe('FILE_LIMIT_EXCEEDED');
    expect(r.body.error?.message).toMatch(/expands/);
    expect(await t.ownerQuery(`select 1 from placement_import where file_name = 'bomb.xlsx'`)).toHaveLength(0);
  });

  it('a file that is not a workbook at all is bad input (400), not a file over the limits', async () => {
    const r = await upload(tokens.bankA, bank(t.tenants.bankAId), { name: 'junk.xlsx', body: 'PK\u0003\u0004 not a zip' });
    expect(r).toMatchObject({ status: 400, body: { error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/not a valid workbook/) } } });
  });

  it('a declared expansion over the shared-strings limit is refused without inflating anything', async () => {
    const lying = zip([{ name: 'xl/sharedStrings.xml', data: Buffer.from('<sst/>'), declaredSize: 0xf0000000 }]);
    const dir = fs.mkdtempSync('/tmp/arrears-xlsx-');
    try {
      fs.writeFileSync(`${dir}/x.xlsx`, lying);
      expect(await xlsxExpansionProblem(`${dir}/x.xlsx`)).toEqual({ message: expect.stringMatching(/shared strings expand/), invalid: false });
      fs.writeFileSync(`${dir}/ok.xlsx`, zip([{ name: 'xl/sharedStrings.xml', data: Buffer.from('<sst>' + 'a'.repeat(1000) + '</sst>') }]));
      expect(await xlsxExpansionProblem(`${dir}/ok.xlsx`)).toBeNull();
      fs.writeFileSync(`${dir}/junk.xlsx`, 'not a zip at all');
      expect(await xlsxExpansionProblem(`${dir}/junk.xlsx`)).toEqual({ message: expect.stringMatching(/not a valid workbook/), invalid: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('per-bank limits', () => {
  const CSV = (rows: number) =>
    ['bankRef,cardLast4,debtorName,phone,principal,interest,overdueAmount,delinquentSince', ...Array.from({ length: rows }, (_, i) => `L-${i},1234,某人,13812345678,1,0,1,2024-01-01`)].join('\n');

  it("a bank's own size limit is lower than the deployment's", async () => {
    await t.ownerQuery('update client set upload_max_bytes = 200 where id = $1', [t.tenants.bankBId]);
    try {
      const r = await upload(tokens.bankB, bank(t.tenants.bankBId), { name: 'b.csv', body: CSV(20) });
      expect(r).toMatchObject({ status: 413, body: { error: { code: 'FILE_LIMIT_EXCEEDED' } } });
    } finally {
      await t.ownerQuery('update client set upload_max_bytes = null where id = $1', [t.tenants.bankBId]);
    }
  });

  it("a file with more rows than the bank's limit imports nothing and says why", async () => {
    await t.ownerQuery('update client set import_max_rows = 5 where id = $1', [t.tenants.bankBId]);
    try {
      const r = await upload(tokens.bankB, bank(t.tenants.bankBId), { name: 'rows.csv', body: CSV(6) });
      expect(r.status).toBe(202);
      let row: { status: string; error: string | null } | undefined;
      for (let i = 0; i < 200; i++) {
        [row] = await t.ownerQuery<{ status: string; error: string | null }>(`select status, error from placement_import where file_name = 'rows.csv'`);
        if (row && row.status !== 'queued' && row.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(row).toMatchObject({ status: 'failed', error: expect.stringMatching(/more than 5 rows/) });
      expect(await t.ownerQuery(`select 1 from account where bank_ref like 'L-%' and client_id = $1`, [t.tenants.bankBId])).toHaveLength(0);
    } finally {
      await t.ownerQuery('update client set import_max_rows = null where id = $1', [t.tenants.bankBId]);
    }
  });
});
