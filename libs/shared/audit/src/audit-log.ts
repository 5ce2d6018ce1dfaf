import type { EntityManager } from 'typeorm';
import type { Principal } from '@arrears/tenancy';

export type AuditKind = 'mutation' | 'reveal' | 'download' | 'login';
export type AuditOutcome = 'ok' | 'rejected' | 'error';

export interface AuditEntry {
  kind: AuditKind;
  operation: string;
  targetIds: string[];
  clientIds?: string[];
  outcome: AuditOutcome;
  errorCode?: string | null;
  requestId?: string;
}

/**
 * Appends one row to the audit log inside the caller's tenant transaction. The application role may
 * only insert and read it (no UPDATE or DELETE grant), and RLS pins the row to the actor and agency.
 */
export async function writeAudit(db: EntityManager, actor: Principal, e: AuditEntry): Promise<void> {
  await db.query(
    `insert into audit_log (agency_id, actor_user_id, actor_role, client_ids, kind, operation, target_ids, outcome, error_code, request_id)
     values ($1, $2, $3, $4::uuid[], $5, $6, $7::text[], $8, $9, $10)`,
    [actor.agencyId, actor.userId, actor.role, e.clientIds ?? [], e.kind, e.operation.slice(0, 200), e.targetIds.slice(0, 1000), e.outcome, e.errorCode ?? null, e.requestId ?? null],
  );
}
