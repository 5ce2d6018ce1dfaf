import { AccountCreditResolver, CreditResolver } from './credit.resolver.js';

/** Refunding and applying credits (GraphQL), assembled next to paymentsResolvers. */
export const paymentsCreditResolvers = [AccountCreditResolver, CreditResolver] as const;
