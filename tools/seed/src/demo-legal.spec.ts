import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { LocalDiskStore } from '@arrears/storage';
import { createTestDatabase, type TestDatabase } from '@arrears/testing';
import { seedDemo } from './index.js';

let db: TestDatabase;
let owner: pg.Client;
let documentsDir: string;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  owner = new pg.Client({ connectionString: db.ownerUrl });
  await owner.connect();
  documentsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-seed-docs-'));
  expect(await seedDemo({ ownerUrl: db.ownerUrl, accountsPerClient: 300, dataEncryptionKey: 'ab'.repeat(32), documents: new LocalDiskStore(documentsDir) })).toBe(true);
});
afterAll(async () => {
  await owner?.end();
  await db?.drop();
  if (documentsDir) fs.rmSync(documentsDir, { recursive: true, force: true });
});

const q = async <R = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await owner.query(sql, params)).rows as R[];

describe('the legal demo', () => {
  it('has two firms with a lawyer each, and charge-off dates on every demo M6+ account', async () => {
    const firms = await q<{ name: string; lawyers: number }>(
      `select f.name, count(u.*)::int as lawyers from law_firm f join agency a on a.id = f.agency_id and a.name = 'Demo Collections'
        left join app_user u on u.law_firm_id = f.id group by f.name order by f.name`,
    );
    expect(firms).toEqual([
      { name: 'Demo Law Firm', lawyers: 1 },
      { name: '华诚律师事务所', lawyers: 1 },
    ]);
    expect(await q(`select count(*)::int as n from account a join client c on c.id = a.client_id where c.code in ('BANK_A', 'BANK_B') and a.bucket = 'M6+' and a.charge_off_date is null`)).toEqual([{ n: 0 }]);
  });

  it("gives the second firm cases in several states, each with a case file whose documents are on disk, and leaves the demo firm's list empty", async () => {
    const cases = await q<{ status: string; firm: string }>(`select c.status, f.name as firm from legal_case c join law_firm f on f.id = c.law_firm_id order by c.status`);
    expect(new Set(cases.map((c) => c.firm))).toEqual(new Set(['华诚律师事务所']));
    expect(cases.map((c) => c.status).sort()).toEqual(['awaiting_authorisation', 'closed', 'enforcement', 'filed', 'pre_suit_mediation']);
    const files = await q<{ n: number }>(`select count(*)::int as n from legal_case_file`);
    expect(files[0].n).toBe(4);
    const docs = await q<{ storage_key: string; sha256: string }>(`select storage_key, sha256 from legal_case_document`);
    expect(docs.length).toBeGreaterThanOrEqual(4 * 6);
    for (const d of docs) expect(fs.existsSync(path.join(documentsDir, d.storage_key))).toBe(true);
    // Bank A has complete, unreferred accounts for a user to refer.
    expect((await q<{ n: number }>(`select count(distinct account_id)::int as n from legal_bank_document d join client c on c.id = d.client_id where c.code = 'BANK_A'`))[0].n).toBeGreaterThan(0);
    // The open holds are exactly the active cases'.
    expect((await q<{ n: number }>(`select count(*)::int as n from account_hold where reason = 'legal_case' and lifted_at is null`))[0].n).toBe(4);
    expect((await q<{ n: number }>(`select count(*)::int as n from legal_recovery where status = 'recorded'`))[0].n).toBe(2);
  });
});
