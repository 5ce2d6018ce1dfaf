// PostGraphile 5 over the same database, as the same application role, with the same tenant context,
// for the side-by-side benchmark (tools/cli/src/bench/compare-bench.ts starts it on Node 22).
//
// Environment: DATABASE_URL (the arrears_app role), PORT, JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE,
// POOL_SIZE, TENANT_CONTEXTS (JSON: "<userId>:<agencyId>" -> the app.* settings app.begin_request()
// set for that user). Prints "ready at http://host:port" when listening.
//
// Every request verifies the gateway's JWT (same secret, same checks) and sets the same app.*
// settings transaction-locally (PostGraphile's pgSettings: begin, set_config, query, commit), so the
// same RLS policies apply. Unlike the gateway it does not re-read the user per request (role, scope,
// disabled): the settings are read once at start, which favours PostGraphile.
import http from 'node:http';
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makeJSONPgSmartTagsPlugin } from 'postgraphile/utils';

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`${name} is required`);
  return v;
};

const key = createSecretKey(Buffer.from(env('JWT_SECRET'), 'utf8'));
const verifyOptions = { algorithms: ['HS256'], issuer: env('JWT_ISSUER', 'arrears'), audience: env('JWT_AUDIENCE', 'arrears-api') };
const contexts = new Map(Object.entries(JSON.parse(env('TENANT_CONTEXTS'))));
const NO_CONTEXT = { 'app.agency_id': '', 'app.user_id': '', 'app.role': '', 'app.client_ids': '{}', 'app.law_firm_id': '' };

/** The request's tenant context: that of the token's user, or none (RLS then shows nothing). */
function pgSettings(ctx) {
  const header = ctx?.node?.req?.headers?.authorization;
  if (!header?.startsWith('Bearer ')) return NO_CONTEXT;
  try {
    const claims = jwt.verify(header.slice(7), key, verifyOptions);
    if (typeof claims !== 'object' || typeof claims.exp !== 'number') return NO_CONTEXT;
    return contexts.get(`${claims.sub}:${claims.agency ?? ''}`) ?? NO_CONTEXT;
  } catch {
    return NO_CONTEXT;
  }
}

const pool = new pg.Pool({ connectionString: env('DATABASE_URL'), max: Number(env('POOL_SIZE', '20')) });

const preset = {
  extends: [PostGraphileAmberPreset],
  // Order and filter by any column (by default only indexed ones): the same sort and filter as the
  // gateway's list (status = 'active', total due then id, descending).
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  plugins: [
    // Migration 0004 dropped account -> client (implied by account -> placement -> client); declare it
    // back so PostGraphile can show the bank's name with one join, as the gateway does.
    makeJSONPgSmartTagsPlugin({ version: 1, config: { class: { account: { tags: { foreignKey: '(client_id) references client (id)' } } } } }),
  ],
  pgServices: [makePgService({ pool, schemas: ['public'], pgSettings })],
  grafserv: { port: Number(env('PORT', '0')), graphiql: false, watch: false, graphqlOverGET: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = http.createServer();
serv.addTo(server);
server.listen(Number(env('PORT', '0')), '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(`ready at http://${address}:${port}`);
});

const stop = async () => {
  server.close();
  await pgl.release();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
