import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// The jobs API over real HTTP: agency admins and supervisors see their banks' jobs (RLS), with the
// reason of a failure, and retry failed ones; another agency's job behaves like a missing one.

let t: TestGateway;
let tokens: Record<'admin' | 'supervisor' | 'collector' | 'bankA' | 'rival', string>;
let failedImportJob: string;

const JOBS = `query($status: JobStatus) { jobs(status: $status, first: 20) { edges { node { id kind status attempts lastError subjectId clientName } } } }`;

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'));
  tokens = await t.loginEach({
    admin: 'admin@demo-agency.test',
    supervisor: 'supervisor@demo-agency.test',
    collector: 'collector@demo-agency.test',
    bankA: 'bank-a@demo-bank-a.test',
    rival: 'admin@rival-recovery.test',
  });
  // A malformed upload: its job fails at once with the file's problem as the reason.
  const f = new FormData();
  f.append('clientId', toGlobalId('Client', t.tenants.bankAId));
  f.append('file', new Blob(['nothing,we,know\n1,2,3\n']), 'bad.csv');
  const up = await t.fetch(`/api/placements/upload?clientId=${encodeURIComponent(toGlobalId('Client', t.tenants.bankAId))}`, { method: 'POST', headers: { authorization: `Bearer ${tokens.bankA}` }, body: f });
  expect(up.status).toBe(202);
  for (let i = 0; i < 100; i++) {
    const r = await t.gql(JOBS, { status: 'FAILED' }, tokens.admin);
    failedImportJob = r.data?.jobs.edges[0]?.node.id;
    if (failedImportJob) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  expect(failedImportJob).toBeTruthy();
});

afterAll(async () => {
  await t?.close();
});

describe('jobs', () => {
  it('shows a failed job with its reason to the agency admin and the supervisor', async () => {
    for (const who of ['admin', 'supervisor'] as const) {
      const r = await t.gql(JOBS, { status: 'FAILED' }, tokens[who]);
      expect(r.errors).toBeUndefined();
      expect(r.data!.jobs.edges.map((e: any) => e.node)).toEqual([
        { id: failedImportJob, kind: 'PLACEMENT_IMPORT', status: 'FAILED', attempts: 1, lastError: expect.stringMatching(/column/i), subjectId: expect.any(String), clientName: 'Demo Bank A' },
      ]);
    }
  });

  it('is hidden from another agency (like a missing id) and refused to collectors and bank users', async () => {
    const rival = await t.gql(JOBS, {}, tokens.rival);
    expect(rival.data!.jobs.edges).toEqual([]);
    const node = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: failedImportJob }, tokens.rival);
    expect(node.data!.node).toBeNull();
    const retry = await t.gql(`mutation($id: ID!) { retryJob(id: $id) { __typename } }`, { id: failedImportJob }, tokens.rival);
    expect(retry.code).toBe('NOT_FOUND');
    for (const who of ['collector', 'bankA'] as const) expect((await t.gql(JOBS, {}, tokens[who])).code).toBe('FORBIDDEN');
    const [row] = await t.ownerQuery(`select status from job_run where kind = 'placement_import'`);
    expect(row.status).toBe('failed');
  });

  it('retries a failed job (it runs again and fails again on the same file), and refuses to retry one that is not failed', async () => {
    const r = await t.gql(`mutation($id: ID!) { retryJob(id: $id) { __typename ... on JobRun { status attempts } } }`, { id: failedImportJob }, tokens.supervisor);
    expect(r.data!.retryJob).toEqual({ __typename: 'JobRun', status: 'QUEUED', attempts: 0 });
    let status = 'QUEUED';
    for (let i = 0; i < 100 && status !== 'FAILED'; i++) {
      await new Promise((res) => setTimeout(res, 100));
      status = (await t.gql(`query($id: ID!) { node(id: $id) { ... on JobRun { status } } }`, { id: failedImportJob }, tokens.admin)).data!.node.status;
    }
    expect(status).toBe('FAILED');
    const [aging] = await t.ownerQuery(
      `insert into job_run (client_id, agency_id, kind, status) values ($1, $2, 'aging', 'succeeded') returning id`,
      [t.tenants.bankBId, t.tenants.demoAgencyId],
    );
    const done = await t.gql(`mutation($id: ID!) { retryJob(id: $id) { __typename ... on NotEligible { code } } }`, { id: toGlobalId('JobRun', aging.id) }, tokens.admin);
    expect(done.data!.retryJob).toEqual({ __typename: 'NotEligible', code: 'JOB_NOT_FAILED' });
  });
});
