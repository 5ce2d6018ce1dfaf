import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { startMetricsServer } from './metrics.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// /metrics scraped for real: every named series after real traffic (GraphQL, an error, an import job).

let t: TestGateway;
let metrics: http.Server;
let metricsUrl: string;
const logLines: Record<string, unknown>[] = [];
const TOKEN = 'metrics-token-0123456789';

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) logLines.push(JSON.parse(line));
      done();
    },
  });
  t = await startTestGateway(inject('pgAdminUrl'), { logger: pino({ level: 'info' }, sink) });
  metrics = await startMetricsServer(0, '127.0.0.1', TOKEN);
  metricsUrl = `http://127.0.0.1:${(metrics.address() as AddressInfo).port}/metrics`;
});

afterAll(async () => {
  metrics?.close();
  await t?.close();
});

const scrape = async () => {
  const res = await fetch(metricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
};
const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('/metrics', () => {
  it('is refused without the token, on its own port', async () => {
    expect((await fetch(metricsUrl)).status).toBe(401);
    expect((await fetch(metricsUrl, { headers: { authorization: 'Bearer wrong-token-000000' } })).status).toBe(401);
    // Not on the public port (not even the admin app's fallback page).
    expect((await t.fetch('/metrics')).status).toBe(404);
  });

  it('counts requests and latency by operation, errors by code, pool usage, queue depth and age by kind, jobs and import rows', async () => {
    const token = await t.login('bank-a@demo-bank-a.test');
    for (let i = 0; i < 3; i++) expect((await t.gql(`query WhoAmI { me { role } }`, {}, token)).errors).toBeUndefined();
    expect((await t.gql(`query WhoAmI { me { role } }`, {}, 'not-a-token')).code).toBe('UNAUTHENTICATED');

    const f = new FormData();
    f.append('clientId', toGlobalId('Client', t.tenants.bankAId));
    f.append('file', new Blob(['账号,卡号,客户姓名,手机号,本金,利息,逾期金额,逾期起始日\nM-1,1234,张三,13812345678,100,0,100,2024-01-15\n']), 'm.csv');
    const up = await t.fetch(`/api/placements/upload?clientId=${encodeURIComponent(toGlobalId('Client', t.tenants.bankAId))}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: f });
    expect(up.status).toBe(202);
    const { importId } = (await up.json()) as { importId: string };
    for (let i = 0; i < 150; i++) {
      const r = await t.gql(`query ImportStatus($id: ID!) { placementImport(id: $id) { status } }`, { id: importId }, token);
      if (r.data?.placementImport?.status === 'SUCCEEDED') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    let text = await scrape();
    // The attempt is counted when the handler returns; the queue row goes a moment later (and the queue gauges cache 1 s).
    const settled = (x: string) => value(x, 'arrears_jobs_total{kind="placement_import",outcome="succeeded"}') === 1 && value(x, 'arrears_job_running{kind="placement_import"}') === 0;
    for (let i = 0; i < 50 && !settled(text); i++) {
      await new Promise((res) => setTimeout(res, 100));
      text = await scrape();
    }

    expect(value(text, 'arrears_graphql_requests_total{operation="WhoAmI",outcome="ok"}')).toBeGreaterThanOrEqual(3);
    expect(value(text, 'arrears_graphql_request_duration_seconds_count{operation="WhoAmI"}')).toBeGreaterThanOrEqual(3);
    expect(value(text, 'arrears_graphql_request_duration_seconds_bucket{le="+Inf",operation="WhoAmI"}')).toBeGreaterThanOrEqual(3);
    expect(value(text, 'arrears_graphql_errors_total{code="UNAUTHENTICATED"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'arrears_http_requests_total{route="/api/placements/upload",status="2xx"}')).toBe(1);
    expect(value(text, 'arrears_db_pool_total_connections{pool="gateway"}')).toBeGreaterThan(0);
    expect(value(text, 'arrears_db_pool_idle_connections{pool="worker"}')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'arrears_db_pool_waiting_requests{pool="gateway"}')).toBe(0);
    expect(value(text, 'arrears_job_queue_depth{kind="placement_import"}')).toBe(0);
    expect(value(text, 'arrears_job_queue_oldest_age_seconds{kind="aging"}')).toBe(0);
    expect(value(text, 'arrears_job_running{kind="placement_import"}')).toBe(0);
    expect(value(text, 'arrears_jobs_total{kind="placement_import",outcome="succeeded"}')).toBe(1);
    expect(value(text, 'arrears_import_rows_total')).toBe(1);
    expect(value(text, 'arrears_import_seconds_total')).toBeGreaterThan(0);
  });

  it('reports a waiting job and its age by kind', async () => {
    // A job due a minute ago of a kind this worker does not run, so it stays waiting.
    await t.ownerQuery(`select graphile_worker.add_job('metrics_probe', '{}'::json, run_at => now() - interval '60 seconds', max_attempts => 1)`);
    await new Promise((r) => setTimeout(r, 1_100));
    const text = await scrape();
    expect(value(text, 'arrears_job_queue_depth{kind="metrics_probe"}')).toBe(1);
    expect(value(text, 'arrears_job_queue_oldest_age_seconds{kind="metrics_probe"}')).toBeGreaterThanOrEqual(60);
    expect(value(text, 'arrears_job_queue_depth{kind="aging"}')).toBe(0);
    await t.ownerQuery(`delete from graphile_worker._private_jobs where task_id = (select id from graphile_worker._private_tasks where identifier = 'metrics_probe')`);
  });
});

describe('structured request logs', () => {
  it('carry the request id, the path /graphql and the operation name', async () => {
    await t.gql(`query LogProbe { me { role } }`, {}, null);
    const line = logLines.find((l) => l.msg === 'request' && l.operation === 'LogProbe');
    expect(line).toMatchObject({ path: '/graphql', method: 'POST', requestId: expect.any(String), status: expect.any(Number) });
  });
});
