// PIPL: erases the personal data of accounts recalled or returned more than --after-days days ago
// (default 365) and prints what it purged. `npm run purge -- --after-days 730`
// A platform job: runs as the owner role across every tenant, like aging. Uses DATABASE_URL, or the
// embedded cluster under DATA_DIR (stop `npm start` first).
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '@arrears/config';
import { createDataSource, prepareDatabase } from '@arrears/db';
import { purgeDepartedAccounts } from '@arrears/accounts';

const { values } = parseArgs({ options: { 'after-days': { type: 'string', default: '365' } } });
const afterDays = Number(values['after-days']);
if (!Number.isInteger(afterDays) || afterDays < 1) {
  console.error('--after-days must be a whole number of days, at least 1');
  process.exit(2);
}

const config = loadConfig();
const db = await prepareDatabase(config);
const owner = createDataSource({ url: db.ownerUrl, poolSize: 1, applicationName: 'arrears-purge-cli' });
await owner.initialize();
try {
  const report = await owner.transaction((m) => purgeDepartedAccounts(m, afterDays));
  console.log(JSON.stringify(report, null, 2));
} finally {
  await owner.destroy();
  await db.embedded?.stop();
}
