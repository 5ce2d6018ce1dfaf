import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { Account } from '@arrears/accounts';
import { toConnection } from '@arrears/graphql';
import { buildDetachedSchema } from './schema.js';

/**
 * `npm run bench:execution`: the gateway's own CPU for executing a page of the account list once the
 * rows are in hand — graphql-jit's compiled query over the gateway's schema, the rows mapped as the
 * account query maps them (debtor and bank joined), the answer serialised — without the database, HTTP
 * or Apollo, so that a change to per-row work shows apart from their noise. BENCH_PAGES sets the count.
 */
const PAGES = Number(process.env.BENCH_PAGES ?? 20000);

const schema = await buildDetachedSchema();
const document = parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../bench/queries/arrears-accounts.graphql'), 'utf8'));

const bank = '0193a5c0-0000-7000-8000-00000000000a';
/** The joined bank, one object for the rows of the same bank as the account query gives it. */
const joinedBank = { id: bank, name: 'Demo Bank A', code: 'BANK_A', currency: 'CNY', time_zone: 'Asia/Shanghai', created_at: new Date('2026-01-05T02:00:00Z') };

/** A row as the list's statement returns it for this document (its columns, debtor and bank joined). */
function row(i: number): Record<string, unknown> {
  const serial = String(i).padStart(12, '0');
  const debtorId = `0193a5c0-0000-7000-9000-${serial}`;
  return {
    id: `0193a5c0-0000-7000-8000-${serial}`,
    client_id: bank,
    debtor_id: debtorId,
    bank_ref: `A${String(100000 + i)}`,
    currency: 'CNY',
    total_due: `${(48213.57 - i * 13.1).toFixed(2)}`,
    dpd: 95 + i,
    bucket: 'M4',
    joined_debtor: { id: debtorId, client_id: bank, full_name: '王小明' },
    joined_client: joinedBank,
  };
}

const context = { principal: { role: 'supervisor', userId: 'u', agencyId: 'a', clientIds: null, teamIds: [] } };

console.log(`Command: \`npm run bench:execution\` (${PAGES} pages per size, Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z)`);
console.log('| page | µs per page | µs per row |');
console.log('| ---: | ---: | ---: |');
for (const first of [20, 50]) {
  const rows = Array.from({ length: first + 1 }, (_, i) => row(i));
  // The root field answers with the page the account query would have built; everything below it is the gateway's.
  const accounts = schema.getQueryType()?.getFields().accounts;
  if (!accounts) throw new Error('the schema has no accounts query');
  accounts.resolve = () => toConnection(rows as never[], first, (r: { total_due: string; id: string }) => [r.total_due, r.id], Account.fromRow);
  const compiled = compileQuery(schema, document, 'Accounts');
  if (!isCompiledQuery(compiled)) throw new Error(`the list did not compile: ${JSON.stringify(compiled.errors)}`);
  const once = () => {
    const result = compiled.query(undefined, context, { first });
    if ('then' in result || result.errors) throw new Error(`the page failed: ${JSON.stringify(result)}`);
    return JSON.stringify(result).length;
  };
  for (let i = 0; i < 2000; i++) once();
  const start = process.cpuUsage();
  for (let i = 0; i < PAGES; i++) once();
  const cpu = process.cpuUsage(start);
  const micros = (cpu.user + cpu.system) / PAGES;
  console.log(`| ${first} | ${micros.toFixed(1)} | ${(micros / first).toFixed(2)} |`);
}
