import type { DataSource } from 'typeorm';
import { CN_PRESET, DEFAULT_OUTCOMES } from '@arrears/contact';

export interface ContactDemoTenants {
  demoAgencyId: string;
  bankAId: string;
  bankBId: string;
  users: Record<string, string>;
}

/**
 * The contact part of the demo: Demo Bank A's contract (08:00–21:00, stricter than GB/T 45251), debtors
 * in several time zones, the same person at both banks, a debtor with two cards at one bank, a
 * person-level hold, and attempts over the last weeks in every outcome. Idempotent: does nothing when
 * Bank A already has a contact policy.
 */
export async function seedContactDemo(owner: DataSource, t: ContactDemoTenants): Promise<void> {
  await owner.transaction(async (m) => {
    const [done] = await m.query(`select 1 from client_policy where client_id = $1 and kind = 'contact'`, [t.bankAId]);
    if (done) return;
    await m.query(
      `insert into client_policy (client_id, agency_id, kind, version, preset, body, note, created_by) values ($1, $2, 'contact', 1, 'cn_gbt45251', $3::jsonb, $4, $5)`,
      [t.bankAId, t.demoAgencyId, JSON.stringify({ ...CN_PRESET, window: { start: '08:00', end: '21:00' } }), 'Bank contract: calls 08:00–21:00 only', t.users.admin],
    );
    // The collector's busiest Bank A accounts, in queue order: each gets a story.
    const mine: { id: string; debtor_id: string }[] = await m.query(
      `select id, debtor_id from account where client_id = $1 and assigned_collector_id = $2 and status = 'active' order by priority_score desc, id desc limit 6`,
      [t.bankAId, t.users.collector],
    );
    if (mine.length < 6) return;
    const zones = ['Asia/Shanghai', 'Asia/Urumqi', 'America/Los_Angeles', 'Europe/London'];
    for (const [i, tz] of zones.entries()) await m.query(`update debtor set time_zone = $3 where client_id = $1 and id = $2`, [t.bankAId, mine[i].debtor_id, tz]);

    // A second card of the same debtor at Bank A, worked by the same collector.
    await m.query(
      `insert into account (client_id, agency_id, placement_id, debtor_id, bank_ref, card_last4, currency, principal, interest, fees, overdue_amount,
                            delinquent_since, dpd, bucket, aged_on, placed_on, assigned_collector_id, assigned_at)
       select client_id, agency_id, placement_id, debtor_id, bank_ref || '-C2', '7788', currency, round(principal / 3, 2), 0, 0, round(overdue_amount / 3, 2),
              delinquent_since, dpd, bucket, aged_on, placed_on, assigned_collector_id, now()
         from account where client_id = $1 and id = $2 on conflict do nothing`,
      [t.bankAId, mine[2].id],
    );
    // Every account has its placement episode (what the import writes for placed accounts).
    await m.query(
      `insert into placement_episode (client_id, account_id, placement_id, agency_id, placed_on, bucket_at_placement, dpd_at_placement, balance_at_placement, currency)
       select a.client_id, a.id, a.placement_id, a.agency_id, a.placed_on, a.bucket, a.dpd, a.placed_amount, a.currency from account a
        where a.client_id = $1 and a.bank_ref = (select bank_ref || '-C2' from account where client_id = $1 and id = $2)
       on conflict do nothing`,
      [t.bankAId, mine[2].id],
    );

    // The same people at Demo Bank B: one to show counts crossing banks, one carrying a person-level hold.
    const others: { id: string; debtor_id: string }[] = await m.query(
      `select id, debtor_id from account where client_id = $1 and assigned_collector_id = $2 and status = 'active' order by priority_score desc, id desc limit 2`,
      [t.bankBId, t.users.collector],
    );
    for (const [i, a] of [mine[3], mine[4]].entries()) {
      if (!others[i]) continue;
      await m.query(
        `update debtor set identity_hash = (select identity_hash from debtor where client_id = $1 and id = $2) where client_id = $3 and id = $4
           and not exists (select 1 from debtor x where x.client_id = $3 and x.identity_hash = (select identity_hash from debtor where client_id = $1 and id = $2))`,
        [t.bankAId, a.debtor_id, t.bankBId, others[i].debtor_id],
      );
    }
    if (others[1]) {
      await m.query(
        `insert into account_hold (client_id, agency_id, account_id, reason, note, placed_by) values ($1, $2, $3, 'cease_request', 'Written cease request received', $4)`,
        [t.bankBId, t.demoAgencyId, others[1].id, t.users.supervisor],
      );
    }

    // Attempts over the last three weeks in every outcome, never in the last two days (the demo's fresh limits).
    const worked: { id: string; client_id: string; agency_id: string; debtor_id: string }[] = await m.query(
      `select id, client_id, agency_id, debtor_id from account where client_id = any($1::uuid[]) and assigned_collector_id = any($2::uuid[]) and status = 'active'
         and id <> all($3::uuid[]) order by priority_score desc, id limit 40`,
      [[t.bankAId, t.bankBId], [t.users.collector, t.users.collector2], [mine[0].id, mine[1].id]],
    );
    let k = 0;
    for (const a of worked) {
      for (let j = 0; j < 3; j++, k++) {
        const o = DEFAULT_OUTCOMES[k % DEFAULT_OUTCOMES.length];
        const party = o.code === 'third_party_reached' ? 'third_party' : 'debtor';
        await m.query(
          `insert into contact_attempt (client_id, agency_id, account_id, debtor_id, channel, direction, party, status, outcome_code, connected, right_party_verified, note,
                                        duration_seconds, policy_version, made_by, started_at, completed_at)
           values ($1, $2, $3, $4, 'call', 'outbound', $5, 'completed', $6, $7, $8, $9, $10, 0, $11, now() - make_interval(days => $12, hours => $13), now() - make_interval(days => $12, hours => $13))`,
          [a.client_id, a.agency_id, a.id, a.debtor_id, party, o.code, o.connected, o.disclosesDebt, `Demo: ${o.code.replace(/_/g, ' ')}`, o.connected ? 60 + (k % 7) * 30 : 0, t.users.collector, 2 + ((k * 5) % 19), 1 + (k % 9)],
        );
      }
    }
    await m.query(
      `update account a set last_contact_at = x.last from (select client_id, account_id, max(started_at) as last from contact_attempt group by 1, 2) x
        where a.client_id = x.client_id and a.id = x.account_id`,
    );
  });
}
