#!/usr/bin/env node
// `npm start`: builds the gateway, the admin app and the CLI through Nx, then runs tools/cli's start
// (which starts the embedded PostgreSQL when DATABASE_URL is unset, migrates, seeds the demo and runs one
// serving process: the gateway with its job worker, serving the admin app).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', DATA_DIR: process.env.DATA_DIR || path.join(root, '.data') };
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function nxBuild(projects) {
  const r = spawnSync(npx, ['nx', 'run-many', '-t', 'build', `--projects=${projects}`, '--outputStyle=stream'], { cwd: root, env, stdio: 'inherit' });
  return r.status === 0;
}

console.log('Building the gateway and the admin app…');
if (!nxBuild('@arrears/gateway,@arrears/cli,@arrears/admin')) {
  // The admin app may not build yet while it is being written: the API alone is still useful.
  console.warn('\nThe combined build failed; building the gateway alone.');
  if (!nxBuild('@arrears/gateway,@arrears/cli')) {
    console.error('The gateway does not build; see the errors above.');
    process.exit(1);
  }
  console.warn('WARNING: the admin app did not build; serving the GraphQL API only (/graphql).\n');
}

const main = path.join(root, 'tools/cli/dist/start.js');
if (!fs.existsSync(main)) {
  console.error(`${path.relative(root, main)} is missing after the build.`);
  process.exit(1);
}

const child = spawn(process.execPath, [main], { cwd: root, env, stdio: 'inherit' });

// Ctrl-C reaches the whole process group, so the gateway usually has the signal already; forwarding it
// again is harmless (its shutdown runs once) and covers a `kill <pid of npm start>`. This process stays
// until the gateway has stopped PostgreSQL and exited.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1) : 1));
});
child.on('error', (e) => {
  console.error('Could not start the gateway:', e.message);
  process.exit(1);
});
