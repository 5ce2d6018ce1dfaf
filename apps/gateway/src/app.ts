import fs from 'node:fs';
import type { IncomingHttpHeaders, RequestListener, ServerResponse } from 'node:http';
import path from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { DataSource } from 'typeorm';
import type { Config } from '@arrears/config';
import { createDocumentStore } from '@arrears/storage';
import { bearerToken, InvalidTokenError, TokenService } from '@arrears/auth';
import { AppError, createErrorFormatter, ErrorCode } from '@arrears/graphql';
import { ProtectedData } from '@arrears/accounts';
import { DOMAIN_PROVIDERS, legalRuntime } from '@arrears/legal';
import { createRequestContext, PrincipalNotFoundError, type RequestContext, type TokenClaims } from '@arrears/tenancy';
import type { Logger } from './logger.js';
import { requestLifecyclePlugin } from './request-lifecycle.plugin.js';
import { countErrors, metricsPlugin, registerPoolMetrics } from './metrics.js';
import { trackRequest, type RequestRecord } from './request-log.js';
import { clientIpOf, GRAPHQL_BODY_LIMIT, graphqlPostHandler, isHttps, isPlainGraphQLPost, recordHeaders } from './graphql-http.js';
import { tracingPlugin } from './tracing.js';
import { buildGatewaySchema, type GatewayDeps } from './schema.js';
import { mountRestRoutes } from './rest.routes.js';
import { mountAuthRoutes, refreshCookieHandle } from './auth.routes.js';
import { errorHandler, notFoundHandler } from './http-errors.js';
import { costLimitPlugin } from './cost-limit.js';
import { compiledExecution } from './compiled-execution.js';
import { passwordChangePlugin } from './password-change.plugin.js';
import { mountComplaintEvidenceRoutes } from './complaint-evidence.routes.js';
import { mountLetterRoutes } from './letters.routes.js';
import { mountVisitPhotoRoutes } from './visit-photos.routes.js';
import { mountDialerRoutes } from './dialer.routes.js';
import { registerContactConsumers } from './contact-consumers.js';
import { mountPaymentFileRoutes, mountPaymentReportRoutes } from './payments.routes.js';
import { DEFAULT_REVEALS_PER_USER_PER_DAY, parseTestNow } from '@arrears/contact';

export interface Gateway {
  /** What the HTTP server serves: the GraphQL endpoint's common requests directly, everything else through `app`. */
  listener: RequestListener;
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
  // Replaced by costLimitPlugin (cost-limit.ts), which counts list sizes; armor's weighs only depth and fields.
  costLimit: { enabled: false },
};
/**
 * The cost limit that counts list sizes (cost-limit.ts): one 200-row page with its three nested
 * per-row lists (about 50,000) passes; two such pages in one request, or nested pages, do not.
 */
const MAX_LIST_COST = 75_000;

/** The operation's name for logs and metrics: the one the client sent, or the document's first. */
export function operationNameOf(body: unknown): string {
  const b = body as { operationName?: unknown; query?: unknown } | undefined;
  if (typeof b?.operationName === 'string' && b.operationName) return b.operationName.slice(0, 100);
  const m = typeof b?.query === 'string' ? /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(b.query) : null;
  return m ? m[1] : 'anonymous';
}

/** Assembles the HTTP app: health probes, GraphQL, REST file endpoints and the admin app. */
export async function createGateway(config: Config, dataSource: DataSource, log: Logger, extraDeps: Partial<GatewayDeps> = {}): Promise<Gateway> {
  const tokens = new TokenService(config.jwt);
  // One document store for every domain and route that keeps files (local disk or S3, by configuration).
  const documents = createDocumentStore(config.storage);
  const deps: GatewayDeps = {
    tokens,
    dataSource,
    log: (msg: string, extra?: object) => log.info(extra ?? {}, msg),
    legal: legalRuntime({ documents, protectedData: ProtectedData.fromConfig(config), providers: DOMAIN_PROVIDERS }),
    // The test clock is honoured only when the gateway runs with NODE_ENV=test (docs/contact.md).
    contact: { dataEncryptionKey: config.dataEncryptionKey, testClock: config.env === 'test', revealsPerUserPerDay: DEFAULT_REVEALS_PER_USER_PER_DAY },
    webhooks: { allowPrivateHosts: config.webhooks.allowPrivateHosts },
    letters: { documents, sms: config.sms },
    ...extraDeps,
  };
  const schema = await buildGatewaySchema(deps);
  registerContactConsumers(deps.contact);
  const production = config.env === 'production';
  const armor = new ApolloArmor({ ...ARMOR, blockFieldSuggestion: { enabled: production } }).protect();

  const apollo = new ApolloServer<RequestContext>({
    gateway: compiledExecution(schema),
    introspection: !production,
    allowBatchedHttpRequests: false,
    // Automatic persisted queries off: the admin app sends whole documents, and an unused cache that any
    // client can fill is surface without use. A `persistedQuery` extension is PERSISTED_QUERY_NOT_SUPPORTED.
    persistedQueries: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    validationRules: armor.validationRules,
    formatError: countErrors(createErrorFormatter({ hideSuggestions: production, logUnexpected: (err) => log.error({ err }, 'unexpected error') })),
    plugins: [
      // graphql-armor is typed against Apollo's CommonJS build; the plugin objects are the same.
      ...(armor.plugins as unknown as ApolloServerPlugin<RequestContext>[]),
      costLimitPlugin<RequestContext>({ maxCost: MAX_LIST_COST }),
      passwordChangePlugin(),
      requestLifecyclePlugin(dataSource, log),
      metricsPlugin(),
      tracingPlugin(),
      // Apollo's default cache-control plugin wraps every field resolver to compute cache hints this
      // API never sets (responses are per user): about 5% of the CPU of the account list.
      ApolloServerPluginCacheControlDisabled(),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : [])],
  });
  await apollo.start();
  registerPoolMetrics(dataSource, 'gateway');

  const app = express();
  app.disable('x-powered-by');
  // No ETag on what res.send answers (GraphQL and the API, all per user and uncacheable): Express would
  // hash every response body for it. Static files and the admin app keep theirs (served by `send`).
  app.set('etag', false);
  // Which hops may set X-Forwarded-For (TRUST_PROXY); by default none, so req.ip is the peer's address.
  app.set('trust proxy', config.trustProxy);
  app.use((req, res, next) => {
    const record = trackRequest(req, res, log);
    res.locals.requestId = record.id;
    res.locals.request = record;
    next();
  });

  // Security headers on every response: no-sniff, no referrer, no framing, HSTS (ignored by browsers on
  // plain-http localhost). The CSP allows scripts only from our own origin (no inline script, no eval);
  // styles may be inline because Ant Design injects its CSS-in-JS as <style> elements (docs/architecture.md).
  const securityHeaders = helmet({
    contentSecurityPolicy: false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.use(securityHeaders);
  const csp = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
  // Apollo's development sandbox on GET /graphql loads its own scripts; production has no landing page.
  app.use((req, res, next) => (!production && req.path === '/graphql' ? next() : csp(req, res, next)));

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
      const claims = tokens.verify(token);
      // A token without a session version cannot be revoked: version 0 is never a user's, so it is refused.
      return { ...claims, sessionVersion: claims.sessionVersion ?? 0 };
    } catch (e) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, e instanceof InvalidTokenError && /expired/.test(e.message) ? 'Your session has expired; sign in again' : 'Your session is not valid; sign in again');
    }
  };

  const openContext = async (authorization: string | undefined, requestId: string, clientIp: string | null = null): Promise<RequestContext> => {
    const claims = claimsOf(authorization);
    const ctx = createRequestContext(dataSource, claims, requestId);
    ctx.clientIp = clientIp;
    // An anonymous request holds no connection until a resolver asks for one (only sign-in does).
    if (!claims) return ctx;
    try {
      await ctx.session.open();
    } catch (e) {
      if (e instanceof PrincipalNotFoundError) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Your session has ended or your account is disabled; sign in again');
      throw e;
    }
    return ctx;
  };

  interface GraphQLHttpRequest {
    headers: IncomingHttpHeaders;
    body: unknown;
    record: RequestRecord;
    clientIp: string | null;
    https: boolean;
    res: ServerResponse;
  }
  const graphqlContext = async (r: GraphQLHttpRequest): Promise<RequestContext> => {
    r.record.operation = operationNameOf(r.body);
    const ctx = await openContext(r.headers.authorization, r.record.id, r.clientIp);
    if (config.env === 'test') ctx.testNow = parseTestNow(r.headers['x-arrears-test-now']);
    ctx.refreshCookie = refreshCookieHandle(config, r.https, r.res);
    // Safety net: a request that ends before the lifecycle plugin ran still returns its connection.
    r.res.on('close', () => void ctx.session.close(false).catch(() => undefined));
    return ctx;
  };

  // Every request to /graphql but the common POST (graphql-http.ts): other charsets, compressed bodies, GET.
  app.use(
    '/graphql',
    express.json({ limit: GRAPHQL_BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: ({ req, res }) =>
        graphqlContext({ headers: req.headers, body: req.body, record: res.locals.request as RequestRecord, clientIp: req.ip ?? null, https: req.secure, res }),
    }),
  );

  mountAuthRoutes(app, { config, dataSource, tokens, log });
  const { importer } = mountRestRoutes(app, { config, log, openContext, deps, store: documents });
  mountComplaintEvidenceRoutes(app, { log, openContext, deps, store: documents });
  mountVisitPhotoRoutes(app, { log, openContext, deps, store: documents });
  mountDialerRoutes(app, { log, dataSource, contact: deps.contact });
  mountPaymentReportRoutes(app, { config, log, openContext, deps });
  mountPaymentFileRoutes(app, { config, log, openContext, deps });
  mountLetterRoutes(app, { log, openContext, deps }, documents);

  const adminDist = config.adminDist ?? path.resolve(import.meta.dirname, '../../admin/dist');
  if (fs.existsSync(path.join(adminDist, 'index.html'))) {
    app.use(express.static(adminDist, { index: false, maxAge: '1h' }));
    // The single-page app owns every other GET path (client-side routes).
    app.get(/^\/(?!graphql|api\/|healthz|readyz|metrics).*/, (_req, res) => {
      // no-store: the signed-in app is never kept by a cache, nor restored from the back/forward cache.
      res.setHeader('cache-control', 'no-store');
      res.sendFile(path.join(adminDist, 'index.html'));
    });
  }

  // Whatever no route took (an API path, /metrics, which has its own port, a POST to an app page).
  app.use(notFoundHandler);
  app.use(errorHandler(log));

  // The common GraphQL request skips Express (graphql-http.ts) with the same headers, context and log.
  const trustProxy = app.get('trust proxy fn') as (addr: string, hop: number) => boolean;
  const graphqlPost = graphqlPostHandler({
    apollo,
    headers: recordHeaders(production ? [securityHeaders, csp] : [securityHeaders]),
    onUnexpected: (err) => log.error({ err }, 'unexpected error in an HTTP handler'),
  });
  const listener: RequestListener = (req, res) => {
    if (!isPlainGraphQLPost(req)) return void app(req, res);
    const record = trackRequest(req, res, log);
    void graphqlPost(req, res, (body) => graphqlContext({ headers: req.headers, body, record, clientIp: clientIpOf(req, trustProxy), https: isHttps(req, trustProxy), res }));
  };

  return {
    listener,
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
