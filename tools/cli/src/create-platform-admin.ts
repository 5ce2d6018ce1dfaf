// Creates the first platform admin of a deployment:
//   npm run create-platform-admin -- --email ops@example.com --name "Operations"
// The password comes from ARREARS_ADMIN_PASSWORD, or a prompt that does not echo it. Uses
// DATABASE_URL (migrated first), or the embedded cluster under DATA_DIR (stop `npm start` first).
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '@arrears/config';
import { prepareDatabase } from '@arrears/db';
import { createPlatformAdmin, promptHidden } from './platform-admin.js';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string', default: 'Platform Admin' } } });
if (!values.email) {
  console.error('usage: npm run create-platform-admin -- --email <e-mail> [--name <display name>]  (password: ARREARS_ADMIN_PASSWORD or a prompt)');
  process.exit(2);
}
const password = process.env.ARREARS_ADMIN_PASSWORD ?? (await promptHidden('Password for the new platform admin: '));

const config = loadConfig();
const db = await prepareDatabase(config);
const owner = new pg.Pool({ connectionString: db.ownerUrl, max: 1, application_name: 'arrears-create-platform-admin' });
try {
  const out = await createPlatformAdmin(owner, { email: values.email, displayName: values.name ?? 'Platform Admin', password });
  if (!out.created) {
    console.error(`not created: ${out.reason}`);
    process.exitCode = 1;
  } else {
    console.log(`platform admin ${values.email.trim().toLowerCase()} created (${out.userId})`);
  }
} finally {
  await owner.end();
  await db.embedded?.stop();
}
