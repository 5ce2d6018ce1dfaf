import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, fromGlobalId, fromGlobalIdOrThrow, pageSize, perRequestLoader, requirePrincipal, type NodeResolvers } from '@arrears/graphql';
import { Client, loadClient, loadUser, PLATFORM_NODE_TYPES, User } from '@arrears/platform';
import type { RequestContext } from '@arrears/tenancy';
import { IMPORT_VIEW_ROLES, PlacementImportService } from './import.service.js';
import {
  ColumnMapping,
  ColumnMappingEntryInput,
  IMPORT_NODE_TYPES,
  PlacementImport,
  PlacementImportConnection,
  PlacementRejectionConnection,
  type PlacementImportRow,
} from './import.types.js';

const service = async (ctx: RequestContext) => new PlacementImportService(await ctx.session.manager());

/** Placement imports by database id through the request's DataLoader; null when RLS hides it. */
export function loadPlacementImport(ctx: RequestContext, id: string): Promise<PlacementImportRow | null> {
  return perRequestLoader<string, PlacementImportRow | null>(ctx, 'accounts.placementImport', async (ids) => {
    const rows = await (await service(ctx)).byIds(ids);
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  }).load(id);
}

const canView = (ctx: RequestContext) => IMPORT_VIEW_ROLES.includes(requirePrincipal(ctx).role);

@Resolver(() => PlacementImport)
export class PlacementImportResolver {
  @Authorized(...IMPORT_VIEW_ROLES)
  @Query(() => PlacementImport, { nullable: true, description: 'One placement import (null when it does not exist or is not yours to see)' })
  async placementImport(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<PlacementImport | null> {
    const parsed = fromGlobalId(id);
    if (!parsed || parsed.type !== IMPORT_NODE_TYPES.placementImport) return null;
    const row = await loadPlacementImport(ctx, parsed.id);
    return row && PlacementImport.fromRow(row);
  }

  @Authorized(...IMPORT_VIEW_ROLES)
  @Query(() => PlacementImportConnection, { description: 'Placement imports, newest first; optionally of one bank' })
  async placementImports(
    @Arg('clientId', () => ID, { nullable: true }) clientId: string | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    const clientDbId = clientId ? fromGlobalIdOrThrow(clientId, PLATFORM_NODE_TYPES.client, 'Client') : null;
    return (await service(ctx)).list({ clientId: clientDbId, first: pageSize(args.first), after: args.after });
  }

  @Authorized(...IMPORT_VIEW_ROLES)
  @Query(() => ColumnMapping, { description: "A bank's saved column mapping (isDefault when none is saved)" })
  async columnMapping(@Arg('clientId', () => ID) clientId: string, @Ctx() ctx: RequestContext): Promise<ColumnMapping> {
    return (await service(ctx)).columnMapping(fromGlobalIdOrThrow(clientId, PLATFORM_NODE_TYPES.client, 'Client'));
  }

  @Authorized(...IMPORT_VIEW_ROLES)
  @Mutation(() => ColumnMapping, { description: "Save how a bank's files name their columns; an empty list goes back to the default header table" })
  async saveColumnMapping(
    @Arg('clientId', () => ID) clientId: string,
    @Arg('mapping', () => [ColumnMappingEntryInput]) mapping: ColumnMappingEntryInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<ColumnMapping> {
    return (await service(ctx)).saveColumnMapping(requirePrincipal(ctx), fromGlobalIdOrThrow(clientId, PLATFORM_NODE_TYPES.client, 'Client'), mapping);
  }

  @FieldResolver(() => Client, { nullable: true })
  async client(@Root() imp: PlacementImport, @Ctx() ctx: RequestContext): Promise<Client | null> {
    const row = await loadClient(ctx, imp.clientDbId);
    return row && Client.fromRow(row);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who uploaded the file (null when you may not see that user)' })
  async createdBy(@Root() imp: PlacementImport, @Ctx() ctx: RequestContext): Promise<User | null> {
    const row = await loadUser(ctx, imp.createdByDbId);
    return row && User.fromRow(row);
  }

  @FieldResolver(() => PlacementRejectionConnection, { description: 'Rejected rows, by row number' })
  async rejections(@Root() imp: PlacementImport, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return (await service(ctx)).rejections(imp.dbId, imp.clientDbId, { first: pageSize(args.first), after: args.after });
  }
}

@Resolver(() => ColumnMapping)
export class ColumnMappingResolver {
  @FieldResolver(() => Client, { nullable: true })
  async client(@Root() m: ColumnMapping, @Ctx() ctx: RequestContext): Promise<Client | null> {
    const row = await loadClient(ctx, m.clientDbId);
    return row && Client.fromRow(row);
  }
}

export const importResolvers = [PlacementImportResolver, ColumnMappingResolver] as const;

export const importNodeResolvers: NodeResolvers = {
  [IMPORT_NODE_TYPES.placementImport]: async (ctx, id) => {
    if (!canView(ctx)) return null;
    const row = await loadPlacementImport(ctx, id);
    return row && PlacementImport.fromRow(row);
  },
};
