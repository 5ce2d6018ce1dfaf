/** The roles of the API's `Role` enum (the generated type is the same string union). */
export const ROLES = ['PLATFORM_ADMIN', 'AGENCY_ADMIN', 'SUPERVISOR', 'COLLECTOR', 'CLIENT_USER', 'LAWYER'] as const;
export type Role = (typeof ROLES)[number];
