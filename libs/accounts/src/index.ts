import type { DataSource } from 'typeorm';
import type { NodeResolvers } from '@arrears/graphql';
import { Account, ACCOUNT_NODE_TYPES, Placement } from './account/account.types.js';
import { loadTeam, TeamResolver, TEAM_NODE_TYPE } from './assignment/team.resolver.js';
import { importNodeResolvers, importResolvers } from './import/index.js';
import { AccountHoldsResolver, HoldResolver } from './holds/hold.resolver.js';
import { AccountResolver, AssignmentChangeResolver, DebtorResolver, loadAccount, loadDebtor, loadPlacement, PlacementResolver, PortfolioResolver } from './account/account.resolver.js';

/** What accounts resolvers need from the app that assembles them. */
export interface AccountsDeps {
  dataSource: DataSource;
  log: (msg: string, extra?: object) => void;
}

export { bucketFor, daysPastDue, localDate, BUCKETS, type Bucket } from './aging/aging.js';
export { recomputeAging, type AgingResult } from './aging/aging.service.js';
export { refreshPortfolioSnapshot } from './portfolio/portfolio.service.js';
export { ProtectedData, maskNationalId, maskPhone, normalisePhone, isValidChineseNationalId } from './protected-data.js';
export { priorityScore, priorityFactors } from './queue/priority.js';
export { registerQueueGate, queueGate, type QueueGate, type QueueStanding } from './queue/contactability.js';
export { AssignmentService } from './assignment/assignment.service.js';
export { HoldService, HOLD_REASONS, PERSON_LEVEL_HOLD_REASONS, holdInForce, notHeld, type HoldReason, type HoldRow, type HoldSource } from './holds/hold.service.js';
export { AccountHold, HoldReasonValue } from './holds/hold.resolver.js';
export { Account, ACCOUNT_NODE_TYPES } from './account/account.types.js';

export const accountsResolvers = [AccountResolver, DebtorResolver, PlacementResolver, PortfolioResolver, AssignmentChangeResolver, TeamResolver, AccountHoldsResolver, HoldResolver, ...importResolvers] as const;

export const accountsNodeResolvers: NodeResolvers = {
  [ACCOUNT_NODE_TYPES.account]: async (ctx, id) => {
    const row = await loadAccount(ctx, id);
    return row && Account.fromRow(row);
  },
  [ACCOUNT_NODE_TYPES.debtor]: (ctx, id) => loadDebtor(ctx, id),
  [TEAM_NODE_TYPE]: (ctx, id) => loadTeam(ctx, id),
  [ACCOUNT_NODE_TYPES.placement]: async (ctx, id) => {
    const row = await loadPlacement(ctx, id);
    return row && Placement.fromRow(row);
  },
  ...importNodeResolvers,
};

// ---- Placement imports (libs/accounts/src/import, owned by the import helper): streamed CSV/XLSX job,
// column mappings, rejection report. See docs/import-report.md.
export * from './import/index.js';
