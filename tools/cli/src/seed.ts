// `npm run seed`: the demo agency, two banks, a user of every role and a portfolio (development only;
// refused in production). Migrates first. `npm start` runs the same seed on an empty embedded database.
import 'reflect-metadata';
import { ConfigError, loadConfig } from '@arrears/config';
import { prepareDatabase } from '@arrears/db';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '@arrears/seed';
import { createDocumentStore } from '@arrears/storage';

try {
  const config = loadConfig();
  if (config.env === 'production') throw new ConfigError('The demo seed is refused when NODE_ENV=production (it creates accounts with a published password)');
  const db = await prepareDatabase(config, (m) => console.log(m));
  try {
    const seeded = await seedDemo({ ownerUrl: db.ownerUrl, accountsPerClient: config.seedAccountsPerClient, dataEncryptionKey: config.dataEncryptionKey, identityHashKeys: config.identityHashKeys, documents: createDocumentStore(config.storage), log: (m) => console.log(m) });
    console.log(seeded ? 'seeded the demo data' : 'the demo data is already there');
    console.log(`Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const l of DEMO_LOGINS) console.log(`  ${l.email.padEnd(30)} ${l.what}`);
  } finally {
    await db.embedded?.stop();
  }
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : `Seeding failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
