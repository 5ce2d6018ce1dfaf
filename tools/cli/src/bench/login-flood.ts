// Does a flood of wrong passwords starve signed-in users? Runs `--flooders` loops posting wrong
// passwords (each as its own client address through X-Forwarded-For when the gateway trusts a
// loopback proxy, so the per-address lock does not shed them) while one signed-in user asks `{ me }`.
//   npm run bench:login-flood -- --url http://127.0.0.1:4000 --seconds 10 --flooders 40
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4000' },
    seconds: { type: 'string', default: '10' },
    flooders: { type: 'string', default: '40' },
    email: { type: 'string', default: 'admin@demo-agency.test' },
    password: { type: 'string', default: 'arrears-demo' },
  },
});
const url = new URL(values.url);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
  console.error('only a gateway on this machine (loopback) is a target');
  process.exit(2);
}
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
const post = (body: object, headers: Record<string, string> = {}) =>
  fetch(`${url.origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const signedIn = (await (await post({ query: LOGIN, variables: { e: values.email, p: values.password } })).json()) as { data?: { login?: { token: string } } };
const token = signedIn.data?.login?.token;
if (!token) throw new Error(`could not sign in as ${values.email}`);

async function meLatencies(ms: number): Promise<number[]> {
  const out: number[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const t = performance.now();
    await (await post({ query: '{ me { role } }' }, { authorization: `Bearer ${token}` })).text();
    out.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  return out;
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const summary = (xs: number[]) => ({ n: xs.length, p50: +pct(xs, 50).toFixed(1), p95: +pct(xs, 95).toFixed(1), max: +Math.max(...xs).toFixed(1) });

const seconds = Number(values.seconds);
const quiet = await meLatencies(2000);
let attempts = 0;
const codes: Record<string, number> = {};
let stop = false;
const flooders = Array.from({ length: Number(values.flooders) }, async (_, i) => {
  let n = 0;
  while (!stop) {
    const ip = `198.18.${i}.${n++ % 250}`;
    const r = (await (await post({ query: LOGIN, variables: { e: `flood-${i}-${n}@nowhere.test`, p: 'wrong-password' } }, { 'x-forwarded-for': ip })).json()) as {
      errors?: { extensions?: { code?: string } }[];
    };
    const code = r.errors?.[0]?.extensions?.code ?? 'ok';
    codes[code] = (codes[code] ?? 0) + 1;
    attempts++;
  }
});
const loaded = await meLatencies(seconds * 1000);
stop = true;
await Promise.all(flooders);
console.log(JSON.stringify({ flooders: Number(values.flooders), seconds, attemptsPerSecond: +(attempts / seconds).toFixed(1), codes, meQuiet: summary(quiet), meUnderFlood: summary(loaded) }, null, 2));
