// Imports a placement file from disk, for large or scheduled loads (cron, an SFTP drop folder):
//   node tools/cli/dist/import-placement.js --client BANK_A --file placement.csv [--as user@agency] [--agency "Demo Collections"]
//                                           [--name "2026-11 placement"] [--placed-on 2026-11-24]
// Runs exactly the pipeline of an upload (PlacementImporter), as a real user of the agency under RLS:
// --as names them; by default the agency's first agency admin. Uses DATABASE_URL, or the embedded
// cluster under DATA_DIR (stop `npm start` first: one process may own an embedded cluster at a time).
// Exit code: 0 succeeded, 1 the import failed (the file imported nothing), 2 bad arguments.
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@arrears/config';
import { createDataSource, prepareDatabase } from '@arrears/db';
import { formatOf, PlacementImporter, ProtectedData } from '@arrears/accounts';

const USAGE = 'usage: import-placement --client CODE --file PATH [--as EMAIL] [--agency NAME] [--name NAME] [--placed-on yyyy-mm-dd]';

const { values } = parseArgs({
  options: {
    client: { type: 'string' },
    file: { type: 'string' },
    as: { type: 'string' },
    agency: { type: 'string' },
    name: { type: 'string' },
    'placed-on': { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help || !values.client || !values.file) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}
const filePath = path.resolve(values.file);
if (!fs.existsSync(filePath)) {
  console.error(`no such file: ${filePath}`);
  process.exit(2);
}
if (!formatOf(filePath)) {
  console.error('only .csv and .xlsx files can be imported');
  process.exit(2);
}

const config = loadConfig();
const db = await prepareDatabase(config);
// The owner only resolves names (client code, e-mail) to ids; the import itself runs as the app role.
const owner = createDataSource({ url: db.ownerUrl, poolSize: 1, applicationName: 'arrears-import-cli' });
const app = createDataSource({ url: db.appUrl, poolSize: 3, applicationName: 'arrears-import-cli' });
let exitCode = 0;
try {
  await owner.initialize();
  await app.initialize();
  const clients: { id: string; agency_id: string; agency: string }[] = await owner.query(
    `select c.id, c.agency_id, a.name as agency from client c join agency a on a.id = c.agency_id
      where c.code = $1 and ($2::text is null or lower(a.name) = lower($2))`,
    [values.client, values.agency ?? null],
  );
  if (clients.length !== 1) {
    throw new Error(clients.length ? `client ${values.client} exists in several agencies (${clients.map((c) => c.agency).join(', ')}): add --agency` : `no client with code ${values.client}`);
  }
  const client = clients[0];
  const [user]: { id: string; email: string; role: string }[] = values.as
    ? await owner.query(`select id, email, role from app_user where email = lower($1) and agency_id = $2 and disabled_at is null`, [values.as, client.agency_id])
    : await owner.query(`select id, email, role from app_user where agency_id = $1 and role = 'agency_admin' and disabled_at is null order by created_at limit 1`, [client.agency_id]);
  if (!user) throw new Error(values.as ? `no active user ${values.as} in ${client.agency}` : `${client.agency} has no active agency admin: pass --as`);

  const importer = new PlacementImporter({ protectedData: ProtectedData.fromConfig(config), log: (m, extra) => console.error(m, extra ?? '') });
  console.log(`importing ${filePath} for ${values.client} (${client.agency}) as ${user.email} (${user.role})`);
  const started = Date.now();
  const running = importer.run({
    dataSource: app,
    claims: { userId: user.id, agencyId: client.agency_id },
    clientId: client.id,
    filePath,
    fileName: path.basename(filePath),
    placementName: values.name,
    placedOn: values['placed-on'],
  });
  // Progress as other sessions see it (published by the job in its own short transactions).
  const ticker = setInterval(() => {
    void owner
      .query(`select rows_read from placement_import where client_id = $1 and status = 'running' order by created_at desc limit 1`, [client.id])
      .then(([r]: { rows_read: number }[]) => r && process.stdout.write(`  ${r.rows_read.toLocaleString('en')} rows read…\r`))
      .catch(() => undefined);
  }, 1000);
  const result = await running.finally(() => clearInterval(ticker));
  const secs = (Date.now() - started) / 1000;
  if (result.status === 'succeeded') {
    console.log(
      `done in ${secs.toFixed(1)} s: ${result.rowsRead} rows read, ${result.rowsImported} new accounts, ${result.rowsUpdated} re-placed, ${result.rowsRejected} rejected` +
        ` (${Math.round(result.rowsRead / Math.max(secs, 0.001)).toLocaleString('en')} rows/s); import ${result.importId}`,
    );
    if (result.rowsRejected) console.log('the rejected rows are listed in placement_rejection (GET /api/placement-imports/<id>/rejections.csv)');
  } else {
    console.error(`import failed, nothing was imported: ${result.error}`);
    exitCode = 1;
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  exitCode = 1;
} finally {
  if (app.isInitialized) await app.destroy();
  if (owner.isInitialized) await owner.destroy();
  await db.embedded?.stop();
}
process.exit(exitCode);
