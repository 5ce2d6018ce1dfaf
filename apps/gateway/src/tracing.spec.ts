import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestGateway, type TestGateway } from './test-gateway.js';
import { startTracing } from './tracing.js';

// Traces by configuration, checked with an in-memory exporter against the real gateway over HTTP.

let t: TestGateway;
const exporter = new InMemorySpanExporter();
let tracing: { shutdown(): Promise<void> } | null;

beforeAll(async () => {
  tracing = startTracing({ serviceName: 'arrears-gateway-test', exporter });
  t = await startTestGateway(inject('pgAdminUrl'), { worker: false });
});

afterAll(async () => {
  await t?.close();
  await tracing?.shutdown();
});

describe('OpenTelemetry traces', () => {
  it('is off without an endpoint or exporter', () => {
    expect(startTracing({ serviceName: 'x' })).toBeNull();
  });

  it('records a span per GraphQL operation with its name, type, request id and outcome', async () => {
    const token = await t.login('supervisor@demo-agency.test');
    const ok = await t.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'trace-probe-1' },
      body: JSON.stringify({ query: 'query TraceProbe { me { role } }' }),
    });
    expect(ok.status).toBe(200);
    await t.gql(`query Broken { node(id: "x") { id } nope }`, {}, token);

    const spans = exporter.getFinishedSpans();
    const probe = spans.find((s) => s.name === 'graphql TraceProbe');
    expect(probe).toBeDefined();
    expect(probe!.attributes).toMatchObject({ 'graphql.operation.name': 'TraceProbe', 'graphql.operation.type': 'query', 'arrears.request_id': 'trace-probe-1' });
    expect(probe!.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(probe!.resource.attributes['service.name']).toBe('arrears-gateway-test');
    const broken = spans.find((s) => s.attributes['arrears.error_codes'] !== undefined);
    expect(broken?.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'GRAPHQL_VALIDATION_FAILED' });
    // Spans carry no query text or variables.
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toMatch(/me \{|role/);
  });
});
