// Test helper: accounts written straight into the database as the owner, so GraphQL specs of the
// accounts domain do not depend on the import pipeline.
import type pg from 'pg';

export interface FixtureAccounts {
  placementId: string;
  accountIds: string[];
}

/**
 * `n` accounts for one bank: balances 1000.00, 1100.00, …; delinquent 10, 40, 70 … days before
 * 2026-11-01; debtor i is 客户i with phone 1380000{i:04} and bank ref `${prefix}-{i}`.
 */
export async function insertAccounts(owner: pg.Pool, t: { agencyId: string; clientId: string; n: number; prefix: string }): Promise<FixtureAccounts> {
  const [{ id: placementId }] = (
    await owner.query(`insert into placement (client_id, agency_id, name, placed_on) values ($1, $2, $3, '2026-10-01') returning id`, [t.clientId, t.agencyId, `${t.prefix} placement`])
  ).rows;
  await owner.query(
    `insert into debtor (client_id, agency_id, full_name, national_id_masked, identity_hash, phones, addresses)
     select $1, $2, '客户' || i, '110***********' || lpad(i::text, 4, '0'), $3 || '-' || i, array['1380000' || lpad(i::text, 4, '0')], '["北京市朝阳区"]'
     from generate_series(1, $4) i`,
    [t.clientId, t.agencyId, t.prefix, t.n],
  );
  await owner.query(
    `insert into debtor_phone (client_id, agency_id, phone, debtor_id) select client_id, agency_id, phones[1], id from debtor where client_id = $1 and identity_hash like $2 || '-%'`,
    [t.clientId, t.prefix],
  );
  await owner.query(
    `insert into debtor_contact (client_id, agency_id, debtor_id, relation, name, phone)
     select client_id, agency_id, id, 'emergency', '联系人', '13900000000' from debtor where client_id = $1 and identity_hash like $2 || '-%'`,
    [t.clientId, t.prefix],
  );
  const rows = (
    await owner.query(
      `insert into account (client_id, agency_id, placement_id, debtor_id, bank_ref, card_last4, currency, principal, interest, fees,
                            overdue_amount, delinquent_since, dpd, bucket, aged_on, placed_on)
       select d.client_id, d.agency_id, $3, d.id, $2 || '-' || g.i, lpad((g.i % 10000)::text, 4, '0'), 'CNY',
              1000 + (g.i - 1) * 100, 0, 0, 500, date '2026-11-01' - (10 + (g.i - 1) * 30), 10 + (g.i - 1) * 30,
              case when 10 + (g.i - 1) * 30 > 180 then 'M6+' else 'M' || ceil((10 + (g.i - 1) * 30) / 30.0)::int end,
              date '2026-11-01', '2026-10-01'
       from generate_series(1, $4) g(i) join debtor d on d.client_id = $1 and d.identity_hash = $2 || '-' || g.i
       order by g.i
       returning id`,
      [t.clientId, t.prefix, placementId, t.n],
    )
  ).rows;
  // Each account's placement episode, as the import records it.
  await owner.query(
    `insert into placement_episode (client_id, account_id, placement_id, agency_id, placed_on, bucket_at_placement, dpd_at_placement, balance_at_placement, currency)
     select client_id, id, placement_id, agency_id, placed_on, bucket, dpd, placed_amount, currency from account where placement_id = $1`,
    [placementId],
  );
  return { placementId, accountIds: rows.map((r: { id: string }) => r.id) };
}
