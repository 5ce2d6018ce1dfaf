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

export const contactResolvers = [ContactResolver, AccountContactResolver, ContactAttemptResolver, ContactRefusalResolver, OutcomeResolver, VisitResolver, DialerResolver, AttemptDialerCallResolver] as const;

export const contactNodeResolvers: NodeResolvers = {
  [CONTACT_NODE_TYPES.attempt]: (ctx, id) => loadAttemptNode(ctx, id),
};
import { OutcomeResolver } from './outcomes/outcome.resolver.js';
import { VisitResolver } from './visits/visit.resolver.js';
import { AttemptDialerCallResolver, DialerResolver } from './dialer/dialer.resolver.js';
export { OutcomeService } from './outcomes/outcome.service.js';
export { ACKNOWLEDGEMENT_CODE, DEFAULT_AGENCY_OUTCOMES, type AgencyOutcome } from './outcomes/outcome-list.js';
export { VisitService, VISIT_PHOTO_MAX_BYTES, VISIT_PHOTO_TYPES, visitPhotoKey, mayWorkVisit, type VisitRow, type VisitPhotoRow } from './visits/visit.service.js';
export { VISIT_NODE_TYPES } from './visits/visit.resolver.js';
export { handleDialerCallback, type DialerCallTarget } from './dialer/dialer-callback.js';
export { signDialerMessage, SIGNATURE_HEADER } from './dialer/dialer-signature.js';
export { DIALER_CALLBACK_PATH } from './dialer/dialer.resolver.js';
export { doNotCallFromComplaint } from './dnc/complaint-dnc.js';
