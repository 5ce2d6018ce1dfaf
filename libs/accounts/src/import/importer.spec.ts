import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@arrears/testing';
import { createDataSource } from '@arrears/db';
import { withTenant } from '@arrears/tenancy';
import { ProtectedData } from '../protected-data.js';
import { PlacementImporter } from './importer.js';
import { PlacementImportService } from './import.service.js';
import { nationalId, ownerQuery, seedImportFixture, tempDir, writeCsv, writeXlsx, type ImportFixture } from './test-fixtures.js';

const KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const FULL_CARD = '6222021234567890';
const HEADER = ['账号', '卡号', '客户姓名', '身份证号', '手机号', '地址', '本金', '利息', '费用', '逾期金额', '逾期起始日', '联系人', '联系人关系', '联系人电话'];
const ID1 = nationalId('11010519491231002');
const ID2 = nationalId('44030419900101123');

/** 5 data rows: 3 good (two cards of one debtor), 2 bad (check digit; negative amount and bad phone). */
function sampleRows(): (string | null)[][] {
  return [
    HEADER,
    ['A-001', FULL_CARD, '张三', ID1, '13812345678;13912345678', '北京市朝阳区建国路1号', '12,345.60', '100.00', '', '13,000.00', '2024-01-15', '李四', '配偶', '13712345678'],
    ['A-002', '1234', '张三', ID1, '13812345678', null, '500', '0', '10', '510', '2024/02/20', null, null, null],
    ['A-003', '4111111111111111', '王五', ID2.slice(0, 17) + (ID2[17] === '0' ? '1' : '0'), '13612345678', null, '800', '0', '0', '800', '20240201', null, null, null],
    ['A-004', null, '赵六', null, '13512345678, 135-12', null, '-5', '0', '0', '10', '2024-02-01', null, null, null],
    ['A-005', null, '孙七', ID2, '13412345678', '深圳市', '2,000', '0', '0', '2,000.5', '20231201', null, null, null],
  ];
}

describe('PlacementImporter (real Postgres, as the app role under RLS)', () => {
  let db: TestDatabase;
  let app: DataSource;
  let f: ImportFixture;
  let dir: string;
  const importer = new PlacementImporter({ protectedData: new ProtectedData(KEY, { 1: KEY }), batchSize: 2, progressEvery: 1 });

  beforeAll(async () => {
    db = await createTestDatabase(inject('pgAdminUrl'));
    f = await seedImportFixture(db.ownerUrl);
    app = createDataSource({ url: db.appUrl, poolSize: 4 });
    await app.initialize();
    dir = tempDir();
  });

  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (file: string, user: keyof ImportFixture['users'] = 'bankA', clientId = f.bankA, extra: { placedOn?: string; fileName?: string } = {}) =>
    importer.run({ dataSource: app, claims: f.claims(user), clientId, filePath: file, fileName: extra.fileName ?? path.basename(file), placedOn: extra.placedOn ?? '2024-03-01' });

  const asUser = <T>(user: keyof ImportFixture['users'], sql: string, params: unknown[] = []) =>
    withTenant(app, f.claims(user), (m) => m.query(sql, params) as Promise<T[]>);

  it('imports a CSV: counts, rejections naming row and column, good rows visible', async () => {
    const r = await run(writeCsv(path.join(dir, 'bank-a.csv'), sampleRows(), { bom: true }));
    expect(r).toMatchObject({ status: 'succeeded', rowsRead: 5, rowsImported: 3, rowsUpdated: 0, rowsRejected: 2, error: null });

    const rejections = await asUser<{ row_number: number; column_name: string; reason: string; value: string }>(
      'bankA',
      'select row_number, column_name, reason, value from placement_rejection where import_id = $1 order by row_number, seq',
      [r.importId],
    );
    expect(rejections.map((x) => [x.row_number, x.column_name])).toEqual([
      [4, '身份证号'],
      [5, '手机号'],
      [5, '本金'],
    ]);
    expect(rejections[0].reason).toMatch(/check digit/);
    expect(rejections[0].value).toMatch(/^440\*+\d{4}$/);
    expect(rejections[1].reason).toContain('135-12');

    const accounts = await asUser<Record<string, string | number>>(
      'bankA',
      `select a.bank_ref, a.card_last4, a.principal, a.interest, a.fees, a.total_due, a.overdue_amount, a.placed_amount, a.delinquent_since::text, a.dpd, a.bucket, a.status, a.placed_on::text, a.currency, d.full_name, d.national_id_masked, d.phones
         from account a join debtor d on d.client_id = a.client_id and d.id = a.debtor_id order by a.bank_ref`,
    );
    expect(accounts.map((a) => a.bank_ref)).toEqual(['A-001', 'A-002', 'A-005']);
    expect(accounts[0]).toMatchObject({ card_last4: '7890', principal: '12345.60', interest: '100.00', fees: '0.00', total_due: '12445.60', overdue_amount: '13000.00', placed_amount: '12445.60', delinquent_since: '2024-01-15', status: 'active', placed_on: '2024-03-01', currency: 'CNY', full_name: '张三' });
    expect(accounts[0].national_id_masked).toBe(`${ID1.slice(0, 3)}***********${ID1.slice(-4)}`);
    expect(accounts[2]).toMatchObject({ overdue_amount: '2000.50', delinquent_since: '2023-12-01' });
    // Aging is as of the client's today: a debt delinquent since 2024-01-15 is far past M1 by now.
    expect(Number(accounts[0].dpd)).toBeGreaterThan(45);
    // Two cards of one person: one debtor.
    const debtors = await asUser<{ n: number }>('bankA', 'select count(*)::int as n from debtor');
    expect(debtors[0].n).toBe(2);
    const phones = await asUser<{ phone: string }>('bankA', 'select phone from debtor_phone order by phone');
    expect(phones.map((p) => p.phone)).toEqual(['13412345678', '13812345678', '13912345678']);
    const history = await asUser<{ n: number }>('bankA', 'select count(*)::int as n from bucket_history');
    expect(history[0].n).toBe(3);
    // The bank's pre-aggregated view already counts the new placement.
    const snapshot = await asUser<{ n: number; placed: string }>('bankA', 'select sum(accounts)::int as n, sum(placed_amount)::text as placed from portfolio_snapshot');
    expect(snapshot[0].n).toBe(3);
    const contacts = await ownerQuery<{ name: string; relation: string; phone: string }>(db.ownerUrl, 'select name, relation, phone from debtor_contact');
    expect(contacts).toEqual([{ name: '李四', relation: '配偶', phone: '13712345678' }]);

    const [imp] = await asUser<Record<string, unknown>>('bankA', 'select status, rows_read, rows_imported, rows_rejected, placement_id from placement_import where id = $1', [r.importId]);
    expect(imp).toMatchObject({ status: 'succeeded', rows_read: 5, rows_imported: 3, rows_rejected: 2 });
    const [placement] = await asUser<{ name: string; placed_on: string }>('bankA', 'select name, placed_on::text from placement where id = $1', [imp.placement_id]);
    expect(placement).toEqual({ name: 'bank-a 2024-03-01', placed_on: '2024-03-01' });
  });

  it('never stores a full card number (nor a clear national id) in any text column', async () => {
    const cols = await ownerQuery<{ table_name: string; column_name: string }>(
      db.ownerUrl,
      `select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'character', 'character varying', 'jsonb', 'ARRAY')`,
    );
    expect(cols.length).toBeGreaterThan(20);
    const probes = cols.map((c) => `select '${c.table_name}.${c.column_name}' as col from "${c.table_name}" where "${c.column_name}"::text like any ($1)`);
    const hits = await ownerQuery<{ col: string }>(db.ownerUrl, probes.join(' union ') + ' order by 1', [[`%${FULL_CARD}%`, '%4111111111111111%', `%${ID1}%`, `%${ID2.slice(0, 17)}%`]]);
    expect(hits).toEqual([]);
  });

  it('re-placing the same file updates instead of duplicating, reactivates recalled accounts and leaves unchanged ones alone', async () => {
    const [before] = await ownerQuery<{ placement_id: string }>(db.ownerUrl, `select placement_id from account where bank_ref = 'A-005'`);
    await ownerQuery(db.ownerUrl, `update account set status = 'recalled', recalled_at = now(), recall_reason = 'test' where bank_ref = 'A-002'`);
    const rows = sampleRows();
    rows[1][6] = '11,000.00'; // A-001 principal paid down
    const r = await run(writeCsv(path.join(dir, 'bank-a-again.csv'), rows), 'supervisor');
    // A-001 changed, A-002 was recalled; A-005 is active with the same figures: it stays where it was.
    expect(r).toMatchObject({ status: 'succeeded', rowsRead: 5, rowsImported: 0, rowsUpdated: 2, rowsRejected: 2, rowsUnchanged: 1 });
    const accounts = await asUser<{ bank_ref: string; principal: string; status: string; placement_id: string; recalled_at: Date | null }>(
      'bankA',
      'select bank_ref, principal, status, placement_id, recalled_at from account order by bank_ref',
    );
    expect(accounts).toHaveLength(3);
    expect(accounts[0].principal).toBe('11000.00');
    expect(accounts.every((a) => a.status === 'active' && a.recalled_at === null)).toBe(true);
    expect(accounts.map((a) => a.placement_id)).toEqual([r.placementId, r.placementId, before.placement_id]);
    // Each account placed by the new file starts an episode; the episode it left is ended, not lost.
    const episodes = await asUser<{ bank_ref: string; placement_id: string; ended_on: string | null; end_reason: string | null }>(
      'bankA',
      `select a.bank_ref, e.placement_id, e.ended_on::text, e.end_reason from placement_episode e join account a on a.id = e.account_id order by a.bank_ref, e.created_at`,
    );
    expect(episodes.filter((e) => e.bank_ref === 'A-001').map((e) => [e.placement_id === r.placementId, e.end_reason])).toEqual([
      [false, 'replaced'],
      [true, null],
    ]);
    expect(episodes.filter((e) => e.bank_ref === 'A-005')).toHaveLength(1);
    const debtors = await asUser<{ n: number }>('bankA', 'select count(*)::int as n from debtor');
    expect(debtors[0].n).toBe(2);
    const phones = await asUser<{ n: number }>('bankA', 'select count(*)::int as n from debtor_phone');
    expect(phones[0].n).toBe(3);
    // The known contact is not added twice; an unchanged bucket adds no history row.
    const [contacts] = await ownerQuery<{ n: number }>(db.ownerUrl, 'select count(*)::int as n from debtor_contact');
    expect(contacts.n).toBe(1);
    const [history] = await ownerQuery<{ n: number }>(db.ownerUrl, 'select count(*)::int as n from bucket_history');
    expect(history.n).toBe(3);
  });

  it('warns about a file already imported, and an unchanged re-upload creates no placement', async () => {
    const file = writeCsv(path.join(dir, 'twice.csv'), [HEADER, ['T-1', '1234', '两次', null, '13800003333', null, '100', '0', '0', '100', '2024-02-01', null, null, null]]);
    const first = await run(file);
    expect(first).toMatchObject({ status: 'succeeded', rowsImported: 1 });
    // The same bytes under another name: refused before anything is recorded, with a code and parameters.
    const copy = path.join(dir, 'twice-copy.csv');
    fs.copyFileSync(file, copy);
    const refused = await run(copy).catch((e) => e);
    expect(refused.extensions).toMatchObject({ code: 'CONFLICT', reason: 'FILE_ALREADY_IMPORTED', params: { fileName: 'twice.csv' } });
    const [{ n: imports }] = await asUser<{ n: number }>('bankA', `select count(*)::int as n from placement_import where file_name = 'twice-copy.csv'`);
    expect(imports).toBe(0);
    // Confirmed: it runs, changes nothing, and leaves no empty placement behind.
    const [{ n: placementsBefore }] = await asUser<{ n: number }>('bankA', 'select count(*)::int as n from placement');
    const again = await importer.run({ dataSource: app, claims: f.claims('bankA'), clientId: f.bankA, filePath: copy, fileName: 'twice-copy.csv', placedOn: '2024-03-01', allowDuplicate: true });
    expect(again).toMatchObject({ status: 'succeeded', placementId: null, rowsImported: 0, rowsUpdated: 0, rowsUnchanged: 1 });
    const [{ n: placementsAfter }] = await asUser<{ n: number }>('bankA', 'select count(*)::int as n from placement');
    expect(placementsAfter).toBe(placementsBefore);
  });

  it('matches a passport holder across two files, converts a 15-digit id, and reports weak name + mobile matches', async () => {
    const head = ['账号', '客户姓名', '证件类型', '证件号码', '手机号', '本金', '逾期金额', '逾期起始日'];
    const first = await run(
      writeCsv(path.join(dir, 'ids-1.csv'), [
        head,
        ['PP-1', 'John Smith', '护照', 'E1234567', '13811110000', '100', '100', '2024-02-01'],
        ['OLD-1', '老张', '', '110101800512123', '13822220000', '100', '100', '2024-02-01'],
        ['WEAK-1', '无证', '', '', '13833330000', '100', '100', '2024-02-01'],
      ]),
    );
    expect(first).toMatchObject({ status: 'succeeded', rowsImported: 3, identityMatches: { document: 2, name_mobile: 1, none: 0, legacyIdsConverted: 1 } });
    const second = await run(
      writeCsv(path.join(dir, 'ids-2.csv'), [
        head,
        ['PP-2', 'John Smith', 'passport', 'e 1234567', '13811110000', '200', '200', '2024-02-10'],
        ['WEAK-2', '无证', '', '', '13833330000', '200', '200', '2024-02-10'],
      ]),
    );
    expect(second).toMatchObject({ status: 'succeeded', rowsImported: 2 });
    const debtors = await asUser<{ bank_ref: string; debtor_id: string; id_document_type: string | null; identity_match: string; national_id_masked: string | null }>(
      'bankA',
      `select a.bank_ref, a.debtor_id, d.id_document_type, d.identity_match, d.national_id_masked from account a join debtor d on d.id = a.debtor_id
        where a.bank_ref in ('PP-1', 'PP-2', 'OLD-1', 'WEAK-1', 'WEAK-2') order by a.bank_ref`,
    );
    const by = Object.fromEntries(debtors.map((d) => [d.bank_ref, d]));
    // One person with a passport across the two files; the type is kept.
    expect(by['PP-1'].debtor_id).toBe(by['PP-2'].debtor_id);
    expect(by['PP-1']).toMatchObject({ id_document_type: 'passport', identity_match: 'document' });
    // The legacy id is kept in its 18-digit form (masked here; the clear number is never stored).
    expect(by['OLD-1']).toMatchObject({ id_document_type: 'prc_id', identity_match: 'document' });
    expect(by['OLD-1'].national_id_masked).toMatch(/^110\*+\d{3}[\dX]$/);
    expect(by['OLD-1'].national_id_masked).toHaveLength(18);
    // Same name and mobile, no document: one debtor, marked as a weak match.
    expect(by['WEAK-1'].debtor_id).toBe(by['WEAK-2'].debtor_id);
    expect(by['WEAK-1']).toMatchObject({ id_document_type: null, identity_match: 'name_mobile' });
  });

  it('rejects the second row of a bank reference repeated in one file (within and across batches)', async () => {
    const rows = [HEADER, ['D-1', '1111', '甲', null, '13800000001', null, '1', '0', '0', '1', '2024-01-01', null, null, null]];
    rows.push(['D-2', '2222', '乙', null, '13800000002', null, '1', '0', '0', '1', '2024-01-01', null, null, null]);
    rows.push(['D-1', '3333', '丙', null, '13800000003', null, '9', '0', '0', '9', '2024-01-01', null, null, null]); // next batch (batchSize 2)
    rows.push(['D-2', '4444', '丁', null, '13800000004', null, '9', '0', '0', '9', '2024-01-01', null, null, null]);
    const r = await run(writeCsv(path.join(dir, 'dups.csv'), rows));
    expect(r).toMatchObject({ status: 'succeeded', rowsRead: 4, rowsImported: 2, rowsRejected: 2 });
    const acc = await asUser<{ bank_ref: string; principal: string }>('bankA', `select bank_ref, principal from account where bank_ref like 'D-%' order by bank_ref`);
    expect(acc).toEqual([
      { bank_ref: 'D-1', principal: '1.00' },
      { bank_ref: 'D-2', principal: '1.00' },
    ]);
    const rej = await asUser<{ row_number: number; column_name: string }>('bankA', 'select row_number, column_name from placement_rejection where import_id = $1 order by row_number', [r.importId]);
    expect(rej).toEqual([
      { row_number: 4, column_name: '账号' },
      { row_number: 5, column_name: '账号' },
    ]);
  });

  it('refreshes its tables\' statistics as it grows them: after the 1st and 4th full batch, and at the end', async () => {
    const analyses = async () => (await ownerQuery<{ n: number }>(db.ownerUrl, `select analyze_count::int as n from pg_stat_user_tables where relname = 'account'`))[0].n;
    const before = await analyses();
    const rows = [HEADER];
    for (let i = 1; i <= 9; i++) rows.push([`S-${i}`, '1111', '甲', null, `1390000000${i}`, null, '1', '0', '0', '1', '2024-01-01', null, null, null]);
    // Nine rows in batches of two: four full batches and a short last one.
    const r = await run(writeCsv(path.join(dir, 'statistics.csv'), rows));
    expect(r).toMatchObject({ status: 'succeeded', rowsImported: 9 });
    // Statistics reach the view once the importing connection reports them, shortly after its commit.
    await expect.poll(analyses, { timeout: 5000 }).toBeGreaterThanOrEqual(before + 3);
  });

  it('imports an XLSX with Excel numbers and dates, and bad rows rejected', async () => {
    const file = await writeXlsx(path.join(dir, 'bank-b.xlsx'), [
      ['Account No', 'Card No', 'Name', 'Mobile', 'Principal', 'Interest', 'Overdue Amount', 'Delinquent Since', 'Currency'],
      ['X-1', '4111 1111 1111 1111', 'Alice', '13812340001', 1200.5, 0, 1200.5, new Date(Date.UTC(2024, 0, 31)), 'USD'],
      ['X-2', '9999', 'Bob', '13812340002', 99.99, 1.01, 101, 45300, null],
      ['X-3', '8888', 'Carol', '13812340003', 10.005, 0, 10, '2024-01-01', null],
      ['X-4', '7777', 'Dave', 'n/a?', 10, 0, 10, 'soon', null],
    ]);
    const r = await run(file, 'admin', f.bankB);
    expect(r).toMatchObject({ status: 'succeeded', rowsRead: 4, rowsImported: 2, rowsRejected: 2 });
    const acc = await asUser<Record<string, string>>('bankB', 'select bank_ref, card_last4, principal, overdue_amount, delinquent_since::text, currency from account order by bank_ref');
    expect(acc).toEqual([
      { bank_ref: 'X-1', card_last4: '1111', principal: '1200.50', overdue_amount: '1200.50', delinquent_since: '2024-01-31', currency: 'USD' },
      { bank_ref: 'X-2', card_last4: '9999', principal: '99.99', overdue_amount: '101.00', delinquent_since: '2024-01-09', currency: 'CNY' },
    ]);
    const rej = await asUser<{ row_number: number; column_name: string }>('bankB', 'select row_number, column_name from placement_rejection where import_id = $1 order by row_number, seq', [r.importId]);
    expect(rej).toEqual([
      { row_number: 4, column_name: 'Principal' },
      { row_number: 5, column_name: 'Mobile' },
      { row_number: 5, column_name: 'Delinquent Since' },
    ]);
  });

  it('RLS: Bank B sees none of Bank A; Bank A cannot import into Bank B', async () => {
    const seenByB = await asUser<{ bank_ref: string }>('bankB', 'select bank_ref from account');
    expect(seenByB.every((a) => a.bank_ref.startsWith('X-'))).toBe(true);
    const importsSeenByB = await asUser<{ client_id: string }>('bankB', 'select client_id from placement_import');
    expect(importsSeenByB.every((i) => i.client_id === f.bankB)).toBe(true);

    const file = writeCsv(path.join(dir, 'foreign.csv'), sampleRows());
    await expect(run(file, 'bankA', f.bankB)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run(file, 'otherAdmin', f.bankA)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run(file, 'collector', f.bankA)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [count] = await ownerQuery<{ n: number }>(db.ownerUrl, `select count(*)::int as n from account where client_id = $1 and bank_ref like 'A-%'`, [f.bankB]);
    expect(count.n).toBe(0);
  });

  it('RLS has the last word: staged rows written for another bank are refused by the policies', async () => {
    // Bypass the importer's own client check: a transaction as Bank A's user inserting Bank B's account.
    await expect(
      withTenant(app, f.claims('bankA'), (m) =>
        m.query(`insert into placement (client_id, agency_id, name, placed_on) values ($1, $2, 'x', current_date)`, [f.bankB, f.agencyId]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('a file with a missing required column fails and imports nothing', async () => {
    const before = await ownerQuery<{ n: number }>(db.ownerUrl, 'select count(*)::int as n from account');
    const rows = sampleRows().map((r) => r.filter((_, i) => HEADER[i] !== '逾期金额'));
    const r = await run(writeCsv(path.join(dir, 'missing.csv'), rows));
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/overdueAmount/);
    const after = await ownerQuery<{ n: number }>(db.ownerUrl, 'select count(*)::int as n from account');
    expect(after[0].n).toBe(before[0].n);
    const [imp] = await asUser<{ status: string; error: string; rows_imported: number }>('bankA', 'select status, error, rows_imported from placement_import where id = $1', [r.importId]);
    expect(imp).toMatchObject({ status: 'failed', rows_imported: 0 });
    expect(imp.error).toMatch(/逾期金额/);
  });

  it('a malformed CSV fails the whole file, even after good batches', async () => {
    const before = await ownerQuery<{ n: number }>(db.ownerUrl, 'select (select count(*) from account) + (select count(*) from debtor) + (select count(*) from placement) as n');
    const good = [HEADER, ...Array.from({ length: 6 }, (_, i) => [`M-${i}`, '1234', '某人', null, '13800001111', null, '1', '0', '0', '1', '2024-01-01', null, null, null])];
    const text = good.map((r) => r.map((v) => (v === null ? '' : `"${v}"`)).join(',')).join('\n') + '\n"M-9","1234","broken\n';
    const file = path.join(dir, 'malformed.csv');
    fs.writeFileSync(file, text);
    const r = await run(file);
    expect(r).toMatchObject({ status: 'failed', rowsImported: 0 });
    expect(r.error).toMatch(/CSV file could not be read/);
    const after = await ownerQuery<{ n: number }>(db.ownerUrl, 'select (select count(*) from account) + (select count(*) from debtor) + (select count(*) from placement) as n');
    expect(after[0].n).toBe(before[0].n);
  });

  it('a file that is not an XLSX fails cleanly', async () => {
    const file = path.join(dir, 'fake.xlsx');
    fs.writeFileSync(file, 'this is not a zip');
    const r = await run(file);
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/XLSX file is not a valid workbook/);
  });

  it('a saved column mapping is used, and a wrong one fails the import', async () => {
    await withTenant(app, f.claims('bankA'), (m, p) =>
      new PlacementImportService(m).saveColumnMapping(p, f.bankA, [
        { field: 'bankRef', header: '合约编号' },
        { field: 'debtorName', header: '客户' },
      ]),
    );
    const ok = await run(writeCsv(path.join(dir, 'mapped.csv'), [['合约编号', '客户', '本金', '逾期金额', '逾期天数'], ['MAP-1', '周八', '100', '100', '40']]));
    expect(ok).toMatchObject({ status: 'succeeded', rowsImported: 1 });
    const [acc] = await asUser<{ delinquent_since: string }>('bankA', `select delinquent_since::text from account where bank_ref = 'MAP-1'`);
    expect(acc.delinquent_since).toBe('2024-01-22');

    const wrong = await run(writeCsv(path.join(dir, 'unmapped.csv'), sampleRows()));
    expect(wrong.status).toBe('failed');
    expect(wrong.error).toMatch(/合约编号/);

    const reset = await withTenant(app, f.claims('bankA'), (m, p) => new PlacementImportService(m).saveColumnMapping(p, f.bankA, []));
    expect(reset.isDefault).toBe(true);
    expect((await run(writeCsv(path.join(dir, 'default-again.csv'), sampleRows()))).status).toBe('succeeded');
  });

  it('start() returns at once and progress is visible to other transactions while it runs', async () => {
    // Hold account A-001 locked from another transaction: the import's first merge waits on it, so the
    // job is observably running; its published progress must be visible meanwhile.
    const owner = createDataSource({ url: db.ownerUrl, poolSize: 1 });
    await owner.initialize();
    const lock = owner.createQueryRunner();
    await lock.startTransaction();
    await lock.query(`select 1 from account where bank_ref = 'A-001' for update`);
    try {
      const rows = [HEADER, ['A-001', '1234', '张三', ID1, '13812345678', null, '1', '0', '0', '1', '2024-01-01', null, null, null]];
      rows.push(...Array.from({ length: 40 }, (_, i) => [`P-${i}`, '1234', '进度', null, '13800002222', null, '1', '0', '0', '1', '2024-01-01', null, null, null]));
      const file = writeCsv(path.join(dir, 'progress.csv'), rows);
      const id = await importer.start({ dataSource: app, claims: f.claims('bankA'), clientId: f.bankA, filePath: file, fileName: 'progress.csv', placedOn: '2024-03-01' });
      let seen: { status: string; rows_read: number; rows_imported: number } | undefined;
      for (let i = 0; i < 100; i++) {
        [seen] = await asUser<{ status: string; rows_read: number; rows_imported: number }>('bankA', 'select status, rows_read, rows_imported from placement_import where id = $1', [id]);
        if (seen.status === 'running' && seen.rows_read > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(seen?.status).toBe('running');
      expect(seen?.rows_read).toBeGreaterThan(0);
      // Nothing counts as imported before the import's transaction commits.
      expect(seen?.rows_imported).toBe(0);
      await lock.commitTransaction();
      await importer.whenIdle();
      const [done] = await asUser<{ status: string; rows_read: number; rows_imported: number; rows_updated: number }>(
        'bankA',
        'select status, rows_read, rows_imported, rows_updated from placement_import where id = $1',
        [id],
      );
      expect(done).toEqual({ status: 'succeeded', rows_read: 41, rows_imported: 40, rows_updated: 1 });
    } finally {
      if (lock.isTransactionActive) await lock.rollbackTransaction();
      await lock.release();
      await owner.destroy();
    }
  });

  it('refuses a placement date in the future and unknown formats before recording anything', async () => {
    const file = writeCsv(path.join(dir, 'future.csv'), sampleRows());
    await expect(run(file, 'bankA', f.bankA, { placedOn: '2999-01-01' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(run(file, 'bankA', f.bankA, { fileName: 'x.pdf' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
