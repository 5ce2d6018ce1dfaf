import type { EntityManager } from 'typeorm';
import { checkPasswordPolicy, hashPassword } from '@arrears/auth';
import { badInput, conflict, fromGlobalIdOrThrow, notFound, toConnection, decodeCursor, type ConnectionResult } from '@arrears/graphql';
import type { Principal, Role } from '@arrears/tenancy';
import { isPgError, PG_ERRORS } from '@arrears/db';
import { NODE_TYPES, User, type UserRow } from './platform.types.js';
import { roleBindingProblem } from './role-binding.js';

const USER_COLUMNS = 'id, agency_id, email, display_name, role, client_id, law_firm_id, disabled_at, created_at';

export interface NewUser {
  email: string;
  displayName: string;
  password: string;
  role: Role;
  clientIds: string[];
  lawFirmId: string | null;
}

/** Agency users: creation, role and client scope changes, disabling. RLS limits all of it to the agency. */
export class UserService {
  constructor(private readonly db: EntityManager) {}

  async byIds(ids: readonly string[]): Promise<UserRow[]> {
    return this.db.query(`select ${USER_COLUMNS} from app_user where id = any($1::uuid[])`, [ids]);
  }

  async get(id: string): Promise<UserRow> {
    const [row] = await this.byIds([id]);
    if (!row) throw notFound('User');
    return row;
  }

  async list(args: { first: number; after?: string; role?: Role; search?: string; disabled?: boolean }): Promise<ConnectionResult<User>> {
    const cursor = decodeCursor(args.after, 2) as [string, string] | null;
    const params: unknown[] = [];
    const where: string[] = ['agency_id is not null'];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (args.role) where.push(`role = ${p(args.role)}`);
    if (args.disabled !== undefined) where.push(args.disabled ? 'disabled_at is not null' : 'disabled_at is null');
    if (args.search) where.push(`(email like ${p(`%${args.search.toLowerCase()}%`)} or lower(display_name) like ${p(`%${args.search.toLowerCase()}%`)})`);
    const filter = [...where];
    if (cursor) where.push(`(email, id) > (${p(cursor[0])}, ${p(cursor[1])}::uuid)`);
    const rows: UserRow[] = await this.db.query(`select ${USER_COLUMNS} from app_user where ${where.join(' and ')} order by email, id limit ${args.first + 1}`, params);
    const countParams = params.slice(0, params.length - (cursor ? 2 : 0));
    return toConnection(rows, args.first, (r) => [r.email, r.id], User.fromRow, !!cursor, async () => {
      const [{ n }] = await this.db.query(`select count(*)::int as n from app_user where ${filter.join(' and ')}`, countParams);
      return n;
    });
  }

  /** The banks a user may work on, for many users at once (DataLoader batch). */
  async clientScopes(users: readonly UserRow[], allAgencyClients: () => Promise<string[]>): Promise<string[][]> {
    const staffIds = users.filter((u) => u.role === 'supervisor' || u.role === 'collector').map((u) => u.id);
    const rows: { user_id: string; client_id: string }[] = staffIds.length
      ? await this.db.query('select user_id, client_id from user_client_scope where user_id = any($1::uuid[]) order by client_id', [staffIds])
      : [];
    const all = users.some((u) => u.role === 'agency_admin') ? await allAgencyClients() : [];
    return users.map((u) => {
      if (u.role === 'agency_admin') return all;
      if (u.role === 'client_user') return u.client_id ? [u.client_id] : [];
      return rows.filter((r) => r.user_id === u.id).map((r) => r.client_id);
    });
  }

  async create(actor: Principal, input: NewUser): Promise<UserRow> {
    const problem = roleBindingProblem(input) ?? checkPasswordPolicy(input.password);
    if (problem) throw badInput(problem);
    await this.assertClientsVisible(input.clientIds);
    if (input.lawFirmId) await this.assertLawFirmVisible(input.lawFirmId);
    const hash = await hashPassword(input.password);
    let row: UserRow;
    try {
      [row] = await this.db.query(
        `insert into app_user (agency_id, email, display_name, role, client_id, law_firm_id, password_hash)
         values ($1, $2, $3, $4, $5, $6, $7) returning ${USER_COLUMNS}`,
        [actor.agencyId, input.email.trim().toLowerCase(), input.displayName.trim(), input.role, input.role === 'client_user' ? input.clientIds[0] : null, input.lawFirmId, hash],
      );
    } catch (e) {
      if (isPgError(e, PG_ERRORS.uniqueViolation)) throw conflict('A user with this e-mail already exists');
      throw e;
    }
    if (input.role === 'supervisor' || input.role === 'collector') await this.replaceScope(actor, row.id, input.clientIds);
    return row;
  }

  async changeRole(actor: Principal, userId: string, binding: { role: Role; clientIds: string[]; lawFirmId: string | null }): Promise<UserRow> {
    const user = await this.get(userId);
    if (user.id === actor.userId) throw badInput('You cannot change your own role');
    const problem = roleBindingProblem(binding);
    if (problem) throw badInput(problem);
    await this.assertClientsVisible(binding.clientIds);
    if (binding.lawFirmId) await this.assertLawFirmVisible(binding.lawFirmId);
    // TypeORM returns [rows, rowCount] for UPDATE ... RETURNING.
    const [rows] = await this.db.query(
      `update app_user set role = $2, client_id = $3, law_firm_id = $4, updated_at = now() where id = $1 returning ${USER_COLUMNS}`,
      [user.id, binding.role, binding.role === 'client_user' ? binding.clientIds[0] : null, binding.lawFirmId],
    );
    await this.replaceScope(actor, user.id, binding.role === 'supervisor' || binding.role === 'collector' ? binding.clientIds : []);
    return rows[0];
  }

  async setClientScope(actor: Principal, userId: string, clientIds: string[]): Promise<UserRow> {
    const user = await this.get(userId);
    if (user.role !== 'supervisor' && user.role !== 'collector') throw badInput('Only supervisors and collectors have an editable client scope');
    await this.assertClientsVisible(clientIds);
    await this.replaceScope(actor, user.id, clientIds);
    return user;
  }

  /** Disabling takes effect on the user's next request: every token is checked against the database. */
  async setDisabled(actor: Principal, userId: string, disabled: boolean): Promise<UserRow | 'self'> {
    const user = await this.get(userId);
    if (user.id === actor.userId) return 'self';
    const [rows] = await this.db.query(
      `update app_user set disabled_at = ${disabled ? 'coalesce(disabled_at, now())' : 'null'}, updated_at = now() where id = $1 returning ${USER_COLUMNS}`,
      [user.id],
    );
    return rows[0];
  }

  private async replaceScope(actor: Principal, userId: string, clientIds: string[]): Promise<void> {
    await this.db.query('delete from user_client_scope where user_id = $1', [userId]);
    if (clientIds.length) {
      await this.db.query(
        'insert into user_client_scope (agency_id, client_id, user_id) select $1, unnest($2::uuid[]), $3',
        [actor.agencyId, clientIds, userId],
      );
    }
  }

  private async assertClientsVisible(clientIds: string[]): Promise<void> {
    if (!clientIds.length) return;
    const rows: { id: string }[] = await this.db.query('select id from client where id = any($1::uuid[])', [clientIds]);
    if (rows.length !== new Set(clientIds).size) throw notFound('Client');
  }

  private async assertLawFirmVisible(lawFirmId: string): Promise<void> {
    const rows = await this.db.query('select 1 from law_firm where id = $1', [lawFirmId]);
    if (!rows.length) throw notFound('Law firm');
  }
}

/** Opaque client ids of an input to database ids; a foreign or malformed id is NOT_FOUND. */
export function clientDbIds(globalIds: string[] | undefined): string[] {
  return [...new Set((globalIds ?? []).map((g) => fromGlobalIdOrThrow(g, NODE_TYPES.client, 'Client')))];
}
