// Key rotation for personal data (docs/accounts.md, "Key rotation"):
//   npm run identity:reencrypt [-- --batch 500]   national ids re-sealed with the newest DATA_ENCRYPTION_KEYS version
//   npm run identity:rehash    [-- --batch 500]   identity hashes rebuilt with the newest IDENTITY_HASH_KEYS version
// Both decrypt the stored ids, so they are commands, not migrations. They run with the owner's rights
// like aging and the purge, one agency at a time, each batch of debtors in its own transaction; a run
// can be stopped and started again (it only reads rows not yet on the newest version). Uses
// DATABASE_URL, or the embedded cluster under DATA_DIR (stop `npm start` first).
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '@arrears/config';
import { createDataSource, prepareDatabase } from '@arrears/db';
import { ProtectedData, reencryptNationalIds, rehashDebtors } from '@arrears/accounts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { batch: { type: 'string', default: '500' } } });
const command = positionals[0];
const batchSize = Number(values.batch);
if ((command !== 'reencrypt' && command !== 'rehash') || !Number.isInteger(batchSize) || batchSize < 1) {
  console.error('usage: rotate-keys reencrypt|rehash [--batch N]');
  process.exit(2);
}

const config = loadConfig();
const protect = ProtectedData.fromConfig(config);
const db = await prepareDatabase(config);
const owner = createDataSource({ url: db.ownerUrl, poolSize: 1, applicationName: `arrears-${command}-cli` });
await owner.initialize();
try {
  const run = command === 'reencrypt' ? reencryptNationalIds : rehashDebtors;
  const version = command === 'reencrypt' ? `v${protect.encryptionVersion}` : `h${protect.identityVersion}`;
  const report = await run(owner, protect, { batchSize, onBatch: (agencyId, r) => console.error(`agency ${agencyId}: ${r.changed} changed, ${r.skipped} skipped so far`) });
  console.log(JSON.stringify({ command, version, ...report }, null, 2));
} finally {
  await owner.destroy();
  await db.embedded?.stop();
}
