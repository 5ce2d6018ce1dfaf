import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@arrears/testing';
import { createDataSource } from '@arrears/db';
import { ProtectedData } from '../protected-data.js';
import { PlacementImporter } from '../import/importer.js';
import { nationalId, ownerQuery, seedImportFixture, tempDir, writeCsv, type ImportFixture } from '../import/test-fixtures.js';
import { reencryptNationalIds, rehashDebtors } from './key-rotation.js';

const DATA_V1 = '11'.repeat(32);
const DATA_V2 = '22'.repeat(32);
const IDENTITY_V1 = '33'.repeat(32);
const IDENTITY_V2 = '44'.repeat(32);
const ID1 = nationalId('11010519491231002');
const HEAD = ['账号', '客户姓名', '证件类型', '证件号码', '手机号', '本金', '逾期金额', '逾期起始日'];

/** A prc id, a passport, a weak name + mobile row and a row with neither (name + reference). */
const rows = (amount: string) => [
  HEAD,
  ['R-1', '张三', '', ID1, '13812345678', amount, amount, '2024-02-01'],
  ['R-2', 'John Smith', '护照', 'E1234567', '13811110000', amount, amount, '2024-02-01'],
  ['R-3', '无证', '', '', '13833330000', amount, amount, '2024-02-01'],
  ['R-4', '座机', '', '', '01062345678', amount, amount, '2024-02-01'],
];

describe('key rotation of national ids and identity hashes (real Postgres)', () => {
  let db: TestDatabase;
  let app: DataSource;
  let owner: DataSource;
  let f: ImportFixture;
  let dir: string;
  let otherBank: string;
  const before = new ProtectedData({ 1: DATA_V1 }, { 1: IDENTITY_V1 });
  const rotated = new ProtectedData({ 1: DATA_V1, 2: DATA_V2 }, { 1: IDENTITY_V1, 2: IDENTITY_V2 });

  beforeAll(async () => {
    db = await createTestDatabase(inject('pgAdminUrl'));
    f = await seedImportFixture(db.ownerUrl);
    [{ id: otherBank }] = await ownerQuery<{ id: string }>(db.ownerUrl, `insert into client (agency_id, name, code) values ($1, 'Other bank', 'OTHER') returning id`, [f.otherAgencyId]);
    app = createDataSource({ url: db.appUrl, poolSize: 2 });
    owner = createDataSource({ url: db.ownerUrl, poolSize: 1 });
    await Promise.all([app.initialize(), owner.initialize()]);
    dir = tempDir();
  });

  afterAll(async () => {
    await app?.destroy();
    await owner?.destroy();
    await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const place = (protect: ProtectedData, file: string, user: 'bankA' | 'admin' | 'otherAdmin' = 'bankA', clientId = f.bankA) =>
    new PlacementImporter({ protectedData: protect }).run({ dataSource: app, claims: f.claims(user), clientId, filePath: file, fileName: path.basename(file), placedOn: '2024-03-01' });

  const debtors = (clientId: string) =>
    ownerQuery<{ bank_ref: string; debtor_id: string; identity_hash: string; national_id_enc: string | null }>(
      db.ownerUrl,
      `select a.bank_ref, a.debtor_id, d.identity_hash, d.national_id_enc from account a join debtor d on d.client_id = a.client_id and d.id = a.debtor_id
        where a.client_id = $1 order by a.bank_ref`,
      [clientId],
    );

  it('hashes the same national id differently in two agencies (per-agency keys), alike in two banks of one agency', async () => {
    expect(before.personHash('agency-a', ID1)).not.toBe(before.personHash('agency-b', ID1));
    expect(before.personHash('agency-a', ID1)).toMatch(/^h1:/);
    expect(await place(before, writeCsv(path.join(dir, 'a.csv'), rows('100')))).toMatchObject({ status: 'succeeded', rowsImported: 4 });
    expect(await place(before, writeCsv(path.join(dir, 'b.csv'), rows('100')), 'admin', f.bankB)).toMatchObject({ status: 'succeeded' });
    expect(await place(before, writeCsv(path.join(dir, 'other.csv'), rows('100')), 'otherAdmin', otherBank)).toMatchObject({ status: 'succeeded' });
    const [a, b, other] = [await debtors(f.bankA), await debtors(f.bankB), await debtors(otherBank)];
    expect(a[0].identity_hash).toMatch(/^h1:/);
    expect(a[0].identity_hash).toBe(b[0].identity_hash);
    expect(a[0].identity_hash).not.toBe(other[0].identity_hash);
    // The hash no longer depends on the encryption key: rotating it leaves matching alone.
    expect(new ProtectedData(DATA_V2, { 1: IDENTITY_V1 }).personHash(f.agencyId, ID1)).toBe(a[0].identity_hash);
  });

  it('re-encrypts to the newest key; old ciphertexts still open during the rotation; a second run changes nothing', async () => {
    const old = await debtors(f.bankA);
    expect(old[0].national_id_enc).toMatch(/^v1:/);
    expect(rotated.decrypt(old[0].national_id_enc as string)).toBe(ID1);
    expect(rotated.encrypt(ID1)).toMatch(/^v2:/);

    const report = await reencryptNationalIds(owner, rotated, { batchSize: 2 });
    // Two ids (prc id, passport) in each of three banks.
    expect(report.changed).toBe(6);
    const now = await debtors(f.bankA);
    expect(now[0].national_id_enc).toMatch(/^v2:/);
    expect(now[0].national_id_enc).not.toBe(old[0].national_id_enc);
    expect(rotated.decrypt(now[0].national_id_enc as string)).toBe(ID1);
    expect(rotated.decrypt(now[1].national_id_enc as string)).toBe('E1234567');
    expect(() => before.decrypt(now[0].national_id_enc as string)).toThrow(/version 2/);
    expect((await reencryptNationalIds(owner, rotated)).changed).toBe(0);
  });

  it('re-hashes every debtor to the newest identity key, and a re-placement still finds the same debtors', async () => {
    const old = await debtors(f.bankA);
    // An unversioned hash of the first release (keyed by the encryption key) is re-hashed too.
    await ownerQuery(db.ownerUrl, `update debtor set identity_hash = $1 where client_id = $2 and id = $3`, [before.identityHash(ID1), f.bankA, old[0].debtor_id]);

    const report = await rehashDebtors(owner, rotated, { batchSize: 3 });
    expect(report).toMatchObject({ changed: 12, skipped: 0 });
    const now = await debtors(f.bankA);
    expect(now.map((d) => d.debtor_id)).toEqual(old.map((d) => d.debtor_id));
    for (const [i, d] of now.entries()) {
      expect(d.identity_hash).toMatch(/^h2:/);
      expect(d.identity_hash).not.toBe(old[i].identity_hash);
    }
    expect(now[0].identity_hash).toBe(rotated.personHash(f.agencyId, ID1));
    expect((await rehashDebtors(owner, rotated)).changed).toBe(0);

    // New amounts (not an unchanged file): every row is re-placed onto its existing debtor.
    const again = await place(rotated, writeCsv(path.join(dir, 'a-again.csv'), rows('150')));
    expect(again).toMatchObject({ status: 'succeeded', rowsImported: 0, rowsUpdated: 4 });
    const after = await debtors(f.bankA);
    expect(after.map((d) => d.debtor_id)).toEqual(old.map((d) => d.debtor_id));
    const [{ n }] = await ownerQuery<{ n: number }>(db.ownerUrl, 'select count(*)::int as n from debtor where client_id = $1', [f.bankA]);
    expect(n).toBe(4);
  });
});
