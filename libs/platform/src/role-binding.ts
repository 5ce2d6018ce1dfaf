import type { Role } from '@arrears/tenancy';

export interface RoleBinding {
  role: Role;
  clientIds: string[];
  lawFirmId: string | null;
}

/**
 * What each role must be bound to: a bank user to exactly one bank, a lawyer to a law firm, staff
 * (supervisor, collector) to a client scope; an agency admin sees every bank and takes no list.
 * Returns why a binding is invalid, or null.
 */
export function roleBindingProblem(b: RoleBinding): string | null {
  switch (b.role) {
    case 'client_user':
      if (b.clientIds.length !== 1) return 'A bank user belongs to exactly one bank (clientIds must hold one id)';
      if (b.lawFirmId) return 'A bank user has no law firm';
      return null;
    case 'lawyer':
      if (!b.lawFirmId) return 'A lawyer needs a law firm (lawFirmId)';
      if (b.clientIds.length) return 'A lawyer has no client scope: they see the cases handed to their firm';
      return null;
    case 'supervisor':
    case 'collector':
      if (b.lawFirmId) return 'Only lawyers belong to a law firm';
      return null;
    case 'agency_admin':
      if (b.lawFirmId) return 'Only lawyers belong to a law firm';
      if (b.clientIds.length) return 'An agency admin sees every bank of the agency; give no clientIds';
      return null;
    case 'platform_admin':
      return 'Platform admins are not created in an agency';
  }
}
