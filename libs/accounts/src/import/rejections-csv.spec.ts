import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@arrears/testing';
import { formulaSafe } from './rejections-csv.js';

// The rejection report's formula guard, evaluated by Postgres exactly as the COPY uses it.
let db: TestDatabase;
let app: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  app = new pg.Client({ connectionString: db.appUrl });
  await app.connect();
});
afterAll(async () => {
  await app?.end();
  await db?.drop();
});

const guard = async (values: string[]) => (await app.query(`select ${formulaSafe('v')} as out from unnest($1::text[]) with ordinality u(v, n) order by n`, [values])).rows.map((r) => r.out);

describe('formulaSafe', () => {
  it('quotes what a spreadsheet would run: = + - @, leading tab or carriage return, and the full-width forms', async () => {
    const risky = ['=cmd|calc', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', '＝1+1', '＋1', '－1', '＠SUM(A1)'];
    expect(await guard(risky)).toEqual(risky.map((v) => `'${v}`));
  });

  it('leaves ordinary text alone, including a formula character later in the value', async () => {
    const plain = ['赵六', '13812345670', 'a=b', '1-2', ' 42', 'M1', ''];
    expect(await guard(plain)).toEqual(plain);
  });
});
