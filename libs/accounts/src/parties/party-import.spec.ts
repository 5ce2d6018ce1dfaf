import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@arrears/testing';
import { createDataSource } from '@arrears/db';
import { withTenant } from '@arrears/tenancy';
import { ProtectedData } from '../protected-data.js';
import { PlacementImporter } from '../import/importer.js';
import { seedImportFixture, tempDir, writeCsv, type ImportFixture } from '../import/test-fixtures.js';
import { partiesOfAccounts } from './party.service.js';

const KEY = '55'.repeat(32);
const HEAD = ['账号', '客户姓名', '手机号', '本金', '逾期金额', '逾期起始日', '紧急联系人', '紧急联系人关系', '紧急联系人电话', '担保人', '担保人关系', '担保人电话', '共同借款人', '共同借款人关系'];

describe('guarantors and co-borrowers from placement files (real Postgres, under RLS)', () => {
  let db: TestDatabase;
  let app: DataSource;
  let f: ImportFixture;
  let dir: string;
  const importer = new PlacementImporter({ protectedData: new ProtectedData(KEY, { 1: KEY }) });

  beforeAll(async () => {
    db = await createTestDatabase(inject('pgAdminUrl'));
    f = await seedImportFixture(db.ownerUrl);
    app = createDataSource({ url: db.appUrl, poolSize: 2 });
    await app.initialize();
    dir = tempDir();
  });

  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const place = (name: string, rows: string[][]) =>
    importer.run({ dataSource: app, claims: f.claims('bankA'), clientId: f.bankA, filePath: writeCsv(path.join(dir, name), [HEAD, ...rows]), fileName: name, placedOn: '2024-03-01' });

  const partiesAs = (user: keyof ImportFixture['users']) =>
    withTenant(app, f.claims(user), async (m) => {
      const accounts = await m.query(`select id, client_id, debtor_id, bank_ref from account order by bank_ref`);
      const byAccount = await partiesOfAccounts(m, accounts);
      return Object.fromEntries(accounts.map((a: { id: string; bank_ref: string }) => [a.bank_ref, (byAccount.get(a.id) ?? []).map((p) => [p.role, p.contactKind, p.name, p.relationCode, p.phone])]));
    });

  it('imports the guarantor and co-borrower columns as parties with a relation code; a bank does not see third parties', async () => {
    const r = await place('parties.csv', [
      ['G-1', '张三', '13812345678', '100', '100', '2024-02-01', '李四', '朋友', '13712345678', '王五', '父亲', '13612345678', '赵六', '配偶'],
      ['G-2', '孙七', '13512345678', '100', '100', '2024-02-01', '', '', '', '', '', '', '', ''],
      ['G-3', '周八', '13412345678', '100', '100', '2024-02-01', '', '', '', '', '', '13312345678', '', ''],
    ]);
    // A guarantor phone without a name is refused, naming the column.
    expect(r).toMatchObject({ status: 'succeeded', rowsImported: 2, rowsRejected: 1 });
    const staff = await partiesAs('supervisor');
    expect(staff['G-1']).toEqual([
      ['debtor', 'debtor', '张三', null, '13812345678'],
      ['co_borrower', 'debtor', '赵六', 'spouse', null],
      ['guarantor', 'guarantor', '王五', 'parent', '13612345678'],
      ['third_party', 'third_party', '李四', 'friend', '13712345678'],
    ]);
    expect(staff['G-2']).toEqual([['debtor', 'debtor', '孙七', null, '13512345678']]);
    // The bank's own user sees the loan's guarantor and co-borrower, never the emergency contact.
    expect((await partiesAs('bankA'))['G-1'].map((p) => p[0])).toEqual(['debtor', 'co_borrower', 'guarantor']);
    // Another bank's user sees no account, so no party.
    expect(await partiesAs('bankB')).toEqual({});
  });

  it('updates a party the next file names again instead of adding a second one', async () => {
    const r = await place('parties-2.csv', [['G-1', '张三', '13812345678', '150', '150', '2024-02-01', '', '', '', '王五', '母亲', '', '', '']]);
    expect(r).toMatchObject({ status: 'succeeded', rowsUpdated: 1 });
    const g1 = (await partiesAs('supervisor'))['G-1'];
    expect(g1.filter((p) => p[0] === 'guarantor')).toEqual([['guarantor', 'guarantor', '王五', 'parent', '13612345678']]);
  });

  it('refuses a party written into another bank, or by a collector', async () => {
    const [{ id, agency_id }] = await withTenant(app, f.claims('supervisor'), (m) => m.query(`select id, agency_id from account where client_id = $1 limit 1`, [f.bankA]));
    const write = (user: keyof ImportFixture['users'], clientId: string) =>
      withTenant(app, f.claims(user), (m) =>
        m.query(`insert into account_party (client_id, agency_id, account_id, role, relation_code, name) values ($1, $2, $3, 'guarantor', 'other', '越权')`, [clientId, agency_id, id]),
      );
    await expect(write('bankB', f.bankA)).rejects.toThrow(/row-level security/);
    await expect(write('collector', f.bankA)).rejects.toThrow(/row-level security/);
    // Proof that the row would be accepted from a writer in scope: the refusals above were RLS, not a bad row.
    await expect(write('supervisor', f.bankA)).resolves.toBeDefined();
  });
});
