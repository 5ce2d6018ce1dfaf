import type { NodeResolvers } from '@arrears/graphql';

/** What accounts resolvers need from the app that assembles them. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AccountsDeps {}

export const accountsResolvers = [] as const;
export const accountsNodeResolvers: NodeResolvers = {};
