export const ROLES = ['platform_admin', 'agency_admin', 'supervisor', 'collector', 'client_user', 'lawyer'] as const;
export type Role = (typeof ROLES)[number];
/** Agency staff: they work accounts of the banks in their client scope. */
export const STAFF_ROLES: readonly Role[] = ['agency_admin', 'supervisor', 'collector'];

/** What a verified token says: who, and in which agency. Everything else is read from the database. */
export interface TokenClaims {
  userId: string;
  agencyId: string | null;
  /**
   * The user's session version the token was issued under (`sv`); app.begin_request refuses a token
   * whose version is no longer the user's. Absent for background work, which has no token.
   */
  sessionVersion?: number | null;
}

/** The authenticated user of one request, as the database knows it at the start of that request. */
export interface Principal {
  userId: string;
  agencyId: string | null;
  role: Role;
  /** Banks this user may see; for agency admins every bank of the agency. */
  clientIds: string[];
  lawFirmId: string | null;
  email: string;
  displayName: string;
  /** An agency admin reset the password: until it is changed, only `me`, `changePassword` and `signOut` work. */
  mustChangePassword?: boolean;
}
