import type { EntityManager } from 'typeorm';
import { badInput, decodeCursor, forbidden, notFound, toConnection, type ConnectionResult } from '@arrears/graphql';
import type { Principal, Role } from '@arrears/tenancy';
import { isPlacementField, validateMapping, type PlacementField } from './fields.js';
import { ColumnMapping, PlacementImport, PlacementRejection, type PlacementImportRow, type PlacementRejectionRow } from './import.types.js';

const IMPORT_COLUMNS = 'id, client_id, placement_id, file_name, format, status, rows_read, rows_staged, rows_imported, rows_updated, rows_rejected, identity_matches, error, created_by, created_at, started_at, finished_at';

/** Who may see imports and column mappings (and save mappings): the same roles that may place accounts. */
export const IMPORT_VIEW_ROLES: readonly Role[] = ['agency_admin', 'supervisor', 'client_user'];

/**
 * Reads of placement imports and the per-client column mapping, through the request's tenant
 * transaction: RLS decides what exists; another bank's import is simply not found.
 */
export class PlacementImportService {
  constructor(private readonly db: EntityManager) {}

  async byIds(ids: readonly string[]): Promise<PlacementImportRow[]> {
    if (!ids.length) return [];
    return this.db.query(`select ${IMPORT_COLUMNS} from placement_import where id = any($1::uuid[])`, [ids]);
  }

  async get(id: string): Promise<PlacementImportRow | null> {
    return (await this.byIds([id]))[0] ?? null;
  }

  /** Newest first; optionally one client's. */
  async list(opts: { clientId?: string | null; first: number; after?: string | null }): Promise<ConnectionResult<PlacementImport>> {
    const cursor = decodeCursor(opts.after, 2) as [string, string] | null;
    const params: unknown[] = [opts.first + 1];
    const where: string[] = [];
    if (opts.clientId) {
      params.push(opts.clientId);
      where.push(`client_id = $${params.length}`);
    }
    if (cursor) {
      params.push(cursor[0], cursor[1]);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows: PlacementImportRow[] = await this.db.query(
      `select ${IMPORT_COLUMNS} from placement_import ${where.length ? `where ${where.join(' and ')}` : ''} order by created_at desc, id desc limit $1`,
      params,
    );
    return toConnection(rows, opts.first, (r) => [r.created_at.toISOString(), r.id], PlacementImport.fromRow, !!cursor);
  }

  async rejections(importId: string, clientId: string, opts: { first: number; after?: string | null }): Promise<ConnectionResult<PlacementRejection>> {
    const cursor = decodeCursor(opts.after, 2) as [number, number] | null;
    const rows: PlacementRejectionRow[] = await this.db.query(
      `select row_number, seq, column_name, reason, value from placement_rejection
        where client_id = $1 and import_id = $2 ${cursor ? 'and (row_number, seq) > ($4::int, $5::int)' : ''}
        order by row_number, seq limit $3`,
      cursor ? [clientId, importId, opts.first + 1, cursor[0], cursor[1]] : [clientId, importId, opts.first + 1],
    );
    return toConnection(rows, opts.first, (r) => [r.row_number, r.seq], PlacementRejection.fromRow, !!cursor);
  }

  /** The client's saved mapping (null when none); NOT_FOUND for a client the user may not see. */
  async columnMapping(clientId: string): Promise<ColumnMapping> {
    await this.visibleClient(clientId);
    const [row] = await this.db.query('select mapping, updated_at from column_mapping where client_id = $1', [clientId]);
    return ColumnMapping.of(clientId, row?.mapping ?? null, row?.updated_at ?? null);
  }

  /** Replaces the client's mapping; an empty list removes it (back to the default header table). */
  async saveColumnMapping(p: Principal, clientId: string, entries: { field: string; header: string }[]): Promise<ColumnMapping> {
    if (!IMPORT_VIEW_ROLES.includes(p.role)) throw forbidden();
    const client = await this.visibleClient(clientId);
    const mapping: Partial<Record<PlacementField, string>> = {};
    const problems: string[] = [];
    for (const e of entries) {
      if (!isPlacementField(e.field)) problems.push(`"${e.field}" is not a placement field`);
      else if (mapping[e.field]) problems.push(`${e.field} is mapped twice`);
      else mapping[e.field] = e.header.trim();
    }
    problems.push(...validateMapping(mapping));
    if (problems.length) throw badInput(`The column mapping is not valid: ${problems.join('; ')}`, { problems });
    if (!entries.length) {
      // No delete grant on column_mapping: an empty mapping object means "use the default table".
      await this.db.query(`update column_mapping set mapping = 'null'::jsonb, updated_by = $2, updated_at = now() where client_id = $1`, [clientId, p.userId]);
      return ColumnMapping.of(clientId, null, null);
    }
    const [row] = await this.db.query(
      `insert into column_mapping (client_id, agency_id, mapping, updated_by) values ($1, $2, $3::jsonb, $4)
       on conflict (client_id) do update set mapping = excluded.mapping, updated_by = excluded.updated_by, updated_at = now()
       returning mapping, updated_at`,
      [clientId, client.agency_id, JSON.stringify(mapping), p.userId],
    );
    return ColumnMapping.of(clientId, row.mapping, row.updated_at);
  }

  private async visibleClient(clientId: string): Promise<{ id: string; agency_id: string }> {
    const [client] = await this.db.query('select id, agency_id from client where id = $1', [clientId]);
    if (!client) throw notFound('Client');
    return client;
  }
}
