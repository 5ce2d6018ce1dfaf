import type { ServerResponse } from 'node:http';
import { serialize } from 'cookie';
import express, { type Express, type Request } from 'express';
import type { Config } from '@arrears/config';
import type { TokenService } from '@arrears/auth';
import { ErrorCode } from '@arrears/graphql';
import { parseRefreshToken, REFRESH_COOKIE, REFRESH_PATH, rotateRefreshSession } from '@arrears/platform';
import type { RefreshCookie } from '@arrears/tenancy';
import type { DataSource } from 'typeorm';
import type { Logger } from './logger.js';
import { sendFailure } from './http-errors.js';

/** The value of one cookie of the request (Express 5 parses none without a middleware). */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * The cookie handle a request's resolvers use: set at sign-in and password change, cleared at sign-out.
 * Secure everywhere but plain http outside production: a browser drops a Secure cookie set over http,
 * and `npm start` and the browser tests run on http://127.0.0.1. Production is always Secure (TLS ends at
 * the proxy; a production gateway reached over plain http hands out no usable refresh cookie: fail closed).
 * `https` is the request's protocol as Express reads it (`req.secure`, trusting X-Forwarded-Proto only from
 * a trusted proxy).
 */
export function refreshCookieHandle(config: Config, https: boolean, res: ServerResponse): RefreshCookie {
  const base = { httpOnly: true, secure: config.env === 'production' || https, sameSite: 'strict' as const, path: REFRESH_PATH };
  return {
    ttlSeconds: config.refresh.ttlSeconds,
    set: (token, expiresAt) => void res.appendHeader('set-cookie', serialize(REFRESH_COOKIE, token, { ...base, expires: expiresAt })),
    // As Express's clearCookie: empty, and expired at the epoch.
    clear: () => void res.appendHeader('set-cookie', serialize(REFRESH_COOKIE, '', { ...base, expires: new Date(1) })),
  };
}

/** Same-origin, or one of ALLOWED_ORIGINS. A request without an Origin header is refused: browsers send it on every POST. */
export function originAllowed(config: Config, req: Request): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  const own = `${req.protocol}://${req.get('host') ?? ''}`;
  return origin === own || config.refresh.allowedOrigins.includes(origin);
}

/**
 * `POST /api/auth/refresh`: the HttpOnly cookie buys a fresh access token and is rotated. CSRF: only a
 * JSON POST (a cross-site form cannot send one without a preflight, which we never answer) from an
 * allowed Origin; the cookie itself is SameSite=Strict and sent to this path only.
 */
export function mountAuthRoutes(app: Express, d: { config: Config; dataSource: DataSource; tokens: TokenService; log: Logger }) {
  app.post(REFRESH_PATH, express.json({ limit: '1kb' }), async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    const handle = refreshCookieHandle(d.config, req.secure, res);
    if (!originAllowed(d.config, req)) {
      sendFailure(req, res, { status: 403, code: ErrorCode.FORBIDDEN, message: 'This origin may not refresh sessions' });
      return;
    }
    if (!req.is('application/json')) {
      sendFailure(req, res, { status: 415, code: ErrorCode.BAD_REQUEST, message: 'Send the refresh as application/json' });
      return;
    }
    const token = parseRefreshToken(cookieValue(req.headers.cookie, REFRESH_COOKIE));
    // The reason lets the app tell "never signed in here" (no notice) from a session that ended.
    const refused = (reason: 'NO_SESSION' | 'SESSION_EXPIRED' | 'SESSION_ENDED', message: string) => {
      handle.clear();
      res.status(401).json({ error: { code: ErrorCode.UNAUTHENTICATED, message, reason } });
    };
    if (!token) return refused('NO_SESSION', 'No session to refresh; sign in');
    try {
      const r = await rotateRefreshSession((sql, params) => d.dataSource.query(sql, params), token);
      if (r.outcome !== 'ok') {
        if (r.outcome === 'reused') d.log.warn({ requestId: res.locals.requestId, userId: r.userId, refreshSession: token.id }, 'refresh token replayed: session revoked');
        if (r.outcome === 'unknown') return refused('NO_SESSION', 'No session to refresh; sign in');
        if (r.outcome === 'expired') return refused('SESSION_EXPIRED', 'Your session has expired; sign in again');
        return refused('SESSION_ENDED', 'Your session has ended; sign in again');
      }
      const issued = d.tokens.issue({ userId: r.userId, agencyId: r.agencyId, sessionVersion: r.sessionVersion });
      handle.set(r.token, r.expiresAt);
      res.json({ token: issued.token, expiresAt: issued.expiresAt.toISOString(), mustChangePassword: r.mustChangePassword });
    } catch (e) {
      d.log.error({ err: e, requestId: res.locals.requestId }, 'refresh failed');
      sendFailure(req, res, { status: 500, code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' });
    }
  });
}
