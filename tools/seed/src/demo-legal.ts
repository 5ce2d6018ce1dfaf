import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ProtectedData } from '@arrears/accounts';
import { hashPassword } from '@arrears/auth';
import { DOMAIN_PROVIDERS, LEGAL_ELIGIBILITY, legalRuntime, LegalCaseService as LegalCases, type CaseStatus } from '@arrears/legal';
import type { DocumentStore } from '@arrears/storage';
import { withTenant } from '@arrears/tenancy';

/** A one-page PDF with one line of ASCII text: stands in for a bank's scanned document. */
function tinyPdf(text: string): Buffer {
  const stream = `BT /F1 14 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export interface LegalSeedTenants {
  demoAgencyId: string;
  bankAId: string;
  bankBId: string;
  users: Record<string, string>;
}

/** Eligible-looking accounts of a bank (the legal lib checks every rule again when they are referred). */
async function candidates(m: EntityManager, clientId: string, n: number): Promise<{ id: string; bank_ref: string }[]> {
  return m.query(
    `select a.id, a.bank_ref from account a
      where a.client_id = $1 and a.status = 'active' and a.bucket = 'M6+' and a.dpd between 200 and 700 and a.total_due >= 8000
        and (a.last_payment_date is null or a.last_payment_date < current_date - 120)
      order by a.dpd desc, a.id limit $2`,
    [clientId, n],
  );
}

/**
 * The legal part of the demo: firm details and a second firm with its own lawyer (to show isolation),
 * charge-off dates on M6+ accounts, each bank's plaintiff entity and documents, and the second firm's
 * cases in several states. The demo lawyer's own firm starts with no case, so the first referral a
 * user makes is the one case they see. Runs once, with the rest of the demo.
 */
export async function seedLegalDemo(owner: DataSource, t: LegalSeedTenants, opts: { documents?: DocumentStore; dataEncryptionKey: string }): Promise<void> {
  const demoFirm = await owner.transaction(async (m) => {
    await m.query(`update account set charge_off_date = delinquent_since + 180 where client_id = any($1::uuid[]) and bucket = 'M6+' and charge_off_date is null`, [[t.bankAId, t.bankBId]]);
    const [firm] = await m.query(
      `update law_firm set contact_name = '陈律师', contact_phone = '010-65550100', contact_email = 'cases@demo-lawfirm.test', regions = '{北京,天津,河北}',
              courts = '{北京市朝阳区人民法院,北京市海淀区人民法院}', fee_basis = 'risk_agency', fee_rate = 0.25 where agency_id = $1 and name = 'Demo Law Firm' returning id`,
      [t.demoAgencyId],
    );
    const [second] = await m.query(
      `insert into law_firm (agency_id, name, contact_name, contact_phone, regions, courts, fee_basis, fixed_fee)
       values ($1, '华诚律师事务所', '周律师', '021-63330200', '{上海,江苏,浙江}', '{上海市浦东新区人民法院}', 'fixed', 3000)
       on conflict (agency_id, name) do update set name = excluded.name returning id`,
      [t.demoAgencyId],
    );
    const [lawyer] = await m.query(
      `insert into app_user (agency_id, email, display_name, role, law_firm_id, password_hash) values ($1, 'lawyer@huacheng-law.test', '周律师', 'lawyer', $2, $3)
       on conflict (email) do update set display_name = excluded.display_name returning id`,
      [t.demoAgencyId, second.id, await hashPassword('arrears-demo')],
    );
    for (const [clientId, name, code] of [
      [t.bankAId, '演示银行股份有限公司', '91110000100000001A'],
      [t.bankBId, '示范商业银行股份有限公司', '91310000100000002B'],
    ]) {
      await m.query(
        `insert into legal_plaintiff (client_id, agency_id, legal_name, credit_code, registered_address, representative, updated_by)
         values ($1, $2, $3, $4, '北京市西城区金融大街 1 号', '王行长', $5) on conflict (client_id) do nothing`,
        [clientId, t.demoAgencyId, name, code, t.users.admin],
      );
    }
    // Both demo banks' contracts require their authorisation before a suit (a tightening of the preset).
    for (const clientId of [t.bankAId, t.bankBId]) {
      await m.query(
        `insert into client_policy (client_id, kind, version, agency_id, preset, body, note, created_by)
         values ($1, $2, 1, $3, 'cn', $4, '合同约定：起诉须经银行授权', $5) on conflict do nothing`,
        [clientId, LEGAL_ELIGIBILITY.kind, t.demoAgencyId, JSON.stringify({ ...LEGAL_ELIGIBILITY.presets.cn, bankAuthorisationRequired: true }), t.users.admin],
      );
    }
    return { id: firm.id as string, secondId: second.id as string, secondLawyer: lawyer.id as string };
  });
  if (!opts.documents) return;

  const store = opts.documents;
  const rt = legalRuntime({ documents: store, protectedData: new ProtectedData(opts.dataEncryptionKey), providers: DOMAIN_PROVIDERS });
  const withDocs = await owner.transaction(async (m) => {
    const a = await candidates(m, t.bankAId, 4);
    const b = await candidates(m, t.bankBId, 6);
    for (const [clientId, accounts, uploader] of [
      [t.bankAId, a, t.users.bankA],
      [t.bankBId, b, t.users.bankB],
    ] as const) {
      for (const acc of accounts) {
        for (const kind of ['card_agreement', 'application']) {
          const id = randomUUID();
          const body = tinyPdf(`${kind} ${acc.bank_ref}`);
          const stored = await store.put(`${t.demoAgencyId}/${clientId}/legal/bank-documents/${acc.id}/${id}-${kind}.pdf`, body, { contentType: 'application/pdf', maxBytes: 1_000_000 });
          await m.query(
            `insert into legal_bank_document (client_id, id, agency_id, account_id, kind, file_name, content_type, storage_key, sha256, size_bytes, uploaded_by)
             values ($1, $2, $3, $4, $5, $6, 'application/pdf', $7, $8, $9, $10)`,
            [clientId, id, t.demoAgencyId, acc.id, kind, `${kind}.pdf`, stored.key, stored.sha256, stored.size, uploader],
          );
        }
      }
    }
    return b.map((x) => x.id);
  });

  // Bank B's cases with the second firm, walked through the real services as the people who act.
  const as = <T>(userId: string, work: (svc: LegalCases, m: EntityManager, p: Parameters<LegalCases['refer']>[0]) => Promise<T>) =>
    withTenant(owner, { userId, agencyId: t.demoAgencyId }, (m, p) => work(new LegalCases(m, rt), m, p));
  const referred = await as(t.users.supervisor, (svc, _m, p) => svc.refer(p, withDocs.slice(0, 5), demoFirm.secondId, '演示：批量移交'));
  if (!('cases' in referred) || referred.cases.length === 0) return;
  const ids = referred.cases.map((c) => c.id);
  // The last one stays with the bank, waiting for its authorisation.
  for (const id of ids.slice(0, -1)) await as(t.users.bankB, (svc, _m, p) => svc.authorise(p, id, true, '同意起诉'));
  const paths: CaseStatus[][] = [
    ['accepted', 'filed'],
    ['accepted', 'pre_suit_mediation'],
    ['accepted', 'filed', 'hearing', 'judgment', 'enforcement'],
    ['accepted', 'filed', 'hearing', 'judgment', 'closed'],
  ];
  for (const [i, steps] of paths.entries()) {
    const id = ids[i];
    if (!id || i >= ids.length - 1) break;
    for (const to of steps) await as(demoFirm.secondLawyer, (svc, _m, p) => svc.move(p, id, to, { court: to === 'filed' ? '上海市浦东新区人民法院' : null }));
    if (steps.includes('filed')) await as(demoFirm.secondLawyer, (svc, _m, p) => svc.recordCost(p, id, { kind: 'court_fee', amount: '350.00', incurredOn: new Date().toISOString().slice(0, 10) }));
    if (steps.includes('enforcement') || steps.includes('closed')) {
      await as(demoFirm.secondLawyer, (svc, _m, p) => svc.recordRecovery(p, id, { amount: '2000.00', receivedOn: new Date().toISOString().slice(0, 10), note: '法院执行划扣' }));
    }
  }
}
