import type { DataSource } from 'typeorm';

export interface VisitsDemoTenants {
  demoAgencyId: string;
  bankAId: string;
  users: Record<string, string>;
}

/**
 * Field visits in the demo: the demo collector has one visit planned for tomorrow at 10:00 Shanghai time
 * at a Bank A debtor of theirs in Shanghai. Idempotent: does nothing once the agency has a visit.
 */
export async function seedVisitsDemo(owner: DataSource, t: VisitsDemoTenants): Promise<void> {
  await owner.transaction(async (m) => {
    const [done] = await m.query(`select 1 from field_visit where agency_id = $1 limit 1`, [t.demoAgencyId]);
    if (done) return;
    const [account]: { id: string }[] = await m.query(
      `select a.id from account a join debtor d on d.client_id = a.client_id and d.id = a.debtor_id
        where a.client_id = $1 and a.assigned_collector_id = $2 and a.status = 'active' and coalesce(d.time_zone, 'Asia/Shanghai') = 'Asia/Shanghai'
        order by a.priority_score desc, a.id desc limit 1`,
      [t.bankAId, t.users.collector],
    );
    if (!account) return;
    await m.query(
      `insert into field_visit (client_id, agency_id, account_id, address, collector_ids, planned_at, planned_by, policy_version)
       values ($1, $2, $3, '上海市徐汇区漕溪北路 88 号', array[$4]::uuid[],
               ((now() at time zone 'Asia/Shanghai')::date + 1 + time '10:00') at time zone 'Asia/Shanghai', $5,
               coalesce((select max(version) from client_policy where client_id = $1 and kind = 'contact'), 0))`,
      [t.bankAId, t.demoAgencyId, account.id, t.users.collector, t.users.supervisor],
    );
  });
}
