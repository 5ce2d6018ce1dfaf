import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runFuzz } from '@arrears/testing';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// A small, seeded run of the fuzz command (tools/cli/src/fuzz.ts) in CI: every answer is JSON with a
// stable code, no 5xx, no stack trace, in development and in production mode.
const SCHEMA = fs.readFileSync(path.resolve(import.meta.dirname, '../schema.graphql'), 'utf8');

describe.each(['development', 'production'] as const)('fuzz (%s)', (mode) => {
  let gw: TestGateway;
  let tokens: string[];
  beforeAll(async () => {
    gw = await startTestGateway(inject('pgAdminUrl'), { env: { NODE_ENV: mode === 'production' ? 'production' : 'test' } });
    tokens = Object.values(await gw.loginEach({ admin: 'admin@demo-agency.test', bank: 'bank-a@demo-bank-a.test', collector: 'collector@demo-agency.test' }));
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('300 hostile requests get clean JSON answers only', async () => {
    const report = await runFuzz({ url: gw.url, schemaSdl: SCHEMA, requests: 300, seed: mode === 'production' ? 2 : 1, tokens, concurrency: 4 });
    expect(report.sent).toBe(300);
    // The run covered every kind of hostile input.
    for (const kind of ['schema-query', 'truncated-json', 'random-bytes', 'multipart', 'oversize', 'odd-json', 'get']) expect(report.byKind[kind], kind).toBeGreaterThan(0);
    expect(report.failures).toEqual([]);
    // The gateway still serves afterwards (the fuzz may have signed its own users out, or locked its address).
    expect((await gw.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    expect((await gw.fetch('/readyz')).status).toBe(200);
  });
});
