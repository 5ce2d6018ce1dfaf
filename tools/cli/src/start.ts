// `npm start` after the build (tools/scripts/start.mjs): prepares the database as `npm run migrate` does
// (starting the embedded PostgreSQL under DATA_DIR when DATABASE_URL is unset, recovering an orphaned
// server of an earlier crashed run), seeds the demo data when asked, then runs ONE serving process — the
// gateway with its job worker — holding only the application and worker roles' credentials. This
// supervisor keeps the embedded PostgreSQL and stops it when the gateway has exited.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '@arrears/config';
import { prepareDatabase, type PreparedDatabase } from '@arrears/db';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '@arrears/seed';
import { createDocumentStore } from '@arrears/storage';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const gatewayMain = path.join(root, 'apps/gateway/dist/main.js');
let db: PreparedDatabase | undefined;

async function run(): Promise<number> {
  const config = loadConfig();
  db = await prepareDatabase(config, (m) => console.log(m));
  if (db.appliedMigrations.length) console.log(`applied migrations: ${db.appliedMigrations.join(', ')}`);
  if (config.seedDemo && config.env === 'production') {
    console.warn('SEED_DEMO is ignored when NODE_ENV=production: no demo data, no published password.');
  } else if (config.seedDemo) {
    const seeded = await seedDemo({ ownerUrl: db.ownerUrl, accountsPerClient: config.seedAccountsPerClient, dataEncryptionKey: config.dataEncryptionKey, identityHashKeys: config.identityHashKeys, documents: createDocumentStore(config.storage), log: (m) => console.log(m) });
    if (seeded) console.log('seeded demo data');
  }
  // The gateway is handed the supervisor's secrets: with a DATABASE_URL it would refuse development defaults.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.appUrl,
    DB_APP_PASSWORD: config.dbAppPassword,
    DB_WORKER_PASSWORD: config.dbWorkerPassword,
    JWT_SECRET: config.jwt.secret,
    DATA_ENCRYPTION_KEY: config.dataEncryptionKey,
    IDENTITY_HASH_KEY: config.identityHashKeys[1],
    RUN_WORKER: 'true',
  };
  // The serving process gets no owner or superuser credentials.
  delete env.DB_OWNER_PASSWORD;
  const child = spawn(process.execPath, [gatewayMain], { cwd: root, env, stdio: ['inherit', 'pipe', 'inherit'] });
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (config.seedDemo && config.env !== 'production' && chunk.toString().includes('Arrears is ready at')) {
      console.log(`Demo logins (password "${DEMO_PASSWORD}"):`);
      for (const l of DEMO_LOGINS) console.log(`  ${l.email.padEnd(30)} ${l.what}`);
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 9) : 1)));
    child.on('error', (e) => {
      console.error(`Could not start the gateway: ${e.message}`);
      resolve(1);
    });
  });
}

let code = 1;
try {
  code = await run();
} catch (e) {
  const cause = e instanceof ConfigError ? e.message : e instanceof Error ? e.message || e.name : String(e ?? 'an unknown error');
  console.error(`Arrears failed to start: ${cause}`);
}
await db?.embedded?.stop().catch((e: unknown) => console.error(`Could not stop the embedded PostgreSQL: ${String(e)}`));
process.exit(code);
