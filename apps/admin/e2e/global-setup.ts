/**
 * Starts the real product as `npm start` does (tools/cli/dist/start.js: embedded Postgres, migrations,
 * demo seed, then the gateway with its job worker, serving the built admin app) for the browser tests,
 * and stops it afterwards. Needs the gateway, CLI and admin builds (the Nx test target depends on them).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(appRoot, '../..');
const READY = 'Arrears is ready at';
const READY_TIMEOUT_MS = 120_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function waitForReady(child: ChildProcess, log: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let tail = '';
    const timer = setTimeout(() => {
      reject(new Error(`gateway not ready after ${READY_TIMEOUT_MS / 1000}s; last output:\n${tail}`));
    }, READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      log.write(text);
      tail = (tail + text).slice(-4000);
      buffer += text;
      if (buffer.includes(READY)) {
        clearTimeout(timer);
        resolve();
      }
      buffer = buffer.slice(-READY.length * 4);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited before it was ready (code ${code}, signal ${signal}); last output:\n${tail}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export default async function setup(project: TestProject) {
  const main = path.join(repoRoot, 'tools/cli/dist/start.js');
  const adminDist = path.join(appRoot, 'dist');
  for (const built of [main, path.join(repoRoot, 'apps/gateway/dist/main.js')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: build the gateway and the CLI (nx run-many -t build -p @arrears/gateway @arrears/cli)`);
  }
  if (!existsSync(path.join(adminDist, 'index.html'))) throw new Error(`${adminDist} is missing: build the admin app first`);
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) throw new Error(`${chromium} is missing: apt-get install -y chromium fonts-noto-cjk (tests never download a browser)`);

  const results = path.join(appRoot, 'test-results');
  mkdirSync(results, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'arrears-e2e-'));
  // embedded Postgres runs as the postgres user when we are root: it must reach the data directory.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const log = createWriteStream(path.join(results, 'gateway.log'));

  // A fresh embedded Postgres every run, whatever DATABASE_URL the shell has.
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  const child = spawn(process.execPath, [main], {
    cwd: repoRoot,
    env: {
      ...inherited,
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_DIST: adminDist,
      SEED_ACCOUNTS_PER_CLIENT: '200',
      NODE_ENV: 'test',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  try {
    await waitForReady(child, log);
  } catch (error) {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  project.provide('baseURL', `http://127.0.0.1:${port}`);

  return async () => {
    await stop(child);
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
