import type { NodeResolvers } from '@arrears/graphql';
import { AccountContactResolver, ContactAttemptResolver, ContactRefusalResolver, ContactResolver, loadAttemptNode } from './attempts/contact.resolver.js';
export { configureContact } from './attempts/contact.resolver.js';
import { CONTACT_NODE_TYPES } from './attempts/contact.types.js';

export { CONTACT_POLICY, CN_PRESET, US_PRESET, contactLoosenings, CHANNELS, PARTIES, type ContactPolicy, type Channel, type Party } from './policy/contact-policy.js';
export { evaluateContact, loadFromHistory, EMPTY_LOAD, type ContactSituation, type Eligibility, type Block, type ContactLoad } from './eligibility/eligibility.js';
export { DEFAULT_OUTCOMES, findOutcome, outcomeProblems, type OutcomeCode } from './eligibility/outcomes.js';
export { localParts, zonedInstant } from './eligibility/zoned-time.js';
export { ContactService } from './attempts/contact.service.js';
export { ContactBlocked, ContactAttempt, CONTACT_NODE_TYPES } from './attempts/contact.types.js';
export { type ContactDeps, DEFAULT_REVEALS_PER_USER_PER_DAY, parseTestNow } from './clock.js';

export const contactResolvers = [ContactResolver, AccountContactResolver, ContactAttemptResolver, ContactRefusalResolver] as const;

export const contactNodeResolvers: NodeResolvers = {
  [CONTACT_NODE_TYPES.attempt]: (ctx, id) => loadAttemptNode(ctx, id),
};
