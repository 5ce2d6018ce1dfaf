/**
 * Building blocks of row-level-security policies. The request context is set per transaction by
 * app.begin_request() with set_config(..., true). Expressions stay plain SQL (no PL/pgSQL), so the planner
 * can use indexes.
 *
 * Each read of the context is a scalar subquery: PostgreSQL evaluates it once per statement (an InitPlan)
 * and compares every row with the result. Written bare, `current_setting(...)` and its cast (a text
 * parsed into a uuid[] for the bank scope) ran once per row a policy looked at: counting 100,000 accounts
 * took 116 ms that way and 38 ms this way (`npm run bench:rls`, docs/benchmarks.md). A subquery result
 * is still a value the planner can use as an index condition.
 */
const once = (expr: string) => `(select ${expr})`;

export const ctx = {
  agencyId: once(`nullif(current_setting('app.agency_id', true), '')::uuid`),
  userId: once(`nullif(current_setting('app.user_id', true), '')::uuid`),
  role: once(`current_setting('app.role', true)`),
  // The outer cast keeps `= any (...)` an array comparison (a bare subquery there would be `= any (subquery)`).
  clientIds: `${once(`coalesce(nullif(current_setting('app.client_ids', true), ''), '{}')::uuid[]`)}::uuid[]`,
  teamIds: `${once(`coalesce(nullif(current_setting('app.team_ids', true), ''), '{}')::uuid[]`)}::uuid[]`,
  lawFirmId: once(`nullif(current_setting('app.law_firm_id', true), '')::uuid`),
};

export const inAgency = `agency_id = ${ctx.agencyId}`;
/** A row of a client the request may see: same agency and one of the request's clients. */
export const inClientScope = `${inAgency} and client_id = any (${ctx.clientIds})`;
export const roleIn = (...roles: string[]) => `${ctx.role} in (${roles.map((r) => `'${r}'`).join(', ')})`;

/** Enables and forces RLS on a tenant table keyed by client and grants the app role its DML. */
export function clientTable(table: string, grants = 'select, insert, update, delete'): string[] {
  return [
    `alter table ${table} enable row level security`,
    `alter table ${table} force row level security`,
    `create policy ${table}_client_scope on ${table} using (${inClientScope}) with check (${inClientScope})`,
    `grant ${grants} on ${table} to arrears_app`,
  ];
}

/**
 * A policy expression as PostgreSQL prints it (`pg_get_expr`), with each bare read of the request context
 * (see `ctx`) made a scalar subquery. Reads already inside one are left alone, so applying it twice
 * changes nothing. Used by migration 0024 on the policies created before `ctx` read the context once.
 */
export function readContextOnce(expr: string): string {
  const setting = `current_setting\\('app\\.(\\w+)'::text, true\\)`;
  const setting$ = `current_setting('app.$1'::text, true)`;
  return expr
    .replace(
      new RegExp(`(?<!SELECT )\\(COALESCE\\(NULLIF\\(${setting}, ''::text\\), '\\{\\}'::text\\)\\)::uuid\\[\\]`, 'g'),
      `(( SELECT (COALESCE(NULLIF(${setting$}, ''::text), '{}'::text))::uuid[]))::uuid[]`,
    )
    .replace(new RegExp(`(?<!SELECT )\\(NULLIF\\(${setting}, ''::text\\)\\)::uuid(?!\\[)`, 'g'), `( SELECT (NULLIF(${setting$}, ''::text))::uuid)`)
    .replace(new RegExp(`(?<!SELECT |SELECT \\(NULLIF\\(|SELECT \\(COALESCE\\(NULLIF\\()${setting}`, 'g'), `( SELECT ${setting$})`);
}
