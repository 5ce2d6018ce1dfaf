import type { DataSource } from 'typeorm';

export interface LettersDemoTenants {
  demoAgencyId: string;
  bankAId: string;
  bankBId: string;
  users: Record<string, string>;
}

const SMS_BODY = '{{debtorName}}您好：您在本行的账户{{reference}}尚欠{{amountDue}}，请尽快还款。如有异议请致电{{agencyPhone}}。';
const LETTER_TITLE = '关于账户{{reference}}的还款通知';
const LETTER_BODY = `尊敬的{{debtorName}}：

截至本函发出之日，您在本行的账户{{reference}}尚欠{{amountDue}}。请于收到本函后十五日内与我们联系，商定还款安排。

如您对欠款金额或债务本身有异议，请于收到本函后十五日内致电{{agencyPhone}}，我们将暂停催收并核实。`;

/**
 * Approved SMS and letter templates for both demo banks (drafted by the agency admin, approved by each
 * bank's user), and a pending one at Bank A so the bank portal has something to decide. Idempotent.
 */
export async function seedLettersDemo(owner: DataSource, t: LettersDemoTenants): Promise<void> {
  await owner.transaction(async (m) => {
    const banks = [
      { clientId: t.bankAId, approver: t.users.bankA },
      { clientId: t.bankBId, approver: t.users.bankB },
    ];
    for (const b of banks) {
      const [done] = await m.query(`select 1 from message_template where client_id = $1`, [b.clientId]);
      if (done || !b.approver) continue;
      const add = async (channel: 'sms' | 'letter', name: string, title: string | null, body: string, status: 'approved' | 'submitted') => {
        const [{ id }] = await m.query(`insert into message_template (client_id, agency_id, channel, name, created_by) values ($1, $2, $3, $4, $5) returning id`, [
          b.clientId,
          t.demoAgencyId,
          channel,
          name,
          t.users.admin,
        ]);
        await m.query(
          `insert into message_template_version (client_id, agency_id, template_id, version, title, body, agency_phone, status, created_by, created_at,
                                                 submitted_by, submitted_at, decided_by, decided_at)
           values ($1, $2, $3, 1, $4, $5, '400-800-1234', $6, $7, now() - interval '10 days', $7, now() - interval '9 days',
                   case when $6 = 'approved' then $8::uuid end, case when $6 = 'approved' then now() - interval '8 days' end)`,
          [b.clientId, t.demoAgencyId, id, title, body, status, t.users.admin, b.approver],
        );
      };
      await add('sms', '逾期提醒', null, SMS_BODY, 'approved');
      await add('letter', '催收函', LETTER_TITLE, LETTER_BODY, 'approved');
      if (b.clientId === t.bankAId) await add('sms', '还款确认', null, '{{debtorName}}您好：已收到您的还款，账户{{reference}}当前欠款{{amountDue}}。详询{{agencyPhone}}。', 'submitted');
    }
  });
}
