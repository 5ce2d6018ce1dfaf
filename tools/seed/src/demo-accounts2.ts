import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { applyAgingAfterBalanceChange, localDate, PlacementExpiryService, PlacementImporter, refreshPortfolioSnapshot, type ProtectedData } from '@arrears/accounts';
import type { Principal } from '@arrears/tenancy';
import type { DemoTenants } from './demo-seed.js';

const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The accounts second pass in the demo: placement episodes for the seeded book, an account rolled
 * back a bucket by a balance update (with its history), and Demo Bank A's placements nearing expiry —
 * one with an extension (留案) the bank approved, one with a request still waiting. Idempotent.
 */
export async function seedAccountsSecondPass(owner: DataSource, t: DemoTenants, protect: ProtectedData): Promise<void> {
  const today = localDate('Asia/Shanghai');
  await passportAcrossTwoFiles(owner, t, protect, today);
  await owner.transaction(async (m) => {
    await m.query(
      `insert into placement_episode (client_id, account_id, placement_id, agency_id, placed_on, bucket_at_placement, dpd_at_placement, balance_at_placement, currency, collected)
       select client_id, id, placement_id, agency_id, placed_on, bucket, dpd, placed_amount, currency, collected from account
        where client_id = any($1::uuid[])
       on conflict do nothing`,
      [[t.bankAId, t.bankBId]],
    );

    // A cardholder of Demo Bank A brought an M3 account back: the bank's balance update moves the
    // delinquency forward to 20 days ago, and the aging rule rolls it back to M1 with history.
    const [m3] = await m.query(`select id from account where client_id = $1 and status = 'active' and bucket = 'M3' order by bank_ref limit 1`, [t.bankAId]);
    if (m3) {
      await m.query(`update account set delinquent_since = $2::date - 19, overdue_amount = least(overdue_amount, 300) where id = $1`, [m3.id, today]);
      await applyAgingAfterBalanceChange(m, [m3.id]);
    }

    // Demo Bank A's two newest placements near their expiry; the bank approved one extension.
    const placements: { id: string }[] = await m.query(`select id from placement where client_id = $1 and status = 'active' order by placed_on desc, id limit 2`, [t.bankAId]);
    const as = (userId: string, role: Principal['role']): Principal => ({ userId, agencyId: t.demoAgencyId, role, clientIds: [t.bankAId], lawFirmId: null, email: '', displayName: '' });
    const expiry = new PlacementExpiryService(m);
    for (const [i, p] of placements.entries()) {
      await m.query(`update placement set expires_on = $2 where id = $1`, [p.id, plusDays(today, 10 + i * 5)]);
      const [{ expires_on }] = await m.query(`select expires_on::text from placement where id = $1`, [p.id]);
      const requested = await expiry.request(as(t.users.supervisor, 'supervisor'), p.id, plusDays(expires_on, 30), '还款计划执行中，申请留案 30 天');
      if (i === 0 && requested && !('code' in requested)) await expiry.decide(as(t.users.bankA, 'client_user'), requested.id, true);
    }
    await refreshPortfolioSnapshot(m, [t.bankAId, t.bankBId]);
  });
}

/** A Hong Kong cardholder with a passport, placed by Demo Bank A in two files: one person. */
async function passportAcrossTwoFiles(owner: DataSource, t: DemoTenants, protect: ProtectedData, today: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-demo-'));
  const importer = new PlacementImporter({ protectedData: protect });
  const head = '账号,客户姓名,证件类型,证件号码,手机号,本金,逾期金额,逾期天数';
  try {
    for (const [name, row] of [
      ['护照客户-信用卡.csv', 'A-PASSPORT-1,陈大文,护照,K12345678,13800138000,8800.00,2600.00,45'],
      ['护照客户-分期.csv', 'A-PASSPORT-2,陈大文,护照,K12345678,13800138000,15000.00,3100.00,20'],
    ]) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, `${head}\n${row}\n`);
      await importer.run({ dataSource: owner, claims: { userId: t.users.supervisor, agencyId: t.demoAgencyId }, clientId: t.bankAId, filePath: file, fileName: name, placedOn: today });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
