import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { CaseFileSnapshot } from './case-file.types.js';
import type { HistorySection } from './providers.js';

// A static TrueType CJK font from npm: Chinese renders without any system font (see docs/legal.md).
const FONT_PATH = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
let font: Buffer | null = null;
/** Read once per process: the file is about 10 MB, and only the glyphs used are embedded. */
const fontBytes = () => (font ??= fs.readFileSync(FONT_PATH));

const SECTION_LABELS: Record<string, string> = {
  contactHistory: '催收记录 Contact history',
  letters: '催收函件 Letters sent',
  arrangements: '承诺与分期 Promises and plans',
  complaints: '投诉与争议 Complaints and disputes',
};

/**
 * The statement-and-history PDF of a case file. The creation date is the case file's own, so the same
 * snapshot always renders the same content; `fullNationalId` is printed only here (a court filing needs it).
 */
export function renderStatementPdf(s: CaseFileSnapshot, fullNationalId: string | null): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: { Title: `Case file ${s.caseId}`, Author: 'Arrears', CreationDate: new Date(s.generatedAt) },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('cjk', fontBytes());
    doc.font('cjk');

    const heading = (text: string) => doc.moveDown(0.6).fontSize(13).text(text).moveDown(0.2).fontSize(10);
    const line = (label: string, value: string | number | null | undefined) => doc.text(`${label}：${value ?? '—'}`);

    doc.fontSize(16).text('债权及催收情况说明 Statement of account and history', { align: 'center' });
    doc.fontSize(9).text(`案件 Case ${s.caseId} · 生成 Generated ${s.generatedAt}`, { align: 'center' });

    heading('原告 Plaintiff');
    line('银行 Bank', `${s.plaintiff.bankName} (${s.plaintiff.bankCode})`);
    line('法人主体 Legal entity', s.plaintiff.legalName);
    line('统一社会信用代码 Credit code', s.plaintiff.creditCode);
    line('住所 Registered address', s.plaintiff.registeredAddress);
    line('法定代表人 Representative', s.plaintiff.representative);

    heading('被告 Debtor');
    line('姓名 Name', s.debtor.name);
    line('身份证号 National id', fullNationalId ?? s.debtor.nationalIdMasked);
    line('工作单位 Employer', s.debtor.employer);
    line('地址 Addresses', Array.isArray(s.debtor.addresses) ? s.debtor.addresses.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join('；') : null);

    heading('账户 Account');
    line('银行编号 Bank reference', s.account.bankRef);
    line('卡号后四位 Card last four', s.account.cardLast4);
    line('逾期天数 Days past due', s.account.dpd);
    line('账龄 Bucket', s.account.bucket);

    const st = s.statement;
    heading(`债权明细 Statement of account (${st.currency}, ${st.asOf})`);
    line('本金 Principal', st.principal);
    line('利息 Interest', st.interest);
    line('费用 Fees', st.fees);
    // Case files assembled before the ledger existed have no late charges, costs or credit.
    if (st.lateCharges !== undefined) line('违约金/滞纳金 Late charges', st.lateCharges);
    if (st.costs !== undefined) line('诉讼及催收费用 Costs', st.costs);
    if (st.credit !== undefined && st.credit !== '0.00') line('溢缴款 Credit', st.credit);
    line('欠款总额 Balance', st.balance);
    line('逾期起始日 Delinquent since', st.delinquentSince);
    line('核销日 Charge-off date', st.chargeOffDate);
    line('核销时余额 Charge-off balance', st.chargeOffBalance === null ? null : `${st.chargeOffBalance}${st.chargeOffBalanceBasis ? ` (${st.chargeOffBalanceBasis})` : ''}`);
    line('最后还款 Last payment', st.lastPayment ? `${st.lastPayment.date} ${st.lastPayment.amount ?? ''}` : '无 none');
    doc.text(`还款记录 Payments：${st.payments.length ? '' : '无记录 none on file'}`);
    for (const p of st.payments) {
      const status = p.status === 'reversed' ? `  已冲正 reversed ${p.reversal?.on ?? ''} ${p.reversal?.reason ?? ''}` : '';
      doc.text(`  ${p.date}  ${p.amount}  ${p.reference ?? ''}${p.channel ? `  ${p.channel}` : ''}${status}`);
    }
    if (st.lines?.length) {
      doc.text('账务明细 Ledger movements (本金 principal / 利息 interest / 费用 fees / 滞纳金 late charges / 诉讼费用 costs = 合计 total)：');
      for (const l of st.lines) {
        doc.text(`  ${l.date}  ${l.kind}  ${l.principal} / ${l.interest} / ${l.fees} / ${l.lateCharges} / ${l.costs} = ${l.total}${l.reference ? `  ${l.reference}` : ''}`);
      }
    }
    doc.fontSize(8).text(`数据来源 Source: ${st.source}`).fontSize(10);

    for (const key of ['contactHistory', 'letters', 'arrangements', 'complaints'] as const) {
      const section: HistorySection = s[key];
      heading(SECTION_LABELS[key]);
      if (!section.entries.length) doc.text('无记录 None on file');
      for (const e of section.entries) doc.text(`${e.at.slice(0, 16).replace('T', ' ')}  ${e.kind}  ${e.summary}${e.outcome ? ` → ${e.outcome}` : ''}`);
    }

    heading('银行授权 Bank authorisation');
    if (!s.authorisation.required) doc.text('该委托方政策不要求授权 Not required by the client policy');
    else line('授权人 Authorised by', s.authorisation.authorisedBy ? `${s.authorisation.authorisedBy} · ${s.authorisation.authorisedAt}` : null);
    if (s.authorisation.note) line('说明 Note', s.authorisation.note);

    heading('诉讼时效 Limitation');
    const l = s.eligibility.limitation;
    line('起算日 Runs from', `${l.startsOn} (${l.restartedBy})`);
    line('届满日 Ends', l.expiresOn);
    doc.end();
  });
}
