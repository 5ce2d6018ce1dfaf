import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { fromGlobalId, Node, type NodeResolvers } from '@arrears/graphql';
import type { RequestContext } from '@arrears/tenancy';

/** Relay's `node(id)`: any object by its opaque id; another tenant's id resolves to null like a missing one. */
export function createNodeResolver(resolvers: NodeResolvers) {
  @Resolver()
  class NodeResolver {
    @Authorized()
    @Query(() => Node, { nullable: true, description: 'Any object by its opaque id' })
    async node(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<object | null> {
      const parsed = fromGlobalId(id);
      const resolve = parsed && resolvers[parsed.type];
      return resolve ? resolve(ctx, parsed.id) : null;
    }
  }
  return NodeResolver;
}
