import type { EntityManager } from 'typeorm';
import { checkPasswordPolicy, hashPassword } from '@arrears/auth';
import { badInput, conflict, decodeCursor, toConnection, type ConnectionResult } from '@arrears/graphql';
import { isPgError, PG_ERRORS } from '@arrears/db';
import { Agency } from './platform.types.js';

interface AgencyRow {
  id: string;
  name: string;
  created_at: Date;
  suspended_at: Date | null;
  suspended_reason: string | null;
}

export interface AgencyOverviewRow {
  agency_id: string;
  users: number;
  active_users: number;
  clients: number;
  accounts: string;
  active_accounts: string;
}

const COLUMNS = 'id, name, created_at, suspended_at, suspended_reason';

/** Agencies are provisioned by platform admins, each with its first agency admin. */
export class AgencyService {
  constructor(private readonly db: EntityManager) {}

  async byIds(ids: readonly string[]): Promise<AgencyRow[]> {
    return this.db.query(`select ${COLUMNS} from agency where id = any($1::uuid[])`, [ids]);
  }

  async list(args: { first: number; after?: string }): Promise<ConnectionResult<Agency>> {
    const cursor = decodeCursor(args.after, 2) as [string, string] | null;
    const rows: AgencyRow[] = cursor
      ? await this.db.query(`select ${COLUMNS} from agency where (name, id) > ($1, $2::uuid) order by name, id limit $3`, [cursor[0], cursor[1], args.first + 1])
      : await this.db.query(`select ${COLUMNS} from agency order by name, id limit $1`, [args.first + 1]);
    return toConnection(rows, args.first, (r) => [r.name, r.id], Agency.fromRow, !!cursor);
  }

  /** Counts per agency for the platform admin (app.agency_overview answers platform admins only). */
  async overview(ids: readonly string[]): Promise<AgencyOverviewRow[]> {
    return this.db.query('select * from app.agency_overview($1::uuid[])', [ids]);
  }

  /**
   * Suspends (its users' sessions end and sign-in is refused) or reactivates an agency. Null when there
   * is no such agency. Idempotent: suspending a suspended agency keeps its first date.
   */
  async setSuspended(id: string, suspend: boolean, reason: string | null): Promise<AgencyRow | null> {
    const [row]: AgencyRow[] = await this.db.query('select * from app.set_agency_suspended($1, $2, $3)', [id, suspend, reason]);
    return row ?? null;
  }

  /** Whether the agency is suspended (a user reads their own agency's row). */
  async isSuspended(id: string): Promise<boolean> {
    const [row]: { suspended: boolean }[] = await this.db.query('select suspended_at is not null as suspended from agency where id = $1', [id]);
    return row?.suspended ?? false;
  }

  async create(input: { name: string; adminEmail: string; adminDisplayName: string; adminPassword: string }): Promise<AgencyRow> {
    const problem = checkPasswordPolicy(input.adminPassword);
    if (problem) throw badInput(problem);
    try {
      const [agency]: AgencyRow[] = await this.db.query('insert into agency (name) values ($1) returning id, name, created_at, suspended_at, suspended_reason', [input.name.trim()]);
      await this.db.query(
        `insert into app_user (agency_id, email, display_name, role, password_hash) values ($1, $2, $3, 'agency_admin', $4)`,
        [agency.id, input.adminEmail.trim().toLowerCase(), input.adminDisplayName.trim(), await hashPassword(input.adminPassword)],
      );
      return agency;
    } catch (e) {
      if (isPgError(e, PG_ERRORS.uniqueViolation)) throw conflict('An agency with this name, or a user with this e-mail, already exists');
      throw e;
    }
  }
}
