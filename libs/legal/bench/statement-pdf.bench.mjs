// Renders the statement-and-history PDF 20 times. Build first: npx tsc -b libs/legal/tsconfig.lib.json
// Run: node libs/legal/bench/statement-pdf.bench.mjs
import { renderStatementPdf } from '../dist/case-file/statement-pdf.js';
const snap = {
  format: 'arrears.case-file/1', caseId: '00000000-0000-4000-8000-000000000001', generatedAt: new Date().toISOString(),
  referral: { referredAt: new Date().toISOString(), referredBy: '李主管', lawFirm: { id: 'x', name: 'Demo Law Firm' } },
  policy: { kind: 'legal_eligibility', version: 0, preset: 'cn' },
  plaintiff: { bankName: 'Demo Bank A', bankCode: 'BANK_A', legalName: '演示银行股份有限公司', creditCode: '91110000100000001A', registeredAddress: '北京市西城区金融大街 1 号', representative: '王行长' },
  debtor: { name: '张三', nationalIdMasked: '110***********1234', addresses: ['北京市朝阳区建国路 88 号'], employer: '某科技有限公司' },
  account: { bankRef: 'A00000026', cardLast4: '1234', currency: 'CNY', bucket: 'M6+', dpd: 400, placedOn: '2026-06-01' },
  statement: { source: 'account_balance', asOf: '2026-12-01', currency: 'CNY', principal: '96740.26', interest: '6803.25', fees: '459.02', balance: '104002.53', overdueAmount: '104002.53', delinquentSince: '2025-10-26', chargeOffDate: '2026-04-24', chargeOffBalance: '104002.53', lastPayment: null, payments: [] },
  contactHistory: { source: 'none_on_file', entries: [] }, letters: { source: 'none_on_file', entries: [] }, arrangements: { source: 'none_on_file', entries: [] },
  complaints: { source: 'account_holds', entries: [{ at: '2026-03-01T02:00:00Z', kind: 'dispute', summary: '对金额有异议', outcome: 'closed 2026-03-10' }] },
  authorisation: { required: true, authorisedBy: 'Bank A', authorisedAt: new Date().toISOString(), note: '授权起诉' },
  eligibility: { eligible: true, checks: [], limitation: { startsOn: '2025-10-26', restartedBy: 'delinquency', expiresOn: '2028-10-26', years: 3, timeBarred: false } },
};
const n = 20; let bytes = 0;
await renderStatementPdf(snap, null); // warm-up (font parse)
const t0 = performance.now();
for (let i = 0; i < n; i++) bytes = (await renderStatementPdf(snap, '110105199001011234')).length;
console.log(`renderStatementPdf: ${((performance.now() - t0) / n).toFixed(1)} ms per PDF, ${bytes} bytes`);
