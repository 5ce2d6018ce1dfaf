import pg from 'pg';
import { ConfigError, loadConfig, type Config } from '@arrears/config';

/** A start-up failure in words an operator can act on: never "undefined". */
export function describeStartupError(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    const parts = [e.message || e.name];
    if (code && !parts[0].includes(code)) parts.push(`(${code})`);
    if (code === 'ECONNREFUSED') parts.push('— is PostgreSQL running at DATABASE_URL?');
    if (code === '28P01') parts.push('— check the role password (DB_APP_PASSWORD / DB_WORKER_PASSWORD) and that `npm run migrate` has set it');
    if (code === '3D000') parts.push('— the database does not exist: run `npm run migrate`');
    const cause = (e as { cause?: unknown }).cause;
    if (cause !== undefined && cause !== e) parts.push(`; caused by: ${describeStartupError(cause)}`);
    return parts.join(' ');
  }
  if (e === undefined || e === null) return 'an unknown error (nothing was reported)';
  if (typeof e === 'object') {
    try {
      return JSON.stringify(e);
    } catch {
      return Object.prototype.toString.call(e);
    }
  }
  return String(e);
}

/** Loads the configuration or exits with its message (every problem listed). */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

/** Serving processes expect a migrated database; say so plainly instead of failing on the first query. */
export async function assertMigrated(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url, application_name: 'arrears-startup-check' });
  await c.connect();
  try {
    const { rows } = await c.query(`select to_regclass('public.job_run') is not null as ready`);
    if (!rows[0].ready) throw new Error('The database is not migrated (or is older than this version): run `npm run migrate` first');
  } finally {
    await c.end();
  }
}
