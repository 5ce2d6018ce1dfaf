import pg from 'pg';

/**
 * The database roles: the owner migrates and owns every object; the app role serves requests under RLS;
 * the worker role runs background jobs (the app role's rights plus the job queue; see docs/architecture.md).
 */
export const DB_ROLES = { owner: 'arrears_owner', app: 'arrears_app', worker: 'arrears_worker' } as const;

/**
 * Creates (or updates the passwords of) the owner and application roles. Needs a superuser connection:
 * only a superuser may grant BYPASSRLS, which the owner needs for its few SECURITY DEFINER functions
 * (login lookup, request context). The application role owns nothing and can never bypass RLS.
 */
export async function bootstrapRoles(adminUrl: string, passwords: { owner: string; app: string; worker?: string }): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const lit = (s: string) => client.escapeLiteral(s);
    await client.query(`
      do $$ begin
        if not exists (select from pg_roles where rolname = '${DB_ROLES.owner}') then
          create role ${DB_ROLES.owner} login nosuperuser nocreatedb nocreaterole bypassrls;
        end if;
        if not exists (select from pg_roles where rolname = '${DB_ROLES.app}') then
          create role ${DB_ROLES.app} login nosuperuser nocreatedb nocreaterole nobypassrls;
        end if;
        if not exists (select from pg_roles where rolname = '${DB_ROLES.worker}') then
          create role ${DB_ROLES.worker} nologin nosuperuser nocreatedb nocreaterole nobypassrls;
        end if;
      end $$;`);
    // The worker inherits what the application role may do (RLS applies to it the same way).
    await client.query(`grant ${DB_ROLES.app} to ${DB_ROLES.worker}`);
    await client.query(`alter role ${DB_ROLES.owner} password ${lit(passwords.owner)}`);
    await client.query(`alter role ${DB_ROLES.app} password ${lit(passwords.app)} nobypassrls nosuperuser`);
    // Without a password the worker role cannot log in (a deployment that runs no worker of its own).
    await client.query(
      passwords.worker
        ? `alter role ${DB_ROLES.worker} login password ${lit(passwords.worker)} nobypassrls nosuperuser`
        : `alter role ${DB_ROLES.worker} nologin nobypassrls nosuperuser`,
    );
  } finally {
    await client.end();
  }
}

/** Creates `name` owned by the owner role unless it exists; optionally as a copy of a template database. */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    const ident = (s: string) => client.escapeIdentifier(s);
    await client.query(`create database ${ident(name)} owner ${DB_ROLES.owner}${template ? ` template ${ident(template)}` : ''}`);
    return true;
  } finally {
    await client.end();
  }
}

/** Hands an existing database (e.g. the one docker's postgres image created) to the owner role. */
export async function adoptDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`alter database ${client.escapeIdentifier(name)} owner to ${DB_ROLES.owner}`);
  } finally {
    await client.end();
  }
}
