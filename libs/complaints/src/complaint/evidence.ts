import { randomUUID } from 'node:crypto';
import type { Role } from '@arrears/tenancy';
import type { ComplaintRow } from './complaint.service.js';

/** Evidence files (recordings, letters, screenshots): at most 20 MB each. */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
/** Who may add and download evidence; the database also hides it from the person complained against. */
export const EVIDENCE_ROLES: readonly Role[] = ['agency_admin', 'supervisor', 'collector', 'client_user'];

/** Where a piece of evidence lives in the document store: under its tenant, never the uploaded name. */
export function evidenceKey(row: Pick<ComplaintRow, 'agency_id' | 'client_id' | 'id'>): string {
  return `${row.agency_id}/${row.client_id}/complaints/${row.id}/${randomUUID()}`;
}
