import jwt from 'jsonwebtoken';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidTokenError, TokenService } from './token.service.js';
import { bearerToken } from './bearer.js';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.js';

const opts = { secret: 'x'.repeat(40), issuer: 'arrears', audience: 'arrears-api', ttlSeconds: 3600 };
const svc = new TokenService(opts);
const claims = { userId: '5f0c7b52-3c1e-4a8b-9a55-0d6c2b1a9e01', agencyId: '0b9d6c64-7b6e-4d1a-8d2f-3e5a1c9b7f10', sessionVersion: 3 };

afterEach(() => {
  vi.useRealTimers();
});

describe('TokenService', () => {
  it('round-trips the claims of a token it issued', () => {
    const { token, expiresAt } = svc.issue(claims);
    expect(svc.verify(token)).toEqual(claims);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('accepts a token signed with the same secret as a plain string (tokens issued before the KeyObject)', () => {
    const now = Math.floor(Date.now() / 1000);
    const token = jwt.sign({ agency: claims.agencyId, iat: now, exp: now + 60 }, opts.secret, { algorithm: 'HS256', subject: claims.userId, issuer: opts.issuer, audience: opts.audience });
    expect(svc.verify(token)).toMatchObject({ userId: claims.userId, agencyId: claims.agencyId });
  });

  it('reads no session version from a token that has none (the gateway then refuses it)', () => {
    const { token } = svc.issue({ userId: claims.userId, agencyId: claims.agencyId });
    expect(svc.verify(token).sessionVersion).toBeNull();
  });

  it('keeps a platform admin without agency', () => {
    const { token } = svc.issue({ userId: claims.userId, agencyId: null });
    expect(svc.verify(token).agencyId).toBeNull();
  });

  it('refuses an expired token', () => {
    const { token } = svc.issue(claims, new Date(Date.now() - 2 * 3600 * 1000));
    expect(() => svc.verify(token)).toThrow(/expired/);
  });

  it('remembers a verified token until the second it expires, then refuses it as jsonwebtoken does', () => {
    const service = new TokenService({ ...opts, ttlSeconds: 60 });
    const now = new Date('2026-12-02T08:00:00Z');
    vi.useFakeTimers({ now });
    const { token } = service.issue(claims, now);
    expect(service.verify(token)).toEqual(claims);
    vi.setSystemTime(now.getTime() + 59_999);
    expect(service.verify(token)).toEqual(claims);
    vi.setSystemTime(now.getTime() + 60_000);
    expect(() => service.verify(token)).toThrow(/expired/);
    expect(() => service.verify(token)).toThrow(/expired/);
    // A fresh instance, which has not seen the token, decides the same.
    expect(() => new TokenService({ ...opts, ttlSeconds: 60 }).verify(token)).toThrow(/expired/);
  });

  it('remembers only tokens that verified: a forged one is refused however often it comes', () => {
    const { token } = svc.issue(claims);
    expect(svc.verify(token)).toEqual(claims);
    const [h, p] = token.split('.');
    const forged = `${h}.${p}.${'A'.repeat(43)}`;
    for (let i = 0; i < 3; i++) expect(() => svc.verify(forged)).toThrow(InvalidTokenError);
  });

  it('refuses a token signed with another secret', () => {
    const other = new TokenService({ ...opts, secret: 'y'.repeat(40) });
    expect(() => svc.verify(other.issue(claims).token)).toThrow(InvalidTokenError);
  });

  it('refuses a tampered payload', () => {
    const { token } = svc.issue(claims);
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: claims.userId, agency: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', aud: opts.audience, iss: opts.issuer, exp: 9999999999 })).toString('base64url');
    expect(() => svc.verify(`${h}.${forged}.${s}`)).toThrow(InvalidTokenError);
  });

  it('refuses a wrong audience and a wrong issuer', () => {
    expect(() => svc.verify(new TokenService({ ...opts, audience: 'other' }).issue(claims).token)).toThrow(InvalidTokenError);
    expect(() => svc.verify(new TokenService({ ...opts, issuer: 'other' }).issue(claims).token)).toThrow(InvalidTokenError);
  });

  it('refuses an unsigned (alg none) token', () => {
    const unsigned = jwt.sign({ sub: claims.userId, agency: claims.agencyId, aud: opts.audience, iss: opts.issuer, exp: 9999999999 }, '', { algorithm: 'none' });
    expect(() => svc.verify(unsigned)).toThrow(InvalidTokenError);
  });

  it('refuses a token without expiry', () => {
    const noExp = jwt.sign({ sub: claims.userId, agency: claims.agencyId }, opts.secret, { algorithm: 'HS256', audience: opts.audience, issuer: opts.issuer });
    expect(() => svc.verify(noExp)).toThrow(/expiry/);
  });
});

describe('bearerToken', () => {
  it('extracts the token and ignores other schemes', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Basic Zm9v')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

describe('passwords', () => {
  it('verifies the right password only', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('wrong horse battery', hash)).toBe(false);
  });

  it('enforces the policy', () => {
    expect(checkPasswordPolicy('short')).toMatch(/at least/);
    expect(checkPasswordPolicy('a'.repeat(80))).toMatch(/at most/);
    expect(checkPasswordPolicy('long enough password')).toBeNull();
  });
});
