export { ROLES, STAFF_ROLES, type Role, type Principal, type TokenClaims } from './principal.js';
export { TenantSession, withTenant, PrincipalNotFoundError, TRANSACTION_LIMITS, type TransactionLimits } from './tenant-session.js';
export { type RequestContext, type RefreshCookie, createRequestContext } from './request-context.js';
