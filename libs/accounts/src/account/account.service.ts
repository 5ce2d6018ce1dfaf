import type { EntityManager } from 'typeorm';
import { decodeCursor, toConnection, type ConnectionResult } from '@arrears/graphql';
import { ACCOUNT_COLUMNS, Account, type AccountRow, type DebtorRow, type PlacementRow } from './account.types.js';
import { accountConditions, keysetCondition, Params, type AccountCriteria, type SortColumn } from './account-query.js';

export interface AccountListArgs {
  first: number;
  after?: string;
  criteria: AccountCriteria;
  sort: SortColumn;
  direction: 'asc' | 'desc';
}

/** Reads of accounts, debtors and placements. RLS limits every query to the caller's banks. */
export class AccountService {
  constructor(private readonly db: EntityManager) {}

  async list(args: AccountListArgs): Promise<ConnectionResult<Account>> {
    const after = decodeCursor(args.after, 2) as [unknown, string] | null;
    const p = new Params();
    const where = accountConditions(args.criteria, p);
    const countWhere = [...where];
    const countParams = [...p.values];
    const keyset = keysetCondition(args.sort, args.direction, after, p);
    if (keyset) where.push(keyset);
    const rows: AccountRow[] = await this.db.query(
      `select ${ACCOUNT_COLUMNS} from account a where ${where.join(' and ')}
       order by a.${args.sort} ${args.direction}, a.id ${args.direction} limit ${args.first + 1}`,
      p.values,
    );
    return toConnection(rows, args.first, (r) => [r[args.sort], r.id], Account.fromRow, !!after, async () => {
      const [{ n }] = await this.db.query(`select count(*)::int as n from account a where ${countWhere.join(' and ')}`, countParams);
      return n;
    });
  }

  async byIds(ids: readonly string[]): Promise<AccountRow[]> {
    return this.db.query(`select ${ACCOUNT_COLUMNS} from account a where a.id = any($1::uuid[])`, [ids]);
  }

  async debtorsByIds(ids: readonly string[]): Promise<DebtorRow[]> {
    return this.db.query(
      'select id, client_id, full_name, national_id_masked, phones, addresses, employer, time_zone, id_document_type, identity_match from debtor where id = any($1::uuid[])',
      [ids],
    );
  }

  async placementsByIds(ids: readonly string[]): Promise<PlacementRow[]> {
    return this.db.query(
      'select id, client_id, name, placed_on::text, expires_on::text, status, recalled_at, created_at from placement where id = any($1::uuid[])',
      [ids],
    );
  }

  async placements(args: { first: number; after?: string; clientId?: string }) {
    const after = decodeCursor(args.after, 2) as [string, string] | null;
    const p = new Params();
    const where = ['true'];
    if (args.clientId) where.push(`client_id = ${p.add(args.clientId)}::uuid`);
    // By placement date, newest first (a back-dated file sorts where it belongs, not by upload time).
    if (after) where.push(`(placed_on, id) < (${p.add(after[0])}::date, ${p.add(after[1])}::uuid)`);
    const rows: PlacementRow[] = await this.db.query(
      `select id, client_id, name, placed_on::text, expires_on::text, status, recalled_at, created_at
       from placement where ${where.join(' and ')} order by placed_on desc, id desc limit ${args.first + 1}`,
      p.values,
    );
    return { rows, after };
  }

  async placementStats(ids: readonly string[]): Promise<{ placement_id: string; accounts: number; active: number; placed: string; currency: string }[]> {
    return this.db.query(
      `select placement_id, count(*)::int as accounts, count(*) filter (where status = 'active')::int as active,
              sum(placed_amount)::text as placed, min(currency) as currency
       from account where placement_id = any($1::uuid[]) group by placement_id`,
      [ids],
    );
  }

  async contacts(debtorId: string): Promise<{ relation: string; name: string; phone: string | null }[]> {
    return this.db.query('select relation, name, phone from debtor_contact where debtor_id = $1 order by relation, name limit 50', [debtorId]);
  }

  async bucketHistory(accountId: string) {
    return this.db.query(
      `select from_bucket, to_bucket, dpd, changed_on::text, cause from bucket_history where account_id = $1 order by changed_on desc, id desc limit 100`,
      [accountId],
    ) as Promise<{ from_bucket: string | null; to_bucket: string; dpd: number; changed_on: string; cause: string }[]>;
  }

  async assignmentHistory(accountId: string) {
    return this.db.query(
      `select collector_id, team_id, assigned_by, rule, assigned_at from assignment_history where account_id = $1 order by assigned_at desc, id desc limit 100`,
      [accountId],
    ) as Promise<{ collector_id: string | null; team_id: string | null; assigned_by: string; rule: string; assigned_at: Date }[]>;
  }
}
