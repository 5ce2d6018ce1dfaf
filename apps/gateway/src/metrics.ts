import http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '@arrears/tenancy';

/**
 * Prometheus metrics of one process (gateway, worker, or both in the embedded `npm start`), served on
 * a port of their own (METRICS_PORT) that the reverse proxy does not expose, optionally behind a
 * bearer token (METRICS_TOKEN). Labels are bounded: operation names come from the schema's documents
 * (clients choose them, so they are cut to 100 characters), error codes from the stable code list.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'arrears_process_' });

export const graphqlRequests = new Counter({
  name: 'arrears_graphql_requests_total',
  help: 'GraphQL requests by operation name and outcome',
  labelNames: ['operation', 'outcome'] as const,
  registers: [registry],
});
export const graphqlDuration = new Histogram({
  name: 'arrears_graphql_request_duration_seconds',
  help: 'GraphQL request latency by operation name',
  labelNames: ['operation'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});
export const graphqlErrors = new Counter({
  name: 'arrears_graphql_errors_total',
  help: 'Errors returned to clients by stable code (extensions.code)',
  labelNames: ['code'] as const,
  registers: [registry],
});
export const httpRequests = new Counter({
  name: 'arrears_http_requests_total',
  help: 'HTTP requests by route group and status class',
  labelNames: ['route', 'status'] as const,
  registers: [registry],
});
export const jobRuns = new Counter({
  name: 'arrears_jobs_total',
  help: 'Job attempts run by this process, by kind and outcome',
  labelNames: ['kind', 'outcome'] as const,
  registers: [registry],
});
export const importRows = new Counter({
  name: 'arrears_import_rows_total',
  help: 'Placement rows read by committed imports (rate() gives rows per second)',
  registers: [registry],
});
export const importSeconds = new Counter({
  name: 'arrears_import_seconds_total',
  help: 'Time spent by committed imports (import rows per second = rows_total / seconds_total)',
  registers: [registry],
});

const pools = new Map<string, DataSource>();
type PgPoolStats = { totalCount: number; idleCount: number; waitingCount: number };
for (const [name, help, key] of [
  ['arrears_db_pool_total_connections', 'Open connections of the database pool', 'totalCount'],
  ['arrears_db_pool_idle_connections', 'Idle connections of the database pool', 'idleCount'],
  ['arrears_db_pool_waiting_requests', 'Queries waiting for a connection of the database pool', 'waitingCount'],
] as const) {
  new Gauge({
    name,
    help,
    labelNames: ['pool'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [label, ds] of pools) {
        const stats = (ds.driver as unknown as { master?: PgPoolStats }).master;
        if (stats) this.set({ pool: label }, stats[key]);
      }
    },
  });
}

/** Pool usage of a TypeORM data source (the pg Pool under its driver), labelled `pool`. */
export function registerPoolMetrics(dataSource: DataSource, pool: string): void {
  pools.set(pool, dataSource);
}

/**
 * Queue depth and the age of the oldest waiting job by kind, read from graphile-worker's jobs view at
 * scrape time (worker role only: the gateway cannot see the queue).
 */
export function registerQueueMetrics(query: QueueQuery, kinds: string[] = []): void {
  queueQuery = query;
  knownKinds = kinds;
}
// Kinds with no job at the moment still get a 0 series, so that dashboards and alerts see them.
let knownKinds: string[] = [];
type QueueQuery = (sql: string) => Promise<{ kind: string; depth: string | number; oldest: string | number | null; running: string | number }[]>;
let queueQuery: QueueQuery | null = null;
let lastRead: Promise<{ kind: string; depth: number; oldest: number; running: number }[]> | null = null;
function readQueue() {
  if (!queueQuery) return Promise.resolve([]);
  lastRead ??= queueQuery(
    `select task_identifier as kind, count(*) filter (where locked_at is null and attempts < max_attempts) as depth,
            coalesce(extract(epoch from now() - min(run_at) filter (where locked_at is null and attempts < max_attempts and run_at <= now())), 0) as oldest,
            count(*) filter (where locked_at is not null) as running
       from graphile_worker.jobs group by 1`,
  )
    .then((rows) => rows.map((r) => ({ kind: r.kind, depth: Number(r.depth), oldest: Number(r.oldest ?? 0), running: Number(r.running) })))
    .finally(() => setTimeout(() => (lastRead = null), 1_000).unref());
  return lastRead;
}
for (const [name, help, key] of [
  ['arrears_job_queue_depth', 'Jobs waiting to run, by kind', 'depth'],
  ['arrears_job_queue_oldest_age_seconds', 'Age of the oldest job that is due and waiting, by kind', 'oldest'],
  ['arrears_job_running', 'Jobs locked by a worker (running), by kind', 'running'],
] as const) {
  new Gauge({
    name,
    help,
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const kind of knownKinds) this.set({ kind }, 0);
      for (const r of await readQueue()) this.set({ kind: r.kind }, r[key]);
    },
  });
}

/** Request counts, latency and error codes by operation name, from Apollo's own request lifecycle. */
export function metricsPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(rc) {
          const operation = (rc.operationName ?? rc.request.operationName ?? 'anonymous').slice(0, 100);
          const body = rc.response.body;
          const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          graphqlRequests.inc({ operation, outcome: errors.length ? 'error' : 'ok' });
          graphqlDuration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}

/** Wraps the error formatter: every error a client receives is counted by its code (context errors included). */
export function countErrors<F extends (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError>(format: F): F {
  return ((formatted: GraphQLFormattedError, error: unknown) => {
    const out = format(formatted, error);
    graphqlErrors.inc({ code: String(out.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
    return out;
  }) as F;
}

/** The route group of a request path for the HTTP counter (bounded: no ids in labels). */
export function routeOf(path: string): string {
  if (path.startsWith('/graphql')) return '/graphql';
  if (path.startsWith('/api/placements/upload')) return '/api/placements/upload';
  if (path.startsWith('/api/')) return '/api/other';
  if (path === '/healthz' || path === '/readyz') return path;
  return 'static';
}

/** Serves /metrics on its own port; with a token, only to `Authorization: Bearer <token>`. */
export async function startMetricsServer(port: number, host: string, token?: string): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('metrics need a bearer token\n');
      return;
    }
    try {
      const text = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType }).end(text);
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}
