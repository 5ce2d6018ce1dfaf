// Test-only helpers, imported by specs only: tenants written as the owner (the way an operator's seed
// would), since libs may not import tools/seed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from '@arrears/db';
import ExcelJS from 'exceljs';

export interface ImportFixture {
  agencyId: string;
  otherAgencyId: string;
  bankA: string;
  bankB: string;
  users: { admin: string; supervisor: string; collector: string; bankA: string; bankB: string; otherAdmin: string };
  claims(user: keyof ImportFixture['users']): { userId: string; agencyId: string };
}

/** One agency with two banks (A, B), a user of each relevant role, and a second agency. */
export async function seedImportFixture(ownerUrl: string): Promise<ImportFixture> {
  const c = createDataSource({ url: ownerUrl, poolSize: 1, applicationName: 'import-test-fixture' });
  await c.initialize();
  try {
    const one = async (sql: string, params: unknown[]) => (await c.query(sql, params))[0].id as string;
    const agencyId = await one(`insert into agency (name) values ('Import Agency') returning id`, []);
    const otherAgencyId = await one(`insert into agency (name) values ('Other Agency') returning id`, []);
    const client = (agency: string, code: string) => one(`insert into client (agency_id, name, code) values ($1, $2, $2) returning id`, [agency, code]);
    const bankA = await client(agencyId, 'BANK_A');
    const bankB = await client(agencyId, 'BANK_B');
    await client(otherAgencyId, 'OTHER_BANK');
    const user = (agency: string, email: string, role: string, clientId: string | null = null) =>
      one(`insert into app_user (agency_id, email, display_name, role, client_id, password_hash) values ($1, $2, $2, $3, $4, 'x') returning id`, [agency, email, role, clientId]);
    const users = {
      admin: await user(agencyId, 'admin@import.test', 'agency_admin'),
      supervisor: await user(agencyId, 'supervisor@import.test', 'supervisor'),
      collector: await user(agencyId, 'collector@import.test', 'collector'),
      bankA: await user(agencyId, 'a@bank-a.test', 'client_user', bankA),
      bankB: await user(agencyId, 'b@bank-b.test', 'client_user', bankB),
      otherAdmin: await user(otherAgencyId, 'admin@other.test', 'agency_admin'),
    };
    for (const u of [users.supervisor, users.collector]) {
      await c.query('insert into user_client_scope (agency_id, client_id, user_id) values ($1, $2, $3), ($1, $4, $3)', [agencyId, bankA, u, bankB]);
    }
    return {
      agencyId,
      otherAgencyId,
      bankA,
      bankB,
      users,
      claims: (u) => ({ userId: users[u], agencyId: u === 'otherAdmin' ? otherAgencyId : agencyId }),
    };
  } finally {
    await c.destroy();
  }
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-import-test-'));
}

/** Writes rows (header first) as CSV, quoting every cell. */
export function writeCsv(file: string, rows: (string | number | null)[][], opts: { bom?: boolean } = {}): string {
  const q = (v: string | number | null) => (v === null ? '' : `"${String(v).replace(/"/g, '""')}"`);
  fs.writeFileSync(file, (opts.bom ? '\uFEFF' : '') + rows.map((r) => r.map(q).join(',')).join('\r\n') + '\r\n');
  return file;
}

export async function writeXlsx(file: string, rows: (string | number | Date | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('委案');
  for (const r of rows) {
    const row = ws.addRow(r);
    r.forEach((v, i) => {
      if (v instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
    });
  }
  await wb.xlsx.writeFile(file);
  return file;
}

/** Owner-side reads: rows that exist whatever RLS would show. */
export async function ownerQuery<T = Record<string, unknown>>(ownerUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = createDataSource({ url: ownerUrl, poolSize: 1, applicationName: 'import-test-fixture' });
  await c.initialize();
  try {
    return (await c.query(sql, params)) as T[];
  } finally {
    await c.destroy();
  }
}

/** A valid PRC national id from its first 17 digits (GB 11643 check digit). */
export function nationalId(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((acc, x, i) => acc + x * Number(first17[i]), 0);
  return first17 + '10X98765432'[sum % 11];
}
