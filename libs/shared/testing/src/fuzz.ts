import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/**
 * A seeded HTTP fuzzer for the gateway: hostile GraphQL documents derived from the schema, truncated
 * JSON, random bytes, oversize bodies and odd content types. Every answer must be JSON with a stable
 * error code, never a 5xx, never a stack trace or a file path. Same seed, same requests.
 */
export interface FuzzOptions {
  url: string;
  /** The schema as SDL (apps/gateway/schema.graphql). */
  schemaSdl: string;
  requests: number;
  seed: number;
  /** Signed-in tokens to use for some requests (the rest are anonymous). */
  tokens?: string[];
  concurrency?: number;
  /** Bytes of the oversize body (over the gateway's 1 MB JSON limit). */
  oversizeBytes?: number;
}

export interface FuzzFailure {
  kind: string;
  status: number;
  problem: string;
  request: string;
  response: string;
}

export interface FuzzReport {
  sent: number;
  byKind: Record<string, number>;
  byStatus: Record<string, number>;
  failures: FuzzFailure[];
}

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEAK = /(\bat [\w.<>$]+ \(|node_modules|\/src\/|\.[jt]s:\d+|<html|<pre>|stacktrace|\bselect\b[\s\S]*\bfrom\b|syntax error at|violates|relation ")/i;
const HOSTILE_STRINGS = ['', ' ', "' or 1=1 --", '"; drop table account; --', '\u0000', '%00', '../../etc/passwd', '${7*7}', '<script>alert(1)</script>', '💥'.repeat(50), 'x'.repeat(5000), 'toString', '__proto__', 'constructor', '=cmd|calc', '１２３', 'NaN'];
const HOSTILE_NUMBERS = [0, -1, 1, 2 ** 31, -(2 ** 31) - 1, 1e308, 200, 201, 1000000, 3.5];
const SESSION_ENDING = new Set(['signOut', 'signOutEverywhere', 'resetPassword', 'changePassword', 'disableUser']);
const TYPE_NAMES = ['Account', 'Client', 'User', 'Team', 'Debtor', 'Placement', 'toString', 'constructor', '__proto__', 'Nothing', ''];

class Generator {
  /** The variables of the document being written, when it declares any (see `document`). */
  private variables: { name: string; type: string; value: unknown }[] | null = null;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rnd: () => number,
  ) {}

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)];
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }

  /** An opaque-looking id: sometimes valid-shaped with a random uuid, sometimes nonsense. */
  id(): string {
    const hex = () => Math.floor(this.rnd() * 16).toString(16);
    const uuid = `${Array.from({ length: 8 }, hex).join('')}-${Array.from({ length: 4 }, hex).join('')}-4${Array.from({ length: 3 }, hex).join('')}-8${Array.from({ length: 3 }, hex).join('')}-${Array.from({ length: 12 }, hex).join('')}`;
    if (this.chance(0.7)) return Buffer.from(`${this.pick(TYPE_NAMES)}:${uuid}`).toString('base64url');
    return this.pick(HOSTILE_STRINGS);
  }

  /** A value for an input type, as JSON: mostly well-typed with hostile values, sometimes the wrong type. */
  value(type: GraphQLInputType, depth = 0): unknown {
    if (this.chance(0.05)) return this.pick([null, 'wrong type', 2 ** 70, [1, 2], { nope: 1 }, true]);
    const t = getNullableType(type) as GraphQLInputType;
    if (isListType(t)) {
      const n = this.chance(0.1) ? 60 : Math.floor(this.rnd() * 3);
      return Array.from({ length: n }, () => this.value(t.ofType, depth + 1));
    }
    if (isEnumType(t)) return this.chance(0.9) ? this.pick(t.getValues()).name : 'NOT_A_VALUE';
    if (isInputObjectType(t)) {
      if (depth > 3) return {};
      const fields = Object.values(t.getFields()).filter((f) => isNonNullType(f.type) || this.chance(0.4));
      return Object.fromEntries(fields.map((f) => [f.name, this.value(f.type, depth + 1)]));
    }
    switch ((t as GraphQLNamedType).name) {
      case 'ID':
        return this.id();
      case 'Int':
      case 'Float':
        return this.pick(HOSTILE_NUMBERS);
      case 'Boolean':
        return this.chance(0.5);
      case 'Decimal':
        return this.pick(['1.00', '-1', '1e400', '0.001', 'abc', '99999999999999999999.99']);
      case 'DateTime':
      case 'LocalDate':
        return this.pick(['2026-02-30', '2026-11-30', 'yesterday', '9999-12-31T23:59:59Z', '']);
      default:
        return this.pick(HOSTILE_STRINGS);
    }
  }

  /** The same, written into the document: enum values bare, input objects with bare keys. */
  literal(type: GraphQLInputType): string {
    const print = (v: unknown, t: GraphQLInputType | null): string => {
      const n = t && (getNullableType(t) as GraphQLInputType);
      if (Array.isArray(v)) return `[${v.map((x) => print(x, n && isListType(n) ? n.ofType : null)).join(', ')}]`;
      if (v !== null && typeof v === 'object') {
        const fields = n && isInputObjectType(n) ? n.getFields() : {};
        return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${print(x, fields[k]?.type ?? null)}`).join(', ')} }`;
      }
      if (typeof v === 'string' && n && isEnumType(n) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(v)) return v;
      return v === null ? 'null' : typeof v === 'string' ? JSON.stringify(v) : String(v);
    };
    return print(this.value(type), type);
  }

  /** An argument's value: a literal, or in a document with variables sometimes a variable. */
  argument(type: GraphQLInputType): string {
    if (!this.variables || this.chance(0.5)) return this.literal(type);
    const name = `v${this.variables.length}`;
    // Sometimes declared but not sent: a missing variable is hostile input too.
    this.variables.push({ name, type: String(type), value: this.chance(0.1) ? undefined : this.value(type) });
    return `$${name}`;
  }

  /** The values of the last document's variables ({} when it declared none). */
  lastVariables(): Record<string, unknown> {
    return Object.fromEntries((this.variables ?? []).filter((v) => v.value !== undefined).map((v) => [v.name, v.value]));
  }

  selection(type: GraphQLNamedType, depth: number): string {
    if (isLeafType(type)) return '';
    if (isUnionType(type) || isInterfaceType(type)) {
      const members = isUnionType(type) ? type.getTypes() : this.schema.getPossibleTypes(type);
      const m = members.length ? this.pick(members) : null;
      return m ? `{ __typename ... on ${m.name} ${this.selection(m, depth + 1) || '{ __typename }'} }` : '{ __typename }';
    }
    if (!isObjectType(type)) return '{ __typename }';
    const fields = Object.values(type.getFields());
    const chosen = fields.filter(() => this.chance(depth > 4 ? 0.15 : 0.4)).slice(0, 6);
    if (!chosen.length) chosen.push(fields.find((f) => isLeafType(getNamedType(f.type))) ?? fields[0]);
    return `{ ${chosen.map((f) => this.field(f, depth + 1)).join(' ')} }`;
  }

  field(f: GraphQLField<unknown, unknown>, depth: number): string {
    const named = getNamedType(f.type);
    const args = f.args.filter((a) => isNonNullType(a.type) || this.chance(0.3));
    const argText = args.length ? `(${args.map((a) => `${a.name}: ${this.argument(a.type)}`).join(', ')})` : '';
    const sub = isLeafType(named) ? '' : depth > 14 ? '{ __typename }' : this.selection(named, depth);
    return `${this.chance(0.05) ? `a${Math.floor(this.rnd() * 1000)}: ` : ''}${f.name}${argText} ${sub}`;
  }

  /** A document: one or a few root fields, sometimes absurd (deep, aliased, huge). */
  document(): string {
    this.variables = null;
    const roll = this.rnd();
    if (roll < 0.05) return `{ ${'me { user { clients { '.repeat(30)}${'} } } '.repeat(30)}}`;
    if (roll < 0.1) return `{ ${Array.from({ length: 300 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    if (roll < 0.13) return `query { node(id: ${JSON.stringify(this.id())}) { id } }`;
    if (roll < 0.16) return `{ ${'x'.repeat(10_000)} }`;
    const mutation = this.chance(0.35);
    const root = mutation ? this.schema.getMutationType() : this.schema.getQueryType();
    if (!root) return '{ __typename }';
    // Mutations that end the fuzzer's own sessions would turn the rest of the run anonymous.
    const fields = Object.values(root.getFields()).filter((f) => !SESSION_ENDING.has(f.name));
    const n = 1 + Math.floor(this.rnd() * 2);
    // Half the documents pass some arguments as variables, which the gateway coerces apart from literals.
    if (this.chance(0.5)) this.variables = [];
    const body = Array.from({ length: n }, () => this.field(this.pick(fields), 1)).join(' ');
    const declared = this.variables?.length ? `(${this.variables.map((v) => `$${v.name}: ${v.type}`).join(', ')})` : '';
    return `${mutation ? 'mutation' : 'query'}${declared} { ${body} }`;
  }
}

interface Planned {
  kind: string;
  init: RequestInit & { headers: Record<string, string> };
  path: string;
  describe: string;
}

function plan(gen: Generator, rnd: () => number, tokens: string[], oversizeBytes: number): Planned {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (tokens.length && rnd() < 0.6) headers.authorization = `Bearer ${gen.pick(tokens)}`;
  const roll = rnd();
  const body = () => {
    const query = gen.document();
    const declared = gen.lastVariables();
    return JSON.stringify({ query, variables: Object.keys(declared).length ? declared : rnd() < 0.2 ? { x: gen.pick(HOSTILE_STRINGS) } : {} });
  };
  if (roll < 0.55) {
    const b = body();
    return { kind: 'schema-query', path: '/graphql', init: { method: 'POST', headers, body: b }, describe: b.slice(0, 300) };
  }
  if (roll < 0.7) {
    const b = body();
    const cut = b.slice(0, Math.max(1, Math.floor(rnd() * b.length)));
    return { kind: 'truncated-json', path: '/graphql', init: { method: 'POST', headers, body: cut }, describe: cut.slice(0, 300) };
  }
  if (roll < 0.82) {
    const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 2048) }, () => Math.floor(rnd() * 256)));
    const path = gen.pick(['/graphql', '/graphql', '/api/placements/upload', '/api/placement-imports/x/rejections.csv']);
    const ct = gen.pick(['application/json', 'application/json; charset=utf-16', 'multipart/form-data; boundary=zz', 'text/plain', 'application/graphql']);
    return { kind: 'random-bytes', path, init: { method: 'POST', headers: { ...headers, 'content-type': ct, 'apollo-require-preflight': 'true' }, body: bytes }, describe: `${bytes.length} random bytes as ${ct} to ${path}` };
  }
  if (roll < 0.85) {
    // A form whose part headers are hostile: file names with NUL bytes, quotes, paths, thousands of characters.
    const fileName = gen.pick(['a\u0000b.csv', '../../../etc/passwd', 'a"b.csv', 'x'.repeat(5000) + '.xlsx', '', '评估.xlsx', 'a.csv\r\nX-Injected: 1']);
    const field = gen.pick(['file', 'file', 'clientId', '']);
    const body = `--zz\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${gen.pick(['text/csv', 'image/jpeg', '', 'x/\u0000'])}\r\n\r\nbank_ref\r\n${gen.chance(0.8) ? '--zz--\r\n' : ''}`;
    const path = gen.pick(['/api/placements/upload', `/api/placements/upload?clientId=${encodeURIComponent(gen.id())}`, '/api/payment-files/upload', `/api/complaints/${encodeURIComponent(gen.id())}/evidence`, `/api/visits/${encodeURIComponent(gen.id())}/photos`, `/api/legal/cases/${encodeURIComponent(gen.id())}/documents`]);
    return { kind: 'multipart', path, init: { method: 'POST', headers: { ...headers, 'content-type': 'multipart/form-data; boundary=zz' }, body }, describe: `form to ${path.slice(0, 120)}: ${JSON.stringify(fileName.slice(0, 60))}` };
  }
  if (roll < 0.87) {
    const pad = 'x'.repeat(oversizeBytes);
    return { kind: 'oversize', path: '/graphql', init: { method: 'POST', headers, body: `{"query":"{ __typename }","variables":{"pad":"${pad}"}}` }, describe: `${oversizeBytes}-byte body` };
  }
  if (roll < 0.93) {
    const b = gen.pick(['"a string"', '[]', '[{"query":"{ __typename }"},{"query":"{ __typename }"}]', 'null', '{}', '{"query": 42}', '{"query":"{ __typename }","variables":"nope"}', '{"query":"{ __typename }","operationName":{}}',
      '{"query":"query A { __typename }","operationName":"B"}', '{"query":"query A { __typename } query B { __typename }"}', '{"query":"subscription { accounts }"}',
      '{"query":"{ __typename }","extensions":{"persistedQuery":{"version":2,"sha256Hash":"x"}}}',
      `{"query":"query($a: ID!) { account(id: $a) { id } }","variables":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`]);
    return { kind: 'odd-json', path: '/graphql', init: { method: 'POST', headers, body: b }, describe: b.slice(0, 300) };
  }
  const q = encodeURIComponent(gen.document().slice(0, 2000));
  const path = gen.pick([`/graphql?query=${q}`, '/api/nothing', '/graphql?query=%7B', `/api/placement-imports/${encodeURIComponent(gen.id())}/rejections.csv`]);
  return { kind: 'get', path, init: { method: 'GET', headers: { ...headers, 'apollo-require-preflight': 'true' } }, describe: `GET ${path.slice(0, 200)}` };
}

/** What is wrong with one answer, or null. */
function judge(status: number, contentType: string, text: string, path: string): string | null {
  if (status >= 500) return `HTTP ${status}`;
  if (LEAK.test(text)) return 'the body leaks a stack trace, a path or SQL';
  const isCsv = path.includes('rejections.csv') && status === 200;
  if (isCsv) return null;
  if (!/json/.test(contentType)) return `content-type ${contentType || '(none)'} is not JSON`;
  let body: { errors?: { extensions?: { code?: unknown } }[]; error?: { code?: unknown }; data?: unknown };
  try {
    body = JSON.parse(text);
  } catch {
    return 'the body is not JSON';
  }
  if (status >= 400) {
    const code = body.errors?.[0]?.extensions?.code ?? body.error?.code;
    if (typeof code !== 'string' || !/^[A-Z_]+$/.test(code)) return 'an error without a stable code';
  }
  for (const e of body.errors ?? []) {
    const code = e.extensions?.code;
    if (typeof code !== 'string') return 'a GraphQL error without extensions.code';
    if (code === 'INTERNAL_SERVER_ERROR') return 'INTERNAL_SERVER_ERROR';
  }
  return null;
}

/** Runs the fuzz and reports every answer that is not a clean JSON error (or success). */
export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const rnd = seededRandom(opts.seed);
  const gen = new Generator(buildSchema(opts.schemaSdl), rnd);
  const tokens = opts.tokens ?? [];
  const report: FuzzReport = { sent: 0, byKind: {}, byStatus: {}, failures: [] };
  // Plan every request first, so the run is the same for a seed whatever the timing.
  const planned = Array.from({ length: opts.requests }, () => plan(gen, rnd, tokens, opts.oversizeBytes ?? 1_100_000));
  let next = 0;
  const worker = async () => {
    while (next < planned.length) {
      const p = planned[next++];
      let status = 0;
      let contentType = '';
      let text = '';
      try {
        const res = await fetch(`${opts.url}${p.path}`, { ...p.init, signal: AbortSignal.timeout(30_000) });
        status = res.status;
        contentType = res.headers.get('content-type') ?? '';
        text = await res.text();
      } catch (e) {
        text = `request failed: ${(e as Error).message}`;
        status = 599;
      }
      report.sent++;
      report.byKind[p.kind] = (report.byKind[p.kind] ?? 0) + 1;
      report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
      const problem = judge(status, contentType, text, p.path);
      if (problem) report.failures.push({ kind: p.kind, status, problem, request: p.describe, response: text.slice(0, 500) });
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, worker));
  return report;
}
