/**
 * Building blocks of row-level-security policies. The request context is set per transaction by
 * app.begin_request() with set_config(..., true). Expressions stay plain SQL (no PL/pgSQL, no
 * subqueries) so the planner can use indexes and the tables stay Citus-compatible.
 */
export const ctx = {
  agencyId: `nullif(current_setting('app.agency_id', true), '')::uuid`,
  userId: `nullif(current_setting('app.user_id', true), '')::uuid`,
  role: `current_setting('app.role', true)`,
  clientIds: `coalesce(nullif(current_setting('app.client_ids', true), ''), '{}')::uuid[]`,
  lawFirmId: `nullif(current_setting('app.law_firm_id', true), '')::uuid`,
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
