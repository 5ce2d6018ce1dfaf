import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

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
});

describe('fail closed', () => {
  const secrets = { JWT_SECRET: 'j'.repeat(40), DB_OWNER_PASSWORD: 'owner-password', DB_APP_PASSWORD: 'app-password', DATA_ENCRYPTION_KEY: 'ab'.repeat(32) };
  const url = 'postgres://postgres:pw@db.internal:5432/arrears';

  it('refuses a real database without secrets even when NODE_ENV is not set', () => {
    let message = '';
    try {
      loadConfig({ DATABASE_URL: url });
    } catch (e) {
      message = (e as Error).message;
    }
    for (const name of ['JWT_SECRET', 'DB_OWNER_PASSWORD', 'DB_APP_PASSWORD', 'DATA_ENCRYPTION_KEY']) expect(message).toContain(`${name}: required when DATABASE_URL is set`);
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
