// Goal 3's reference for the import: the same rows, already split into the tables an import writes,
// written with COPY straight into those tables as the owner (the owner bypasses RLS; indexes, foreign
// keys and triggers all run). The rows come from a finished import (bank A's), moved to a bank of their
// own with new time-ordered ids, so nothing collides and every foreign key has its parent.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

interface Split {
  table: string;
  /** The columns written: those the import's merge writes, plus the ids other rows point at. */
  columns: string;
  /** The exported rows, in the order the import wrote them; $SOURCE is bank A, $CLIENT the reference bank. */
  select: string;
}

// Parents before children, as the merge writes them.
const SPLITS: Split[] = [
  {
    table: 'debtor',
    columns: 'id, client_id, agency_id, full_name, national_id_enc, national_id_masked, identity_hash, phones, addresses, employer, time_zone',
    select: `select m.new_id, $CLIENT, d.agency_id, d.full_name, d.national_id_enc, d.national_id_masked, d.identity_hash, d.phones, d.addresses, d.employer, d.time_zone
               from debtor d join bench_ref_debtor m on m.old_id = d.id where d.client_id = $SOURCE order by m.new_id`,
  },
  {
    table: 'debtor_phone',
    columns: 'client_id, phone, debtor_id, agency_id',
    select: `select $CLIENT, p.phone, m.new_id, p.agency_id
               from debtor_phone p join bench_ref_debtor m on m.old_id = p.debtor_id where p.client_id = $SOURCE order by p.id`,
  },
  {
    table: 'debtor_contact',
    columns: 'client_id, agency_id, debtor_id, relation, name, phone',
    select: `select $CLIENT, c.agency_id, m.new_id, c.relation, c.name, c.phone
               from debtor_contact c join bench_ref_debtor m on m.old_id = c.debtor_id where c.client_id = $SOURCE order by c.id`,
  },
  {
    table: 'account',
    columns:
      'id, client_id, agency_id, placement_id, debtor_id, bank_ref, card_last4, currency, principal, interest, fees, overdue_amount, ' +
      'delinquent_since, charge_off_date, last_payment_date, last_payment_amount, dpd, bucket, aged_on, placed_on',
    select: `select am.new_id, $CLIENT, a.agency_id, $PLACEMENT, dm.new_id, a.bank_ref, a.card_last4, a.currency, a.principal, a.interest, a.fees, a.overdue_amount,
                    a.delinquent_since, a.charge_off_date, a.last_payment_date, a.last_payment_amount, a.dpd, a.bucket, a.aged_on, a.placed_on
               from account a join bench_ref_account am on am.old_id = a.id join bench_ref_debtor dm on dm.old_id = a.debtor_id
              where a.client_id = $SOURCE order by am.new_id`,
  },
  {
    table: 'bucket_history',
    columns: 'client_id, agency_id, account_id, from_bucket, to_bucket, dpd, changed_on',
    select: `select $CLIENT, h.agency_id, m.new_id, h.from_bucket, h.to_bucket, h.dpd, h.changed_on
               from bucket_history h join bench_ref_account m on m.old_id = h.account_id where h.client_id = $SOURCE order by h.id`,
  },
];

export interface CopyReference {
  ms: number;
  /** Rows and milliseconds per table (the table's COPY, its row triggers and foreign-key checks). */
  tables: Record<string, { rows: number; ms: number }>;
}

/**
 * Exports bank `sourceClientId`'s imported rows into one CSV file per table (not timed), then times
 * COPY FROM STDIN of those files into the same tables, in one transaction as the owner, and commits.
 */
export async function timeCopyReference(opts: { adminUrl: string; ownerUrl: string; sourceClientId: string; placedOn: string; dir: string }): Promise<CopyReference> {
  const admin = new pg.Client({ connectionString: opts.adminUrl });
  await admin.connect();
  const files: { split: Split; file: string }[] = [];
  try {
    const {
      rows: [bank],
    } = await admin.query(
      `insert into client (agency_id, name, code, currency, time_zone)
       select agency_id, 'Reference bank (COPY benchmark)', 'BENCH_REF', currency, time_zone from client where id = $1 returning id, agency_id`,
      [opts.sourceClientId],
    );
    const {
      rows: [placement],
    } = await admin.query(`insert into placement (client_id, agency_id, name, placed_on) values ($1, $2, 'COPY reference', $3) returning id`, [
      bank.id,
      bank.agency_id,
      opts.placedOn,
    ]);
    // New ids in the old ids' order, so the reference writes time-ordered keys as the import did.
    for (const table of ['debtor', 'account']) {
      await admin.query(
        `create unlogged table bench_ref_${table} as select old_id, uuidv7() as new_id from (select id as old_id from ${table} where client_id = $1 order by id) t`,
        [opts.sourceClientId],
      );
      await admin.query(`create index on bench_ref_${table} (old_id)`);
      await admin.query(`analyze bench_ref_${table}`);
    }
    const literal = (id: string) => `'${id}'::uuid`;
    for (const split of SPLITS) {
      const file = path.join(opts.dir, `reference-${split.table}.csv`);
      const select = split.select
        .replaceAll('$SOURCE', literal(opts.sourceClientId))
        .replaceAll('$CLIENT', literal(bank.id))
        .replaceAll('$PLACEMENT', literal(placement.id));
      await pipeline(admin.query(copyTo(`copy (${select}) to stdout with (format csv)`)), fs.createWriteStream(file));
      files.push({ split, file });
    }
    await admin.query('drop table bench_ref_debtor, bench_ref_account');
  } finally {
    await admin.end();
  }

  const owner = new pg.Client({ connectionString: opts.ownerUrl });
  await owner.connect();
  try {
    const tables: CopyReference['tables'] = {};
    const started = performance.now();
    await owner.query('begin');
    for (const { split, file } of files) {
      const t = performance.now();
      const copy = owner.query(copyFrom(`copy ${split.table} (${split.columns}) from stdin with (format csv)`));
      await pipeline(fs.createReadStream(file), copy);
      tables[split.table] = { rows: Number(copy.rowCount), ms: performance.now() - t };
    }
    await owner.query('commit');
    return { ms: performance.now() - started, tables };
  } finally {
    await owner.end();
  }
}
