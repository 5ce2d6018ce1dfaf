import type { NodeResolvers } from '@arrears/graphql';
import { AgencyService } from './agency.service.js';
import { Agency, Client, NODE_TYPES, User } from './platform.types.js';
import { AgencyResolver, ClientResolver, loadClient, loadUser, SessionResolver, UserResolver } from './platform.resolver.js';
import { PolicyResolver } from './policy/policy.resolver.js';

export { Agency, Client, LawFirm, Me, RoleValue, User, NODE_TYPES as PLATFORM_NODE_TYPES, type ClientRow, type UserRow } from './platform.types.js';
export { type PlatformDeps, loadClient, loadUser, primeClient } from './platform.resolver.js';
export { UserService, clientDbIds } from './user.service.js';
export { ClientService, CLIENT_COLUMNS } from './client.service.js';
export { AgencyService } from './agency.service.js';
export { REFRESH_COOKIE, REFRESH_PATH, parseRefreshToken, rotateRefreshSession, purgeExpiredRefreshSessions, type RotateOutcome } from './refresh-session.js';
export { roleBindingProblem } from './role-binding.js';
export { definePolicyKind, findPolicyKind, registeredPolicyKinds, checkPolicyBody, tighten, type PolicyKind, type PolicyViolation } from './policy/policy-kind.js';
export { PolicyService, loadPolicyInForce, presetVersion, type PolicyVersion } from './policy/policy.service.js';
export { ClientPolicy, PolicyRejected } from './policy/policy.resolver.js';

export const platformResolvers = [SessionResolver, AgencyResolver, ClientResolver, UserResolver, PolicyResolver] as const;

export const platformNodeResolvers: NodeResolvers = {
  [NODE_TYPES.client]: async (ctx, id) => {
    const row = await loadClient(ctx, id);
    return row && Client.fromRow(row);
  },
  [NODE_TYPES.user]: async (ctx, id) => {
    const row = await loadUser(ctx, id);
    return row && User.fromRow(row);
  },
  [NODE_TYPES.agency]: async (ctx, id) => {
    const [row] = await new AgencyService(await ctx.session.manager()).byIds([id]);
    return row ? Agency.fromRow(row) : null;
  },
};
