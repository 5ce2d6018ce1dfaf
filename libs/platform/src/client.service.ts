import type { EntityManager } from 'typeorm';
import { badInput, conflict, decodeCursor, toConnection, type ConnectionResult } from '@arrears/graphql';
import { isPgError, PG_ERRORS } from '@arrears/db';
import type { Principal } from '@arrears/tenancy';
import { Client, type ClientRow } from './platform.types.js';

/** The columns of ClientRow (also read by joins that prime the client loader). */
export const CLIENT_COLUMNS = 'id, name, code, currency, time_zone, created_at';

/** Banks of the agency. RLS shows agency admins every bank and everybody else their own scope. */
export class ClientService {
  constructor(private readonly db: EntityManager) {}

  byIds(ids: readonly string[]): Promise<ClientRow[]> {
    return this.db.query(`select ${CLIENT_COLUMNS} from client where id = any($1::uuid[])`, [ids]);
  }

  async allIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query('select id from client order by id');
    return rows.map((r) => r.id);
  }

  async list(args: { first: number; after?: string }): Promise<ConnectionResult<Client>> {
    const cursor = decodeCursor(args.after, 2) as [string, string] | null;
    const rows: ClientRow[] = cursor
      ? await this.db.query(`select ${CLIENT_COLUMNS} from client where (name, id) > ($1, $2::uuid) order by name, id limit $3`, [cursor[0], cursor[1], args.first + 1])
      : await this.db.query(`select ${CLIENT_COLUMNS} from client order by name, id limit $1`, [args.first + 1]);
    return toConnection(rows, args.first, (r) => [r.name, r.id], Client.fromRow, !!cursor, async () => {
      const [{ n }] = await this.db.query('select count(*)::int as n from client');
      return n;
    });
  }

  async create(actor: Principal, input: { name: string; code: string; currency: string; timeZone: string }): Promise<ClientRow> {
    if (!isTimeZone(input.timeZone)) throw badInput(`Unknown time zone "${input.timeZone}"`);
    try {
      const [row] = await this.db.query(
        `insert into client (agency_id, name, code, currency, time_zone) values ($1, $2, $3, $4, $5) returning ${CLIENT_COLUMNS}`,
        [actor.agencyId, input.name.trim(), input.code, input.currency, input.timeZone],
      );
      return row;
    } catch (e) {
      if (isPgError(e, PG_ERRORS.uniqueViolation)) throw conflict(`A client with code ${input.code} already exists`);
      throw e;
    }
  }
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
