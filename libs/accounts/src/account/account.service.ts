import type { EntityManager } from 'typeorm';
import { notHeld } from '../holds/hold.service.js';
import { decodeCursor, toConnection, type ConnectionResult } from '@arrears/graphql';
import { ACCOUNT_COLUMNS, Account, CLIENT_COLUMNS, DEBTOR_COLUMNS, type AccountRow, type ClientColumn, type DebtorColumn, type DebtorRow, type PlacementRow } from './account.types.js';
import { accountConditions, keysetCondition, Params, type AccountCriteria, type SortColumn } from './account-query.js';
import type { ContactableFilter } from '../queue/contactability.js';
import { queueFilterSql, showsHeld, type QueueCriteria } from '../queue/queue-filter.js';

export interface AccountListArgs {
  first: number;
  after?: string;
  criteria: AccountCriteria;
  sort: SortColumn;
  direction: 'asc' | 'desc';
  joins?: AccountJoins;
}

/**
 * What a read joins to each account row because the response will show it (GraphQL look-ahead):
 * the debtor and the bank then come with the accounts in one statement instead of a second query.
 */
export interface AccountJoins {
  debtor?: boolean;
  /** The debtor columns to read (debtorColumnsFor); every column when absent. */
  debtorColumns?: readonly DebtorColumn[];
  client?: boolean;
  /** The bank columns to read (clientColumnsFor); every column when absent. */
  clientColumns?: readonly ClientColumn[];
  /** The account columns to read (accountColumnsFor); every column when absent. */
  columns?: string;
}

/** Extra columns and joins for `joins`. Left joins: a row the policies hide never drops its account. */
function joinSql(joins: AccountJoins | undefined): { columns: string; from: string } {
  let columns = '';
  let from = '';
  if (joins?.debtor) {
    columns += (joins.debtorColumns ?? DEBTOR_COLUMNS).map((f) => `, d.${f} as "debtor.${f}"`).join('');
    from += ' left join debtor d on d.client_id = a.client_id and d.id = a.debtor_id';
  }
  if (joins?.client) {
    columns += (joins.clientColumns ?? CLIENT_COLUMNS).map((f) => `, c.${f} as "client.${f}"`).join('');
    from += ' left join client c on c.id = a.client_id';
  }
  return { columns, from };
}

/**
 * Moves the joined columns of each row into joined_debtor / joined_client (the columns read). A page's
 * accounts share a few banks: rows of the same bank share one joined_client, so the bank's object is
 * built once per page, not once per row (the client field resolver relies on it).
 */
function splitJoined(rows: Record<string, any>[], joins: AccountJoins | undefined): AccountRow[] {
  if (!joins?.debtor && !joins?.client) return rows as unknown as AccountRow[];
  const debtorColumns = joins.debtorColumns ?? DEBTOR_COLUMNS;
  const clientColumns = joins.clientColumns ?? CLIENT_COLUMNS;
  // The result's names of the joined columns, made once per page rather than once per row and column.
  const debtorKeys = debtorColumns.map((c) => `debtor.${c}`);
  const clientKeys = clientColumns.map((c) => `client.${c}`);
  const clients = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    if (joins.debtor && r['debtor.id'] !== null) {
      const debtor: Record<string, unknown> = {};
      for (let i = 0; i < debtorKeys.length; i++) debtor[debtorColumns[i]] = r[debtorKeys[i]];
      r.joined_debtor = debtor;
    }
    const clientId = joins.client ? r['client.id'] : null;
    if (clientId !== null) {
      let client = clients.get(clientId);
      if (!client) {
        client = {};
        for (let i = 0; i < clientKeys.length; i++) client[clientColumns[i]] = r[clientKeys[i]];
        clients.set(clientId, client);
      }
      r.joined_client = client;
    }
  }
  return rows as unknown as AccountRow[];
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
    const j = joinSql(args.joins);
    const rows = splitJoined(
      await this.db.query(
        `select ${args.joins?.columns ?? ACCOUNT_COLUMNS}${j.columns} from account a${j.from} where ${where.join(' and ')}
         order by a.${args.sort} ${args.direction}, a.id ${args.direction} limit ${args.first + 1}`,
        p.values,
      ),
      args.joins,
    );
    return toConnection(rows, args.first, (r) => [r[args.sort], r.id], Account.fromRow, !!after, async () => {
      const [{ n }] = await this.db.query(`select count(*)::int as n from account a where ${countWhere.join(' and ')}`, countParams);
      return n;
    });
  }

  async byIds(ids: readonly string[], joins?: AccountJoins): Promise<AccountRow[]> {
    const j = joinSql(joins);
    // One id (an account opened by id) as `=`: PostgreSQL keeps a generic plan of the prepared statement
    // for it, where `= any(array)` is planned again on every run (its generic plan guesses ten rows).
    const [match, param] = ids.length === 1 ? ['a.id = $1::uuid', ids[0]] : ['a.id = any($1::uuid[])', ids];
    return splitJoined(await this.db.query(`select ${joins?.columns ?? ACCOUNT_COLUMNS}${j.columns} from account a${j.from} where ${match}`, [param]), joins);
  }

  /**
   * A collector's work queue: active accounts assigned to them, highest priority first; not on hold and
   * kept by `contactable` (the contact domain's SQL for "may be contacted now") unless `includeBlocked`,
   * narrowed by the collector's `criteria`. One statement for the page, one for the count.
   */
  async queue(args: {
    collectorId: string;
    first: number;
    after?: string;
    joins?: AccountJoins;
    includeBlocked?: boolean;
    contactable?: ContactableFilter | null;
    criteria?: QueueCriteria | null;
  }): Promise<ConnectionResult<Account>> {
    const after = decodeCursor(args.after, 2) as [string, string] | null;
    const p = new Params();
    const where = [`a.assigned_collector_id = ${p.add(args.collectorId)}`, `a.status = 'active'`];
    const notHeldSql = notHeld('a');
    let gateJoins = '';
    let gate: { page: string[]; count: string[] } = { page: [], count: [] };
    // Held accounts are blocked for the contact gate: asking for them shows them as includeBlocked would.
    if (!args.includeBlocked && !showsHeld(args.criteria)) {
      where.push(notHeldSql);
      if (args.contactable) {
        const f = args.contactable(p, { collectorId: args.collectorId });
        gateJoins = f.joins;
        gate = { page: f.conditions, count: f.countConditions ?? f.conditions };
      }
    }
    const narrowed = args.criteria ? queueFilterSql(args.criteria, p, notHeldSql) : '';
    if (narrowed) where.push(`true ${narrowed}`);
    const countWhere = [...where, ...gate.count];
    const countParams = [...p.values];
    where.push(...gate.page);
    if (after) where.push(`(a.priority_score, a.id) < (${p.add(after[0])}::numeric, ${p.add(after[1])}::uuid)`);
    const j = joinSql(args.joins);
    const rows = splitJoined(
      await this.db.query(
        // The page's accounts are chosen from the queue index alone (it carries what the filters read), and
        // only the chosen rows are read whole: a page of 50 costs 51 row reads however many accounts the
        // contact clock passes over.
        `select ${args.joins?.columns ?? ACCOUNT_COLUMNS}${j.columns}
           from (select a.client_id, a.id from account a${gateJoins}
                  where ${where.join(' and ')}
                  order by a.priority_score desc, a.id desc limit ${args.first + 1}) qp
           join account a on a.client_id = qp.client_id and a.id = qp.id${j.from}
          order by a.priority_score desc, a.id desc`,
        p.values,
      ),
      args.joins,
    );
    return toConnection(rows, args.first, (r) => [r.priority_score, r.id], Account.fromRow, !!after, async () => {
      const [{ n }] = await this.db.query(`select count(*)::int as n from account a${gateJoins} where ${countWhere.join(' and ')}`, countParams);
      return n;
    });
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

  /** Third-party contacts of many debtors in one statement (DataLoader batch), at most 50 each. */
  async contactsOf(debtorIds: readonly string[]): Promise<{ debtor_id: string; relation: string; name: string; phone: string | null }[]> {
    return this.db.query(
      `select debtor_id, relation, name, phone from (
         select debtor_id, relation, name, phone, row_number() over (partition by debtor_id order by relation, name) as n
         from debtor_contact where debtor_id = any($1::uuid[])) c
       where n <= 50 order by debtor_id, relation, name`,
      [debtorIds],
    );
  }

  /** Bucket changes of many accounts in one statement, newest first, at most 100 each. */
  async bucketHistoryOf(accountIds: readonly string[]) {
    return this.db.query(
      `select account_id, from_bucket, to_bucket, dpd, changed_on::text, cause from (
         select account_id, from_bucket, to_bucket, dpd, changed_on, cause, id, row_number() over (partition by account_id order by changed_on desc, id desc) as n
         from bucket_history where account_id = any($1::uuid[])) h
       where n <= 100 order by account_id, changed_on desc, id desc`,
      [accountIds],
    ) as Promise<{ account_id: string; from_bucket: string | null; to_bucket: string; dpd: number; changed_on: string; cause: string }[]>;
  }

  /** Assignments of many accounts in one statement, newest first, at most 100 each. */
  async assignmentHistoryOf(accountIds: readonly string[]) {
    return this.db.query(
      `select account_id, collector_id, team_id, assigned_by, rule, assigned_at from (
         select account_id, collector_id, team_id, assigned_by, rule, assigned_at, id, row_number() over (partition by account_id order by assigned_at desc, id desc) as n
         from assignment_history where account_id = any($1::uuid[])) h
       where n <= 100 order by account_id, assigned_at desc, id desc`,
      [accountIds],
    ) as Promise<{ account_id: string; collector_id: string | null; team_id: string | null; assigned_by: string; rule: string; assigned_at: Date }[]>;
  }
}
