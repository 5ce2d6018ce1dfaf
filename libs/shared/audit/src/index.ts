export { writeAudit, type AuditEntry, type AuditKind, type AuditOutcome } from './audit-log.js';
export { collectTargetIds } from './target-ids.js';
