import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, ConnectionType, decodeCursor, fromGlobalIdOrThrow, Node, notFound, pageSize, requirePrincipal, toConnection, toGlobalId } from '@arrears/graphql';
import { loadUser, PLATFORM_NODE_TYPES, User } from '@arrears/platform';
import type { RequestContext, Role } from '@arrears/tenancy';
import { ACCOUNT_NODE_TYPES } from '../account/account.types.js';
import { TeamService } from './team.service.js';

export const TEAM_NODE_TYPE = ACCOUNT_NODE_TYPES.team;
/** Who may see teams (the `teams` query and node(Team) alike). */
export const TEAM_ROLES: readonly Role[] = ['agency_admin', 'supervisor'];

@ObjectType({ implements: Node, description: 'Collectors working together; accounts given to a team are dealt round robin to its members' })
export class Team extends Node {
  @Field(() => String)
  name: string;

  dbId: string;

  static fromRow(r: { id: string; name: string }): Team {
    return Object.assign(new Team(), { id: toGlobalId(TEAM_NODE_TYPE, r.id), dbId: r.id, name: r.name });
  }
}

@ObjectType()
export class TeamConnection extends ConnectionType(Team) {}

export async function loadTeam(ctx: RequestContext, id: string): Promise<Team | null> {
  const [row] = await (await ctx.session.manager()).query('select id, name from team where id = $1', [id]);
  return row ? Team.fromRow(row) : null;
}

@Resolver(() => Team)
export class TeamResolver {
  @Authorized(...TEAM_ROLES)
  @Query(() => TeamConnection)
  async teams(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: RequestContext) {
    const first = pageSize(args.first);
    const after = decodeCursor(args.after, 2) as [string, string] | null;
    const db = await ctx.session.manager();
    const rows: { id: string; name: string }[] = await db.query(
      `select id, name from team ${after ? 'where (name, id) > ($2, $3::uuid)' : ''} order by name, id limit $1`,
      after ? [first + 1, after[0], after[1]] : [first + 1],
    );
    return toConnection(rows, first, (r) => [r.name, r.id], Team.fromRow, !!after);
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => Team, { description: 'Create a team of collectors' })
  async createTeam(
    @Arg('name', () => String) name: string,
    @Arg('memberIds', () => [ID]) memberIds: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<Team> {
    const me = requirePrincipal(ctx);
    const db = await ctx.session.manager();
    const ids = [...new Set(memberIds.map((id) => fromGlobalIdOrThrow(id, PLATFORM_NODE_TYPES.user, 'User')))];
    const found: { id: string }[] = await db.query(`select id from app_user where id = any($1::uuid[]) and role in ('collector', 'supervisor')`, [ids]);
    if (found.length !== ids.length) throw notFound('User');
    const [team] = await db.query('insert into team (agency_id, name) values ($1, $2) returning id, name', [me.agencyId, name.trim()]);
    if (ids.length) await db.query('insert into team_member (agency_id, team_id, user_id) select $1, $2, unnest($3::uuid[])', [me.agencyId, team.id, ids]);
    return Team.fromRow(team);
  }

  @Authorized(...TEAM_ROLES)
  @Mutation(() => Team, { description: 'Add active collectors or supervisors to a team; members already in it are left as they are' })
  async addTeamMembers(@Arg('teamId', () => ID) teamId: string, @Arg('memberIds', () => [ID]) memberIds: string[], @Ctx() ctx: RequestContext): Promise<Team> {
    const { service, team, ids } = await this.membership(ctx, teamId, memberIds);
    if ((await service.eligibleMembers(ids)).length !== ids.length) throw notFound('User');
    await service.addMembers(team.dbId, ids);
    return team;
  }

  @Authorized(...TEAM_ROLES)
  @Mutation(() => Team, {
    description: "Remove members from a team: their share of the team's accounts goes back to the team's pool, and they no longer see the team's accounts",
  })
  async removeTeamMembers(@Arg('teamId', () => ID) teamId: string, @Arg('memberIds', () => [ID]) memberIds: string[], @Ctx() ctx: RequestContext): Promise<Team> {
    const { service, team, ids } = await this.membership(ctx, teamId, memberIds);
    await service.removeMembers(team.dbId, ids);
    return team;
  }

  /** The team (another agency's id is NOT_FOUND, like a missing one) and the members' database ids. */
  private async membership(ctx: RequestContext, teamId: string, memberIds: string[]) {
    const service = new TeamService(await ctx.session.manager(), requirePrincipal(ctx));
    const team = await loadTeam(ctx, fromGlobalIdOrThrow(teamId, TEAM_NODE_TYPE, 'Team'));
    if (!team) throw notFound('Team');
    const ids = [...new Set(memberIds.map((id) => fromGlobalIdOrThrow(id, PLATFORM_NODE_TYPES.user, 'User')))];
    return { service, team, ids };
  }

  @FieldResolver(() => [User], { description: 'At most 500 members' })
  async members(@Root() team: Team, @Ctx() ctx: RequestContext): Promise<User[]> {
    const rows: { user_id: string }[] = await (await ctx.session.manager()).query('select user_id from team_member where team_id = $1 limit 500', [team.dbId]);
    const users = await Promise.all(rows.map((r) => loadUser(ctx, r.user_id)));
    return users.filter((u) => u !== null).map((u) => User.fromRow(u!));
  }
}
