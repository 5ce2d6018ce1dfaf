import type { DataSource } from 'typeorm';
import type { DemoTenants } from './demo-seed.js';

const GUARANTORS: [string, string, string][] = [
  ['王建国', 'parent', '父亲'],
  ['李秀英', 'spouse', '配偶'],
  ['张伟', 'sibling', '哥哥'],
  ['刘洋', 'friend', '朋友'],
];

/**
 * The accounts third pass in the demo: guarantors (担保人) on every tenth active account of Demo Bank A
 * and a co-borrower (共同借款人) on every thirtieth, so the account page shows the parties. Idempotent.
 */
export async function seedAccountsThirdPass(owner: DataSource, t: DemoTenants): Promise<void> {
  const accounts: { id: string }[] = await owner.query(`select id from account where client_id = $1 and status = 'active' order by bank_ref limit 300`, [t.bankAId]);
  const rows = accounts.flatMap((a, i) => {
    const out: [string, string, string, string, string, string][] = [];
    if (i % 10 === 0) {
      const [name, code, text] = GUARANTORS[(i / 10) % GUARANTORS.length];
      out.push([a.id, 'guarantor', code, text, name, `1390000${String(i).padStart(4, '0')}`]);
    }
    if (i % 30 === 0) out.push([a.id, 'co_borrower', 'spouse', '配偶', '陈静', `1370000${String(i).padStart(4, '0')}`]);
    return out;
  });
  if (!rows.length) return;
  await owner.query(
    `insert into account_party (client_id, agency_id, account_id, role, relation_code, relation_text, name, phone)
     select $1, $2, r.account_id, r.role, r.code, r.text, r.name, r.phone
       from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) r(account_id, role, code, text, name, phone)
     on conflict (client_id, account_id, role, name) do nothing`,
    [t.bankAId, t.demoAgencyId, ...[0, 1, 2, 3, 4, 5].map((k) => rows.map((r) => r[k]))],
  );
}
