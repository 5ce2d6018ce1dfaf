// A seeded fuzz run against a running gateway (`npm start` in another terminal):
//   npm run fuzz -- --url http://127.0.0.1:4000 --requests 5000 --seed 1 --login admin@demo-agency.test:arrears-demo
// Schema-derived hostile queries, truncated JSON, random bytes, oversize bodies; exits 1 when any
// answer is a 5xx, not JSON, without a stable code, or leaks a stack trace. Loopback targets only.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runFuzz } from '@arrears/testing';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4000' },
    requests: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '8' },
    schema: { type: 'string', default: path.resolve(import.meta.dirname, '../../../apps/gateway/schema.graphql') },
    login: { type: 'string', multiple: true, default: [] },
  },
});

const url = new URL(values.url);
if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname)) {
  console.error(`refusing to fuzz ${url.hostname}: only a gateway on this machine (loopback) is a target`);
  process.exit(2);
}
const requests = Number(values.requests);
const seed = Number(values.seed);
if (!Number.isInteger(requests) || requests < 1 || requests > 1_000_000 || !Number.isInteger(seed)) {
  console.error('--requests must be 1..1000000 and --seed an integer');
  process.exit(2);
}

const tokens: string[] = [];
for (const login of values.login as string[]) {
  const [email, ...rest] = login.split(':');
  const res = await fetch(`${url.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: email, p: rest.join(':') } }),
  });
  const body = (await res.json()) as { data?: { login?: { token: string } } };
  if (!body.data?.login?.token) {
    console.error(`could not sign in as ${email}`);
    process.exit(2);
  }
  tokens.push(body.data.login.token);
}

const started = Date.now();
const report = await runFuzz({ url: url.origin, schemaSdl: fs.readFileSync(values.schema, 'utf8'), requests, seed, tokens, concurrency: Number(values.concurrency) });
console.log(JSON.stringify({ seed, seconds: (Date.now() - started) / 1000, sent: report.sent, byKind: report.byKind, byStatus: report.byStatus, failures: report.failures.length }, null, 2));
for (const f of report.failures.slice(0, 20)) console.log(JSON.stringify(f));
process.exit(report.failures.length ? 1 : 0);
