import type { NodeResolvers } from '@arrears/graphql';
import { LawFirm } from '@arrears/platform';
import type { RequestContext } from '@arrears/tenancy';
import { DEFAULT_PROVIDERS, type CaseFileProviders } from './case-file/providers.js';
import type { LegalRuntime } from './case-file/case-file.service.js';
import { LegalCaseService } from './case/legal-case.service.js';
import { LawFirmResolver, LegalCaseResolver, LegalReferralResolver, loadLawFirm, loadLegalCase, type LegalDeps } from './legal.resolver.js';
import { LEGAL_NODE_TYPES, LegalCase, LegalRecovery } from './legal.types.js';
import type { DocumentStore } from '@arrears/storage';
import type { ProtectedData } from '@arrears/accounts';

export { LEGAL_ELIGIBILITY, type LegalEligibilityPolicy } from './eligibility/eligibility-policy.js';
export { assessEligibility, assessLimitation, type EligibilityFacts, type EligibilityResult } from './eligibility/eligibility.js';
export { transitionRefusal, CASE_STATUSES, ACTIVE_STATUSES, TERMINAL_STATUSES, type CaseStatus } from './case/status-machine.js';
export {
  DEFAULT_PROVIDERS,
  type CaseFileProviders,
  type StatementProvider,
  type ContactHistoryProvider,
  type ArrangementHistoryProvider,
  type ComplaintHistoryProvider,
  type RecoveryPoster,
  type StatementOfAccount,
  type HistorySection,
  type ConfirmedRecovery,
  type CostPoster,
  type RecordedCost,
  PostingRefused,
} from './case-file/providers.js';
export { DOMAIN_PROVIDERS } from './case-file/domain-providers.js';
export type { LegalRuntime } from './case-file/case-file.service.js';
export type { CaseFileManifest, CaseFileSnapshot } from './case-file/case-file.types.js';
export { LegalDocumentService, BANK_DOCUMENT_KINDS, BANK_DOCUMENT_ROLES, COURT_DOCUMENT_ROLES, CASE_DOCUMENT_VIEW_ROLES, type BankDocumentKind } from './documents/documents.service.js';
export { LEGAL_NODE_TYPES, LegalCase, LegalDocument, BankDocument } from './legal.types.js';
export type { LegalDeps } from './legal.resolver.js';
export { LegalCaseService } from './case/legal-case.service.js';

/** Legal's runtime from the app: the document store, the protected-data key and, optionally, other providers. */
export function legalRuntime(opts: { documents: DocumentStore; protectedData: ProtectedData; providers?: Partial<CaseFileProviders> }): LegalRuntime {
  return { documents: opts.documents, protectedData: opts.protectedData, providers: { ...DEFAULT_PROVIDERS, ...opts.providers } };
}

export const legalResolvers = [LawFirmResolver, LegalCaseResolver, LegalReferralResolver] as const;

/** Node resolvers need the runtime only to build the case service; reads never touch the documents. */
export function legalNodeResolvers(deps: LegalDeps): NodeResolvers {
  return {
    [LEGAL_NODE_TYPES.legalCase]: async (ctx: RequestContext, id: string) => {
      const row = await loadLegalCase(ctx, deps.legal, id);
      return row && LegalCase.fromRow(row);
    },
    [LEGAL_NODE_TYPES.recovery]: async (ctx: RequestContext, id: string) => {
      const [row] = await new LegalCaseService(await ctx.session.manager(), deps.legal).recoveriesByIds([id]);
      return row ? LegalRecovery.fromRow(row) : null;
    },
    LawFirm: async (ctx: RequestContext, id: string) => {
      const row = await loadLawFirm(ctx, id);
      return row && LawFirm.fromRow(row);
    },
  };
}
