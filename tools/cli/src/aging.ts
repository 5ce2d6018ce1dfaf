// Ages every active account now (or as of --as-of yyyy-mm-dd) and rebuilds the banks' portfolio
// snapshots: the daily job, for cron or for an operator. `npm run aging -- --as-of 2026-12-01`
// Uses DATABASE_URL, or the embedded cluster under DATA_DIR (stop `npm start` first: one process
// may own an embedded cluster at a time).
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '@arrears/config';
import { createDataSource, prepareDatabase } from '@arrears/db';
import { recomputeAging, refreshPortfolioSnapshot } from '@arrears/accounts';

const { values } = parseArgs({ options: { 'as-of': { type: 'string' } } });
const asOf = values['as-of'];
if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
  console.error('--as-of must be a date like 2026-12-01');
  process.exit(2);
}

const config = loadConfig();
const db = await prepareDatabase(config);
const owner = createDataSource({ url: db.ownerUrl, poolSize: 1, applicationName: 'arrears-aging-cli' });
await owner.initialize();
try {
  const started = Date.now();
  const result = await owner.transaction(async (m) => {
    const r = await recomputeAging(m, asOf);
    await refreshPortfolioSnapshot(m);
    return r;
  });
  console.log(`aged ${result.accountsAged} accounts, ${result.bucketChanges} bucket changes, in ${Date.now() - started} ms`);
} finally {
  await owner.destroy();
  await db.embedded?.stop();
}
