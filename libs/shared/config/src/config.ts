import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

/** Raised at boot when the environment is not a valid configuration; the message lists every problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/** `2:<64 hex>,3:<64 hex>` to { 2: hex, 3: hex }: key versions after the first (version 1 has its own variable). */
function keyRingFromEnv(name: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const ring: Record<number, string> = {};
      for (const part of (raw ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
        const m = /^(\d+):([0-9a-f]{64})$/i.exec(part);
        if (!m || Number(m[1]) < 2) {
          ctx.addIssue({ code: 'custom', message: `${name}: each entry is <version ≥ 2>:<64 hex characters>` });
          return z.NEVER;
        }
        ring[Number(m[1])] = m[2];
      }
      return ring;
    });
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.url().optional(),
  DB_OWNER_PASSWORD: z.string().min(8).optional(),
  DB_APP_PASSWORD: z.string().min(8).optional(),
  DB_WORKER_PASSWORD: z.string().min(8).optional(),
  /** Run the job worker inside the gateway process (the embedded `npm start` does). */
  RUN_WORKER: booleanFromEnv.default(false),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  IMPORT_BATCH_SIZE: z.coerce.number().int().min(100).max(200_000).default(20_000),
  STORAGE: z.enum(['local', 's3']).default('local'),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_PREFIX: z.string().default(''),
  S3_REGION: z.string().default('us-east-1'),
  S3_ENDPOINT: z.url().optional(),
  S3_FORCE_PATH_STYLE: booleanFromEnv.default(false),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Test hook: a worker kills itself after reading this many rows of an import. Refused in production. */
  TEST_CRASH_IMPORT_AT_ROW: z.coerce.number().int().min(1).optional(),
  /** /metrics (Prometheus) on this port, apart from the API; unset: no metrics endpoint. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().default('0.0.0.0'),
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Webhooks to private, loopback or reserved addresses (tests, development). Refused in production (SSRF). */
  WEBHOOK_ALLOW_PRIVATE_HOSTS: booleanFromEnv.optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Wait after a delivery's first failed attempt; it doubles per attempt (capped at 6 h). */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(60_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(10),
  // Finished webhook deliveries (and their attempts) older than this are deleted by the daily housekeeping job.
  WEBHOOK_DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** OpenTelemetry traces over OTLP/HTTP (e.g. http://otel-collector:4318/v1/traces); unset: no traces. */
  OTEL_TRACES_ENDPOINT: z.url().optional(),

  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().default('.data'),
  DATA_ENCRYPTION_KEY: z.string().regex(/^[0-9a-f]{64}$/i, 'DATA_ENCRYPTION_KEY must be 64 hex characters (32 bytes)').optional(),
  /** Later encryption key versions, `2:<64 hex>,3:<64 hex>`; the highest seals new data (see docs/accounts.md, key rotation). */
  DATA_ENCRYPTION_KEYS: keyRingFromEnv('DATA_ENCRYPTION_KEYS'),
  /** The identity hash key (version 1): per-agency keys are derived from it (HKDF). Not the encryption key. */
  IDENTITY_HASH_KEY: z.string().regex(/^[0-9a-f]{64}$/i, 'IDENTITY_HASH_KEY must be 64 hex characters (32 bytes)').optional(),
  /** Later identity key versions, `2:<64 hex>`; the highest hashes new rows. */
  IDENTITY_HASH_KEYS: keyRingFromEnv('IDENTITY_HASH_KEYS'),
  AGING_SCHEDULE: z.enum(['daily', 'off']).default('daily'),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().default('arrears'),
  JWT_AUDIENCE: z.string().default('arrears-api'),
  // Access tokens live in the admin app's memory only and are renewed through the refresh cookie, so they can be short.
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(15 * 60),
  // How long a refresh session (the HttpOnly cookie) lasts from sign-in; rotation does not extend it.
  REFRESH_TTL_SECONDS: z.coerce.number().int().min(300).max(30 * 24 * 3600).default(12 * 3600),
  // Origins (scheme://host[:port]) besides the gateway's own that may call POST /api/auth/refresh.
  ALLOWED_ORIGINS: z.string().trim().optional(),
  ADMIN_DIST: z.string().optional(),
  // No default here: it depends on where the process runs (see loadConfig).
  SEED_DEMO: booleanFromEnv.optional(),
  // Which reverse proxies may tell the client's address (X-Forwarded-For): unset or "false" trusts none;
  // a hop count ("1"), or addresses/subnets/Express names ("loopback, 10.0.0.0/8"). "true" (trust
  // anyone) is refused: every client could then choose its own address and dodge the sign-in throttle.
  TRUST_PROXY: z
    .string()
    .trim()
    .refine((v) => v.toLowerCase() !== 'true', 'TRUST_PROXY=true would trust any client; give a hop count or the proxies\' addresses')
    .optional(),
  SEED_ACCOUNTS_PER_CLIENT: z.coerce.number().int().min(0).max(2_000_000).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).default(512 * 1024 * 1024),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(2_000_000),
  /** How SMS leave: `outbox` stores them for an external gateway to pick up; `http` POSTs each to SMS_GATEWAY_URL. */
  SMS_ADAPTER: z.enum(['outbox', 'http']).default('outbox'),
  SMS_GATEWAY_URL: z.url().optional(),
  SMS_GATEWAY_TOKEN: z.string().min(8).optional(),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** Admin connection: bootstraps roles and the owner role migrates. Unset: an embedded Postgres under dataDir. */
  databaseUrl?: string;
  dbOwnerPassword: string;
  dbAppPassword: string;
  /** The worker role's password (arrears_worker): job workers connect with it. */
  dbWorkerPassword: string;
  dbPoolSize: number;
  runWorker: boolean;
  workerConcurrency: number;
  importBatchSize: number;
  /** Where documents live: local disk under dataDir by default, or an S3-compatible bucket. */
  storage: StorageSettings;
  /** Test hook only (never set in production): see TEST_CRASH_IMPORT_AT_ROW. */
  testCrashImportAtRow?: number;
  metrics: { port?: number; host: string; token?: string };
  /** Outbound webhook deliveries to the banks (docs/operations.md, Webhooks). */
  webhooks: { allowPrivateHosts: boolean; timeoutMs: number; retry: { baseMs: number; capMs: number; maxAttempts: number }; deliveryRetentionDays: number };
  tracesEndpoint?: string;
  dataDir: string;
  jwt: { secret: string; issuer: string; audience: string; ttlSeconds: number };
  /** Refresh sessions (HttpOnly cookie): lifetime from sign-in, and the extra origins allowed to refresh. */
  refresh: { ttlSeconds: number; allowedOrigins: string[] };
  adminDist?: string;
  /** Key version 1 protecting national ids at rest (AES-256-GCM); also keys the contact domain's phone hashes. */
  dataEncryptionKey: string;
  /** Every encryption key version (1 = dataEncryptionKey); the highest seals new ciphertexts. */
  dataEncryptionKeys: Record<number, string>;
  /** Every identity hash key version; the highest keys new identity hashes (per agency, HKDF). */
  identityHashKeys: Record<number, string>;
  agingSchedule: 'daily' | 'off';
  seedDemo: boolean;
  seedAccountsPerClient: number;
  logLevel: string;
  /** Default limits of one placement file; a bank's own (client.upload_max_bytes / import_max_rows) may be lower. */
  uploadMaxBytes: number;
  importMaxRows: number;
  /** Express's `trust proxy` value: false (none), a hop count, or a list of addresses/subnets. */
  trustProxy: boolean | number | string;
  sms: SmsSettings;
}

/** ALLOWED_ORIGINS as a list of exact origins (scheme://host[:port], no path); a malformed entry stops the boot. */
export function parseOrigins(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => {
      let origin: string;
      try {
        origin = new URL(v).origin;
      } catch {
        origin = 'null';
      }
      if (origin === 'null' || origin !== v.replace(/\/$/, '')) throw new ConfigError(`Invalid configuration:\n  ALLOWED_ORIGINS: "${v}" is not an origin (scheme://host[:port])`);
      return origin;
    });
}

export type SmsSettings = { adapter: 'outbox' } | { adapter: 'http'; url: string; token?: string };

/** TRUST_PROXY as Express reads it: false for none, a number of hops, or the list as given. */
export function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value.toLowerCase() === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export type StorageSettings =
  | { kind: 'local'; dir: string }
  | { kind: 's3'; bucket: string; prefix: string; region: string; endpoint?: string; forcePathStyle: boolean; credentials?: { accessKeyId: string; secretAccessKey: string } };

// Development-only defaults; production must set every secret explicitly.
const DEV_OWNER_PASSWORD = 'arrears-owner-dev';
const DEV_APP_PASSWORD = 'arrears-app-dev';
const DEV_WORKER_PASSWORD = 'arrears-worker-dev';
const DEV_DATA_KEY = '6172726561727320646576656c6f706d656e74206b6579206e6f742073656372';
const DEV_IDENTITY_KEY = '6172726561727320646576206964656e74697479206861736820206b65792031';

/** Reads and validates the environment once; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  // Fail closed: the development defaults exist only for the embedded database. A real database
  // (DATABASE_URL) or production needs every secret, whatever NODE_ENV says. Role passwords are checked
  // by the command that uses them (requireDbPassword): a gateway holds only the application role's, a
  // worker only the worker role's, `npm run migrate` the owner's.
  const realDatabase = production || e.DATABASE_URL !== undefined;
  const problems: string[] = [];
  const why = production ? 'required when NODE_ENV=production' : 'required when DATABASE_URL is set';
  if (realDatabase) {
    if (!e.JWT_SECRET) problems.push(`JWT_SECRET: ${why}`);
    if (!e.DATA_ENCRYPTION_KEY) problems.push(`DATA_ENCRYPTION_KEY: ${why}`);
    if (!e.IDENTITY_HASH_KEY) problems.push(`IDENTITY_HASH_KEY: ${why}`);
  }
  if (production && !e.DATABASE_URL) problems.push('DATABASE_URL: required when NODE_ENV=production');
  // No demo agency with a published password in production; the first platform admin comes from
  // `npm run create-platform-admin`.
  if (production && e.SEED_DEMO === true) problems.push('SEED_DEMO: the demo data (published passwords) is refused when NODE_ENV=production');
  if (problems.length) {
    throw new ConfigError(`Invalid configuration:\n${problems.map((m) => `  ${m}`).join('\n')}`);
  }
  if (production && e.TEST_CRASH_IMPORT_AT_ROW !== undefined) {
    throw new ConfigError('Invalid configuration:\n  TEST_CRASH_IMPORT_AT_ROW: a test hook, refused when NODE_ENV=production');
  }
  if (production && e.WEBHOOK_ALLOW_PRIVATE_HOSTS) {
    throw new ConfigError('Invalid configuration:\n  WEBHOOK_ALLOW_PRIVATE_HOSTS: refused when NODE_ENV=production (webhooks would reach internal addresses)');
  }
  if (e.SMS_ADAPTER === 'http' && !e.SMS_GATEWAY_URL) throw new ConfigError('Invalid configuration:\n  SMS_GATEWAY_URL: required when SMS_ADAPTER=http');
  if (e.STORAGE === 's3' && !e.S3_BUCKET) throw new ConfigError('Invalid configuration:\n  S3_BUCKET: required when STORAGE=s3');
  const storage: StorageSettings =
    e.STORAGE === 's3'
      ? {
          kind: 's3',
          bucket: e.S3_BUCKET as string,
          prefix: e.S3_PREFIX,
          region: e.S3_REGION,
          endpoint: e.S3_ENDPOINT,
          forcePathStyle: e.S3_FORCE_PATH_STYLE,
          credentials: e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY } : undefined,
        }
      : { kind: 'local', dir: path.join(path.resolve(e.DATA_DIR), 'documents') };
  const devPassword = (value: string | undefined, dev: string) => value ?? (realDatabase ? '' : dev);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dbOwnerPassword: devPassword(e.DB_OWNER_PASSWORD, DEV_OWNER_PASSWORD),
    dbAppPassword: devPassword(e.DB_APP_PASSWORD, DEV_APP_PASSWORD),
    dbWorkerPassword: devPassword(e.DB_WORKER_PASSWORD, DEV_WORKER_PASSWORD),
    dbPoolSize: e.DB_POOL_SIZE,
    runWorker: e.RUN_WORKER,
    workerConcurrency: e.WORKER_CONCURRENCY,
    importBatchSize: e.IMPORT_BATCH_SIZE,
    storage,
    testCrashImportAtRow: e.TEST_CRASH_IMPORT_AT_ROW,
    metrics: { port: e.METRICS_PORT, host: e.METRICS_HOST, token: e.METRICS_TOKEN },
    webhooks: {
      // Outside production a developer's or a test's receiver on localhost is fine; production never.
      allowPrivateHosts: e.WEBHOOK_ALLOW_PRIVATE_HOSTS ?? !production,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retry: { baseMs: e.WEBHOOK_RETRY_BASE_MS, capMs: 6 * 3600_000, maxAttempts: e.WEBHOOK_MAX_ATTEMPTS },
      deliveryRetentionDays: e.WEBHOOK_DELIVERY_RETENTION_DAYS,
    },
    tracesEndpoint: e.OTEL_TRACES_ENDPOINT,
    dataDir: path.resolve(e.DATA_DIR),
    // A random development secret: tokens die with the process, which is what dev wants.
    jwt: { secret: e.JWT_SECRET ?? randomBytes(32).toString('hex'), issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE, ttlSeconds: e.JWT_TTL_SECONDS },
    refresh: { ttlSeconds: e.REFRESH_TTL_SECONDS, allowedOrigins: parseOrigins(e.ALLOWED_ORIGINS) },
    adminDist: e.ADMIN_DIST,
    // Development only: a fixed key so the demo data stays readable across restarts.
    dataEncryptionKey: e.DATA_ENCRYPTION_KEY ?? DEV_DATA_KEY,
    dataEncryptionKeys: { ...e.DATA_ENCRYPTION_KEYS, 1: e.DATA_ENCRYPTION_KEY ?? DEV_DATA_KEY },
    identityHashKeys: { ...e.IDENTITY_HASH_KEYS, 1: e.IDENTITY_HASH_KEY ?? DEV_IDENTITY_KEY },
    agingSchedule: e.AGING_SCHEDULE,
    // Seeding is for the embedded database by default; with DATABASE_URL it must be asked for.
    seedDemo: e.SEED_DEMO ?? !realDatabase,
    seedAccountsPerClient: e.SEED_ACCOUNTS_PER_CLIENT,
    logLevel: e.LOG_LEVEL,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    importMaxRows: e.IMPORT_MAX_ROWS,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    sms: e.SMS_ADAPTER === 'http' ? { adapter: 'http', url: e.SMS_GATEWAY_URL as string, token: e.SMS_GATEWAY_TOKEN } : { adapter: 'outbox' },
  };
}

const PASSWORD_VARIABLES = { owner: 'DB_OWNER_PASSWORD', app: 'DB_APP_PASSWORD', worker: 'DB_WORKER_PASSWORD' } as const;

/** A process that connects as `role` needs its password (in production there is no default). */
export function requireDbPassword(config: Config, role: keyof typeof PASSWORD_VARIABLES): string {
  const value = role === 'owner' ? config.dbOwnerPassword : role === 'app' ? config.dbAppPassword : config.dbWorkerPassword;
  if (!value) throw new ConfigError(`Invalid configuration:\n  ${PASSWORD_VARIABLES[role]}: required with a real database (DATABASE_URL or NODE_ENV=production)`);
  return value;
}
