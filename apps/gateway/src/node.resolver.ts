import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { fromGlobalId, Node, notFound, type NodeResolvers } from '@arrears/graphql';
import type { RequestContext } from '@arrears/tenancy';

/** Relay's `node(id)`: any object by its opaque id; another tenant's id resolves to null like a missing one. */
export function createNodeResolver(resolvers: NodeResolvers) {
  @Resolver()
  class NodeResolver {
    @Authorized()
    @Query(() => Node, { nullable: true, description: 'Any object by its opaque id' })
    async node(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<object | null> {
      const parsed = fromGlobalId(id);
      // Own keys only: a type named `toString` or `constructor` must not reach Object.prototype.
      // An id that names no type of ours is NOT_FOUND; a known type's missing or foreign row is null.
      if (!parsed || !Object.hasOwn(resolvers, parsed.type)) throw notFound('Node');
      return resolvers[parsed.type](ctx, parsed.id);
    }
  }
  return NodeResolver;
}
