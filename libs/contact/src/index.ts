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

// Templates, SMS and letters (docs/contact.md, "Templates, SMS and letters").
import { CorrespondenceResolver, MessageTemplateResolver, LetterResolver, AccountCorrespondenceResolver, loadTemplateNode, loadTemplateVersionNode, loadSmsNode, loadLetterNode } from './letters/correspondence.resolver.js';
import { CORRESPONDENCE_NODE_TYPES } from './letters/correspondence.types.js';
export { type LettersDeps } from './letters/correspondence.resolver.js';
export { CORRESPONDENCE_NODE_TYPES } from './letters/correspondence.types.js';
export { PLACEHOLDERS, templateProblems, renderTemplate } from './templates/placeholders.js';
export { smsJobs, type SmsAdapterSettings } from './sms/sms-gateway.js';
export { renderLetterPdf } from './letters/letter-pdf.js';
export const lettersResolvers = [CorrespondenceResolver, MessageTemplateResolver, LetterResolver, AccountCorrespondenceResolver] as const;
export const lettersNodeResolvers: NodeResolvers = {
  [CORRESPONDENCE_NODE_TYPES.template]: (ctx, id) => loadTemplateNode(ctx, id),
  [CORRESPONDENCE_NODE_TYPES.version]: (ctx, id) => loadTemplateVersionNode(ctx, id),
  [CORRESPONDENCE_NODE_TYPES.sms]: (ctx, id) => loadSmsNode(ctx, id),
  [CORRESPONDENCE_NODE_TYPES.letter]: (ctx, id) => loadLetterNode(ctx, id),
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
