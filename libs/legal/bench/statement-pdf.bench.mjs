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
  // A ledger-backed file of a worked account: 24 ledger movements, 12 payments (one reversed), 40 contact
  // attempts, 6 promises and plans, 2 complaints.
  statement: {
    source: 'ledger', asOf: '2026-12-01', currency: 'CNY', principal: '96740.26', interest: '6803.25', fees: '459.02', lateCharges: '1200.00', costs: '850.00', credit: '0.00',
    balance: '106052.53', overdueAmount: '104002.53', delinquentSince: '2025-10-26', chargeOffDate: '2026-04-24', chargeOffBalance: '104002.53', chargeOffBalanceBasis: 'ledger',
    lastPayment: { date: '2026-08-01', amount: '500.00' },
    payments: Array.from({ length: 12 }, (_, i) => ({ date: `2026-0${(i % 9) + 1}-15`, amount: '500.00', reference: `TXN-${i}`, status: i === 3 ? 'reversed' : 'posted', channel: 'agency', reversal: i === 3 ? { on: '2026-05-02', reason: '退票' } : null })),
    lines: Array.from({ length: 24 }, (_, i) => ({ date: `2026-0${(i % 9) + 1}-15`, kind: i === 0 ? 'placement_opening' : 'payment', principal: '0.00', interest: '-200.00', fees: '-100.00', lateCharges: '-100.00', costs: '-100.00', credit: '0.00', total: '-500.00', reference: `payment TXN-${i}` })),
  },
  contactHistory: { source: 'contact_attempts', entries: Array.from({ length: 40 }, (_, i) => ({ at: '2026-03-01T02:00:00Z', kind: 'call outbound debtor', summary: '客户称下月还款 · 95s', outcome: i % 5 ? 'no_answer' : 'promise_to_pay' })) },
  letters: { source: 'none_on_file', entries: [] },
  arrangements: { source: 'payments', entries: Array.from({ length: 6 }, (_, i) => ({ at: '2026-03-01T02:00:00Z', kind: i % 2 ? 'repayment_plan' : 'promise_to_pay', summary: '3000.00 CNY due 2026-04-01', outcome: 'broken, paid 0.00' })) },
  complaints: { source: 'complaints', entries: [{ at: '2026-03-01T02:00:00Z', kind: 'complaint', summary: 'CMP-2026-0001 · wrong_amount · MEDIUM · DEBTOR', outcome: 'closed, not_upheld' }, { at: '2026-03-01T02:00:00Z', kind: 'dispute', summary: '对金额有异议', outcome: 'closed 2026-03-10' }] },
  authorisation: { required: true, authorisedBy: 'Bank A', authorisedAt: new Date().toISOString(), note: '授权起诉' },
  eligibility: { eligible: true, checks: [], limitation: { startsOn: '2025-10-26', restartedBy: 'delinquency', expiresOn: '2028-10-26', years: 3, timeBarred: false } },
};
const n = 20; let bytes = 0;
await renderStatementPdf(snap, null); // warm-up (font parse)
const t0 = performance.now();
for (let i = 0; i < n; i++) bytes = (await renderStatementPdf(snap, '110105199001011234')).length;
console.log(`renderStatementPdf: ${((performance.now() - t0) / n).toFixed(1)} ms per PDF, ${bytes} bytes`);
