import type { NodeResolvers } from '@arrears/graphql';
import { AccountMoneyResolver, loadPayment, loadPlan, MoneyResolver, PlanStepResolver, RepaymentPlanResolver } from './payments.resolver.js';
import { Payment, PAYMENTS_NODE_TYPES, RepaymentPlan } from './payments.types.js';
import { loadPaymentImport, PaymentImport, PaymentImportResolver, PAYMENT_IMPORT_NODE_TYPE } from './import/payment-import.resolver.js';

export { COMPONENTS, type Component, type Breakdown } from './rules/components.js';
export { allocatePayment, allocateToInstallments, DEFAULT_ALLOCATION_ORDER } from './rules/allocation.js';
export { buildSchedule, MAX_PLAN_MONTHS } from './rules/schedule.js';
export { requiredApprover, mayDecide, APPROVAL_LEVELS, type ApprovalLevel, type ApprovalLimits } from './rules/approval.js';
export { evaluatePromises } from './rules/promise-evaluation.js';
export { APPROVAL_LIMITS, ALLOCATION_ORDER, PROMISE_RULES } from './rules/policies.js';
export { LedgerService, LEDGER_KINDS, type LedgerKind, type LedgerMismatch } from './ledger/ledger.service.js';
export { PaymentService, PaymentRefusal, type PaymentRow } from './payment/payment.service.js';
export { PromiseService, evaluateDuePromises } from './promise/promise.service.js';
export { PlanService, PlanRefusal, PLAN_HOLD_SOURCE } from './plan/plan.service.js';
export { collectionReportRows, COLLECTION_REPORT_COLUMNS, type CollectionReportRow } from './report/collection-report.js';
export { writeCollectionReport, type ReportFormat } from './report/report-file.js';

export { PaymentImportService, paymentRejectionsCsv, type PaymentImportRow } from './import/payment-import.service.js';
export { PAYMENT_FILE_KINDS, PAYMENT_FILE_FIELDS, type PaymentFileKind } from './import/payment-file.js';
export { PAYMENT_IMPORT_NODE_TYPE } from './import/payment-import.resolver.js';

export const paymentsResolvers = [AccountMoneyResolver, RepaymentPlanResolver, PlanStepResolver, MoneyResolver, PaymentImportResolver] as const;

export const paymentsNodeResolvers: NodeResolvers = {
  [PAYMENTS_NODE_TYPES.payment]: async (ctx, id) => {
    const row = await loadPayment(ctx, id);
    return row && Payment.fromRow(row);
  },
  [PAYMENTS_NODE_TYPES.plan]: async (ctx, id) => {
    const row = await loadPlan(ctx, id);
    return row && RepaymentPlan.fromRow(row);
  },
  [PAYMENT_IMPORT_NODE_TYPE]: async (ctx, id) => {
    const row = await loadPaymentImport(ctx, id);
    return row && PaymentImport.fromRow(row);
  },
};
export { postLegalRecovery, postLegalCost, legalRecoveryRef, lastPaymentDates, accountsWithActivePlan } from './legal-posting.js';
export { paymentsJobs, arrangementsSweep, runArrangements, ARRANGEMENTS_CRONTAB, type ArrangementRun } from './jobs/arrangements-job.js';
export { paymentsRecallParticipant } from './recall/recall-participant.js';
export { CreditService, CreditRefusal } from './credit/credit.service.js';
export { paymentsCreditResolvers } from './credit/index.js';
