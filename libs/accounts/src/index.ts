import type { DataSource } from 'typeorm';
import type { NodeResolvers } from '@arrears/graphql';
import { Account, ACCOUNT_NODE_TYPES, Placement } from './account/account.types.js';
import { loadTeam, TeamResolver, TEAM_NODE_TYPE, TEAM_ROLES } from './assignment/team.resolver.js';
import { importNodeResolvers, importResolvers } from './import/index.js';
import { AccountHoldsResolver, HoldResolver } from './holds/hold.resolver.js';
import { PlacementExpiryResolver } from './placement/placement-expiry.resolver.js';
import { AccountPartiesResolver } from './parties/party.resolver.js';
import { AccountResolver, AssignmentChangeResolver, DebtorResolver, loadAccount, loadDebtor, loadPlacement, PlacementResolver, PortfolioResolver, PortfolioSummaryResolver } from './account/account.resolver.js';

/** What accounts resolvers need from the app that assembles them. */
export interface AccountsDeps {
  dataSource: DataSource;
  log: (msg: string, extra?: object) => void;
}

export { bucketFor, daysPastDue, localDate, BUCKETS, CHINA_BAND_STARTS, type Bucket, type BandStarts } from './aging/aging.js';
export { recomputeAging, applyAgingAfterBalanceChange, type AgingResult, type AsOfByClient } from './aging/aging.service.js';
export { BUCKET_BANDS, bandStarts, type BucketBands } from './aging/bucket-bands.js';
export { QUEUE_WEIGHTS, type QueueWeights } from './queue/priority.js';
export { refreshPortfolioSnapshot, creditPlacementEpisode } from './portfolio/portfolio.service.js';
export { PlacementExpiryService } from './placement/placement-expiry.service.js';
export { purgeDepartedAccounts, type PurgeReport } from './privacy/purge.service.js';
export { reencryptNationalIds, rehashDebtors, type RotationReport, type RotationOptions } from './privacy/key-rotation.js';
export { PARTY_KINDS, PARTY_ROLES, RELATION_CODES, contactKindOf, relationCodeOf, type PartyKind, type PartyRole, type RelationCode } from './parties/parties.js';
export { writeReturnFile, type ReturnSelection, type ReturnFileFormat, type ReturnFileLanguage } from './placement/return-file.js';
export { Refused, RefusalParam } from './refusal.types.js';
export { ProtectedData, type KeyRing, maskNationalId, maskPhone, normalisePhone, isValidChineseNationalId } from './protected-data.js';
export { priorityScore, priorityFactors } from './queue/priority.js';
export { accountConditions, Params, prefixUpperBound } from './account/account-query.js';
export { registerQueueGate, queueGate, type QueueGate, type ContactableFilter, type QueueFilterSql, type QueueStanding } from './queue/contactability.js';
export { AssignmentService } from './assignment/assignment.service.js';
export { HoldService, HOLD_REASONS, PERSON_LEVEL_HOLD_REASONS, holdInForce, notHeld, type HoldReason, type HoldRow, type HoldSource } from './holds/hold.service.js';
export { AccountHold, HoldReasonValue } from './holds/hold.resolver.js';
export { refreshStatistics, IMPORT_TABLES, STATISTICS_MIN_ROWS, type StatisticsTable } from './statistics.js';
export { Account, ACCOUNT_NODE_TYPES } from './account/account.types.js';

export const accountsResolvers = [AccountResolver, DebtorResolver, PlacementResolver, PortfolioResolver, PortfolioSummaryResolver, AssignmentChangeResolver, TeamResolver, AccountHoldsResolver, HoldResolver, PlacementExpiryResolver, AccountPartiesResolver, ...importResolvers] as const;

export const accountsNodeResolvers: NodeResolvers = {
  [ACCOUNT_NODE_TYPES.account]: async (ctx, id) => {
    const row = await loadAccount(ctx, id);
    return row && Account.fromRow(row);
  },
  [ACCOUNT_NODE_TYPES.debtor]: (ctx, id) => loadDebtor(ctx, id),
  // The same role rule as `teams`: other roles get null, like a missing team.
  [TEAM_NODE_TYPE]: async (ctx, id) => (ctx.principal && TEAM_ROLES.includes(ctx.principal.role) ? loadTeam(ctx, id) : null),
  [ACCOUNT_NODE_TYPES.placement]: async (ctx, id) => {
    const row = await loadPlacement(ctx, id);
    return row && Placement.fromRow(row);
  },
  ...importNodeResolvers,
};

// ---- Placement imports (libs/accounts/src/import, owned by the import helper): streamed CSV/XLSX job,
// column mappings, rejection report. See docs/accounts.md (Placement import).
export * from './import/index.js';
export { accountsJobs, agingSweep, agingJob, placementImportJob, AGING_CRONTAB, type AccountsJobsDeps } from './jobs/accounts-jobs.js';
export { ACCOUNT_COLUMNS } from './account/account.types.js';
export { registerRecallParticipant, recallAccounts, RECALL_REASON_CODES, type RecallParticipant, type RecallOpenItem, type RecallReasonCode } from './assignment/recall.js';
