import type { NodeResolvers } from '@arrears/graphql';
import { ComplaintEntryResolver, ComplaintHistoryResolver, ComplaintResolver, loadComplaint } from './complaint/complaint.resolver.js';
import { Complaint, COMPLAINT_NODE_TYPES } from './complaint/complaint.types.js';

export { COMPLAINT_CLOCK, COMPLAINT_CLOCK_PRESETS, complaintDeadlines, daysRemaining, deadline, isBreached, nextExtension, type ComplaintClockPolicy, type Deadline } from './clock/complaint-clock.js';
export { decide, outcomeNotice, COMPLAINT_STATUSES, type ComplaintStatus, type ComplaintOutcome } from './workflow/complaint-workflow.js';
export { ComplaintService, type ComplaintRow, type ComplaintEntryRow } from './complaint/complaint.service.js';
export { BUILT_IN_CATEGORIES } from './complaint/categories.js';
export { Complaint, COMPLAINT_NODE_TYPES } from './complaint/complaint.types.js';
export { loadComplaint } from './complaint/complaint.resolver.js';
export { EVIDENCE_MAX_BYTES, EVIDENCE_ROLES, evidenceKey } from './complaint/evidence.js';

export const complaintsResolvers = [ComplaintResolver, ComplaintEntryResolver, ComplaintHistoryResolver] as const;

export const complaintsNodeResolvers: NodeResolvers = {
  [COMPLAINT_NODE_TYPES.complaint]: async (ctx, id) => {
    const row = await loadComplaint(ctx, id);
    return row && Complaint.fromRow(row);
  },
};
