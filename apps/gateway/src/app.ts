import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express, { type Express } from 'express';
import type { DataSource } from 'typeorm';
import type { Config } from '@arrears/config';
import { bearerToken, InvalidTokenError, TokenService } from '@arrears/auth';
import { AppError, createErrorFormatter, ErrorCode } from '@arrears/graphql';
import { createRequestContext, PrincipalNotFoundError, type RequestContext, type TokenClaims } from '@arrears/tenancy';
import type { Logger } from './logger.js';
import { requestLifecyclePlugin } from './request-lifecycle.plugin.js';
import { buildGatewaySchema, type GatewayDeps } from './schema.js';
import { mountRestRoutes } from './rest.routes.js';
import { DEFAULT_REVEALS_PER_USER_PER_DAY, parseTestNow } from '@arrears/contact';

export interface Gateway {
  app: Express;
  apollo: ApolloServer<RequestContext>;
  tokens: TokenService;
  stop(): Promise<void>;
}

/** Limits on what one GraphQL document may ask for (graphql-armor). */
const MAX_TOKENS = 3000;
const ARMOR = {
  maxDepth: { n: 12 },
  maxAliases: { n: 20 },
  // The token limit is graphql-js's own parse option (below): armor's Apollo plugin re-parses in a
  // hook and turns every syntax error, and every over-long document, into an HTTP 500.
  maxTokens: { enabled: false },
  maxDirectives: { n: 20 },
  costLimit: { maxCost: 10_000 },
};

/** Assembles the HTTP app: health probes, GraphQL, REST file endpoints and the admin app. */
export async function createGateway(config: Config, dataSource: DataSource, log: Logger, extraDeps: Partial<GatewayDeps> = {}): Promise<Gateway> {
  const tokens = new TokenService(config.jwt);
  const deps: GatewayDeps = {
    tokens,
    dataSource,
    log: (msg: string, extra?: object) => log.info(extra ?? {}, msg),
    // The test clock is honoured only when the gateway runs with NODE_ENV=test (docs/contact.md).
    contact: { dataEncryptionKey: config.dataEncryptionKey, testClock: config.env === 'test', revealsPerUserPerDay: DEFAULT_REVEALS_PER_USER_PER_DAY },
    ...extraDeps,
  };
  const schema = await buildGatewaySchema(deps);
  const production = config.env === 'production';
  const armor = new ApolloArmor({ ...ARMOR, blockFieldSuggestion: { enabled: production } }).protect();

  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: !production,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    validationRules: armor.validationRules,
    formatError: createErrorFormatter({ hideSuggestions: production, logUnexpected: (err) => log.error({ err }, 'unexpected error') }),
    plugins: [
      // graphql-armor is typed against Apollo's CommonJS build; the plugin objects are the same.
      ...(armor.plugins as unknown as ApolloServerPlugin<RequestContext>[]),
      requestLifecyclePlugin(dataSource, log), ...(production ? [ApolloServerPluginLandingPageDisabled()] : [])],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 1);
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID();
    res.setHeader('x-request-id', requestId);
    res.locals.requestId = requestId;
    res.on('finish', () => {
      if (req.path === '/healthz') return;
      log.info({ requestId, method: req.method, path: req.path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await dataSource.query('select 1');
      res.json({ status: 'ready', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'not ready', database: 'unreachable' });
    }
  });

  /** A verified token's claims, or an UNAUTHENTICATED error the client can act on. */
  const claimsOf = (authorization: string | undefined): TokenClaims | null => {
    if (!authorization) return null;
    const token = bearerToken(authorization);
    if (!token) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Send the token as "Authorization: Bearer <token>"');
    try {
      return tokens.verify(token);
    } catch (e) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, e instanceof InvalidTokenError && /expired/.test(e.message) ? 'Your session has expired; sign in again' : 'Your session is not valid; sign in again');
    }
  };

  const openContext = async (authorization: string | undefined, requestId: string): Promise<RequestContext> => {
    const ctx = createRequestContext(dataSource, claimsOf(authorization), requestId);
    try {
      await ctx.session.open();
    } catch (e) {
      if (e instanceof PrincipalNotFoundError) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Your account is disabled or no longer exists');
      throw e;
    }
    return ctx;
  };

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const ctx = await openContext(req.headers.authorization, res.locals.requestId as string);
        if (config.env === 'test') ctx.testNow = parseTestNow(req.headers['x-arrears-test-now']);
        // Safety net: a request that ends before the lifecycle plugin ran still returns its connection.
        res.on('close', () => void ctx.session.close(false).catch(() => undefined));
        return ctx;
      },
    }),
  );

  const { importer } = mountRestRoutes(app, { config, log, openContext, deps });

  const adminDist = config.adminDist ?? path.resolve(import.meta.dirname, '../../admin/dist');
  if (fs.existsSync(path.join(adminDist, 'index.html'))) {
    app.use(express.static(adminDist, { index: false, maxAge: '1h' }));
    // The single-page app owns every other GET path (client-side routes).
    app.get(/^\/(?!graphql|api\/|healthz|readyz).*/, (_req, res) => {
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(path.join(adminDist, 'index.html'));
    });
  }

  return {
    app,
    apollo,
    tokens,
    async stop() {
      await apollo.stop();
      // Running placement imports finish (or fail) before the database goes away.
      await importer.whenIdle();
    },
  };
}
