import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireDbPassword } from './config.js';

describe('loadConfig', () => {
  it('gives development defaults from an empty environment', () => {
    const c = loadConfig({});
    expect(c.env).toBe('development');
    expect(c.port).toBe(4000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.jwt.secret).toHaveLength(64);
  });

  it('lists every invalid variable in one clear message', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'not a url' })).toThrowError(ConfigError);
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'not a url' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/DATABASE_URL/);
    }
  });

  it('refuses to boot in production without secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required/);
  });

  it('rejects a short JWT secret', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/at least 32/);
  });

  it('refuses the crash test hook in production, and asks each process for the one role password it uses', () => {
    const prod = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://db/arrears', DATA_ENCRYPTION_KEY: 'ab'.repeat(32), IDENTITY_HASH_KEY: 'cd'.repeat(32) };
    expect(() => loadConfig({ ...prod, TEST_CRASH_IMPORT_AT_ROW: '100' })).toThrow(/TEST_CRASH_IMPORT_AT_ROW: a test hook, refused/);
    expect(loadConfig({ TEST_CRASH_IMPORT_AT_ROW: '100' }).testCrashImportAtRow).toBe(100);
    const c = loadConfig({ ...prod, DB_APP_PASSWORD: 'app-password' });
    expect(requireDbPassword(c, 'app')).toBe('app-password');
    expect(() => requireDbPassword(c, 'owner')).toThrow(/DB_OWNER_PASSWORD: required/);
    expect(() => requireDbPassword(c, 'worker')).toThrow(/DB_WORKER_PASSWORD: required/);
  });

  it('keeps the webhook SSRF guard on in production: private receivers only outside it', () => {
    const prod = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://db/arrears', DATA_ENCRYPTION_KEY: 'ab'.repeat(32), IDENTITY_HASH_KEY: 'cd'.repeat(32) };
    expect(loadConfig(prod).webhooks.allowPrivateHosts).toBe(false);
    expect(() => loadConfig({ ...prod, WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_HOSTS: refused/);
    expect(loadConfig({ NODE_ENV: 'test' }).webhooks.allowPrivateHosts).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', WEBHOOK_ALLOW_PRIVATE_HOSTS: 'false' }).webhooks.allowPrivateHosts).toBe(false);
    expect(loadConfig({ WEBHOOK_RETRY_BASE_MS: '250', WEBHOOK_MAX_ATTEMPTS: '3' }).webhooks.retry).toEqual({ baseMs: 250, capMs: 6 * 3600_000, maxAttempts: 3 });
  });

  it('keeps webhook deliveries 90 days unless told otherwise, and refuses a retention under a day', () => {
    expect(loadConfig({}).webhooks.deliveryRetentionDays).toBe(90);
    expect(loadConfig({ WEBHOOK_DELIVERY_RETENTION_DAYS: '30' }).webhooks.deliveryRetentionDays).toBe(30);
    expect(() => loadConfig({ WEBHOOK_DELIVERY_RETENTION_DAYS: '0' })).toThrow(/WEBHOOK_DELIVERY_RETENTION_DAYS/);
    expect(() => loadConfig({ WEBHOOK_DELIVERY_RETENTION_DAYS: 'soon' })).toThrow(/WEBHOOK_DELIVERY_RETENTION_DAYS/);
  });

  it('keeps documents under DATA_DIR by default and in S3 when configured', () => {
    expect(loadConfig({ DATA_DIR: '/srv/arrears' }).storage).toEqual({ kind: 'local', dir: '/srv/arrears/documents' });
    expect(() => loadConfig({ STORAGE: 's3' })).toThrow(/S3_BUCKET: required/);
    expect(loadConfig({ STORAGE: 's3', S3_BUCKET: 'docs', S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true' }).storage).toMatchObject({ kind: 's3', bucket: 'docs', forcePathStyle: true });
  });
});

describe('fail closed', () => {
  const secrets = { JWT_SECRET: 'j'.repeat(40), DB_OWNER_PASSWORD: 'owner-password', DB_APP_PASSWORD: 'app-password', DATA_ENCRYPTION_KEY: 'ab'.repeat(32), IDENTITY_HASH_KEY: 'cd'.repeat(32) };
  const url = 'postgres://postgres:pw@db.internal:5432/arrears';

  it('refuses a real database without secrets even when NODE_ENV is not set', () => {
    let message = '';
    try {
      loadConfig({ DATABASE_URL: url });
    } catch (e) {
      message = (e as Error).message;
    }
    for (const name of ['JWT_SECRET', 'DATA_ENCRYPTION_KEY', 'IDENTITY_HASH_KEY']) expect(message).toContain(`${name}: required when DATABASE_URL is set`);
  });

  it('gives a real database no development role password: each process must be handed its own', () => {
    const c = loadConfig({ DATABASE_URL: url, JWT_SECRET: secrets.JWT_SECRET, DATA_ENCRYPTION_KEY: secrets.DATA_ENCRYPTION_KEY, IDENTITY_HASH_KEY: secrets.IDENTITY_HASH_KEY });
    expect(() => requireDbPassword(c, 'app')).toThrow(/DB_APP_PASSWORD: required/);
    expect(() => requireDbPassword(c, 'owner')).toThrow(/DB_OWNER_PASSWORD: required/);
  });

  it('boots a real database with every secret, and does not seed the demo unless asked', () => {
    const c = loadConfig({ DATABASE_URL: url, ...secrets });
    expect(c.jwt.secret).toBe(secrets.JWT_SECRET);
    expect(c.seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: url, ...secrets, SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({}).seedDemo).toBe(true);
  });

  it('refuses SEED_DEMO=true in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, ...secrets, SEED_DEMO: 'true' })).toThrow(/SEED_DEMO: the demo data/);
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, ...secrets }).seedDemo).toBe(false);
  });
});

describe('TRUST_PROXY', () => {
  it('trusts no proxy by default', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('takes a hop count or a list of proxies', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('refuses to trust everybody', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });
});

describe('sessions', () => {
  it('short access tokens, a working day of refresh, and only the own origin by default', () => {
    const c = loadConfig({});
    expect(c.jwt.ttlSeconds).toBe(15 * 60);
    expect(c.refresh).toEqual({ ttlSeconds: 12 * 3600, allowedOrigins: [] });
  });

  it('takes extra origins, exactly, and refuses what is not an origin', () => {
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://admin.example.cn, http://localhost:5173' }).refresh.allowedOrigins).toEqual(['https://admin.example.cn', 'http://localhost:5173']);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://admin.example.cn/path' })).toThrow(/ALLOWED_ORIGINS/);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'admin.example.cn' })).toThrow(/ALLOWED_ORIGINS/);
  });
});

describe('SMS adapter', () => {
  it('stores SMS in the outbox by default and posts them to a gateway when configured', () => {
    expect(loadConfig({}).sms).toEqual({ adapter: 'outbox' });
    expect(loadConfig({ SMS_ADAPTER: 'http', SMS_GATEWAY_URL: 'https://sms.example.test/send', SMS_GATEWAY_TOKEN: 'token-0123456789' }).sms).toEqual({
      adapter: 'http',
      url: 'https://sms.example.test/send',
      token: 'token-0123456789',
    });
  });

  it('refuses the http adapter without a gateway URL', () => {
    expect(() => loadConfig({ SMS_ADAPTER: 'http' })).toThrow(/SMS_GATEWAY_URL: required/);
    expect(() => loadConfig({ SMS_ADAPTER: 'pigeon' })).toThrow(ConfigError);
  });
});
