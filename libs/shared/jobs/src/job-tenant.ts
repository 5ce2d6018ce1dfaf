import type { DataSource, EntityManager } from 'typeorm';

export interface JobTenant {
  clientId: string;
  agencyId: string;
  timeZone: string;
}

/**
 * Runs `work` in one transaction whose tenant context is one client, for platform jobs that no user
 * asked for (daily aging). Only the worker role may set it (app.begin_job); RLS applies as for a user
 * whose scope is that one bank, with role 'system'. Resolves to null when the client does not exist.
 */
export async function withJobTenant<T>(dataSource: DataSource, clientId: string, work: (db: EntityManager, tenant: JobTenant) => Promise<T>): Promise<T | null> {
  return dataSource.transaction(async (db) => {
    const [row] = await db.query('select client_id, agency_id, time_zone from app.begin_job($1)', [clientId]);
    if (!row) return null;
    return work(db, { clientId: row.client_id, agencyId: row.agency_id, timeZone: row.time_zone });
  });
}

/** Every client, for schedulers that fan out per bank (the worker role only). */
export async function jobClients(dataSource: DataSource): Promise<JobTenant[]> {
  const rows: { client_id: string; agency_id: string; time_zone: string }[] = await dataSource.query('select * from app.job_clients()');
  return rows.map((r) => ({ clientId: r.client_id, agencyId: r.agency_id, timeZone: r.time_zone }));
}
