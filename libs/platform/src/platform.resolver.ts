import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { TokenService } from '@arrears/auth';
import { ConnectionArgs, ConnectionType, fromGlobalIdOrThrow, notFound, NotEligible, pageSize, perRequestLoader, Public, requirePrincipal, resultUnion } from '@arrears/graphql';
import type { Principal, RequestContext, Role } from '@arrears/tenancy';
import { AgencyService, type AgencyOverviewRow } from './agency.service.js';
import { ClientService } from './client.service.js';
import { login } from './login.service.js';
import { ChangeUserRoleInput, CreateAgencyInput, CreateClientInput, CreateUserInput, UserFilter } from './platform.inputs.js';
import { Agency, AgencyOverview, Client, LawFirm, LoginPayload, Me, NODE_TYPES, User, type ClientRow, type UserRow } from './platform.types.js';
import { clientDbIds, UserService } from './user.service.js';
import { SessionService } from './session.service.js';
import { clearRefreshCookie, startRefreshSession } from './refresh-session.js';

/** What platform resolvers need from the app that assembles them. */
export interface PlatformDeps {
  tokens: TokenService;
}

@ObjectType()
export class AgencyConnection extends ConnectionType(Agency) {}
@ObjectType()
export class ClientConnection extends ConnectionType(Client) {}
@ObjectType()
export class UserConnection extends ConnectionType(User) {}

export const DisableUserResult = resultUnion('DisableUserResult', [User, NotEligible]);

const users = async (ctx: RequestContext) => new UserService(await ctx.session.manager());
const clients = async (ctx: RequestContext) => new ClientService(await ctx.session.manager());

/** Clients by id through the request's DataLoader (one query for every client a response names). */
export function loadClient(ctx: RequestContext, id: string): Promise<ClientRow | null> {
  return clientLoader(ctx).load(id);
}

/** Hands the request's client loader a row another query already read (a join), saving a query. */
export function primeClient(ctx: RequestContext, row: ClientRow): void {
  clientLoader(ctx).prime(row.id, row);
}

function clientLoader(ctx: RequestContext) {
  return perRequestLoader<string, ClientRow | null>(ctx, 'platform.client', async (ids) => {
    const rows = await (await clients(ctx)).byIds(ids);
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  });
}

export function loadUser(ctx: RequestContext, id: string): Promise<UserRow | null> {
  return perRequestLoader<string, UserRow | null>(ctx, 'platform.user', async (ids) => {
    const rows = await (await users(ctx)).byIds(ids);
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  }).load(id);
}

async function buildMe(ctx: RequestContext, p: Principal): Promise<Me> {
  const db = await ctx.session.manager();
  const [userRow] = await new UserService(db).byIds([p.userId]);
  const me = new Me();
  me.user = User.fromRow(userRow);
  me.role = p.role as Me['role'];
  me.agency = p.agencyId ? Agency.fromRow((await new AgencyService(db).byIds([p.agencyId]))[0]) : null;
  me.clients = (await new ClientService(db).byIds(p.clientIds)).map(Client.fromRow).sort((a, b) => a.name.localeCompare(b.name));
  const firm: { id: string; name: string }[] = p.lawFirmId ? await db.query('select id, name from law_firm where id = $1', [p.lawFirmId]) : [];
  me.lawFirm = firm[0] ? LawFirm.fromRow(firm[0]) : null;
  return me;
}

@Resolver()
export class SessionResolver {
  constructor(private readonly deps: PlatformDeps) {}

  @Public()
  @Mutation(() => LoginPayload, { description: 'Exchange e-mail and password for an access token' })
  async login(@Arg('email', () => String) email: string, @Arg('password', () => String) password: string, @Ctx() ctx: RequestContext): Promise<LoginPayload> {
    const { issued, principal } = await login(ctx, this.deps.tokens, email, password);
    await startRefreshSession(ctx, await ctx.session.manager());
    return Object.assign(new LoginPayload(), { token: issued.token, expiresAt: issued.expiresAt, me: await buildMe(ctx, principal), mustChangePassword: principal.mustChangePassword ?? false });
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Sign out: every token of yours stops working at once' })
  async signOut(@Ctx() ctx: RequestContext): Promise<boolean> {
    await new SessionService(await ctx.session.manager()).signOut();
    clearRefreshCookie(ctx);
    return true;
  }

  @Authorized()
  @Mutation(() => LoginPayload, { description: 'Change your password: your other sessions end; use the token returned from now on' })
  async changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: RequestContext,
  ): Promise<LoginPayload> {
    const me = requirePrincipal(ctx);
    const db = await ctx.session.manager();
    const issued = await new SessionService(db).changePassword(me, this.deps.tokens, currentPassword, newPassword);
    // The old refresh session ended with the version bump; this browser continues with a new one.
    await startRefreshSession(ctx, db);
    return Object.assign(new LoginPayload(), { token: issued.token, expiresAt: issued.expiresAt, me: await buildMe(ctx, me), mustChangePassword: false });
  }

  @Authorized()
  @Query(() => Me, { description: 'The signed-in user, role, agency and client scope' })
  me(@Ctx() ctx: RequestContext): Promise<Me> {
    return buildMe(ctx, requirePrincipal(ctx));
  }
}

@Resolver(() => Agency)
export class AgencyResolver {
  @Authorized('platform_admin')
  @FieldResolver(() => AgencyOverview, { nullable: true, description: 'Users, banks and accounts (platform admins only); one statement per page' })
  async overview(@Root() agency: Agency, @Ctx() ctx: RequestContext): Promise<AgencyOverview | null> {
    const row = await perRequestLoader<string, AgencyOverviewRow | null>(ctx, 'platform.agencyOverview', async (ids) => {
      const rows = await new AgencyService(await ctx.session.manager()).overview(ids);
      return ids.map((id) => rows.find((r) => r.agency_id === id) ?? null);
    }).load(agency.dbId);
    return row && Object.assign(new AgencyOverview(), { users: row.users, activeUsers: row.active_users, clients: row.clients, accounts: Number(row.accounts), activeAccounts: Number(row.active_accounts) });
  }

  @Authorized('platform_admin')
  @Mutation(() => Agency, { description: 'Suspend an agency: its users are signed out and cannot sign in until it is reactivated' })
  async suspendAgency(@Arg('agencyId', () => ID) agencyId: string, @Arg('reason', () => String, { nullable: true }) reason: string | null, @Ctx() ctx: RequestContext): Promise<Agency> {
    return this.setSuspended(ctx, agencyId, true, reason?.trim() || null);
  }

  @Authorized('platform_admin')
  @Mutation(() => Agency, { description: 'Let a suspended agency’s users sign in again' })
  async reactivateAgency(@Arg('agencyId', () => ID) agencyId: string, @Ctx() ctx: RequestContext): Promise<Agency> {
    return this.setSuspended(ctx, agencyId, false, null);
  }

  private async setSuspended(ctx: RequestContext, agencyId: string, suspend: boolean, reason: string | null): Promise<Agency> {
    const row = await new AgencyService(await ctx.session.manager()).setSuspended(fromGlobalIdOrThrow(agencyId, NODE_TYPES.agency, 'Agency'), suspend, reason);
    if (!row) throw notFound('Agency');
    return Agency.fromRow(row);
  }

  @Authorized('platform_admin')
  @Query(() => AgencyConnection)
  async agencies(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return new AgencyService(await ctx.session.manager()).list({ first: pageSize(args.first), after: args.after });
  }

  @Authorized('platform_admin')
  @Mutation(() => Agency, { description: 'Provision an agency with its first agency admin' })
  async createAgency(@Arg('input', () => CreateAgencyInput) input: CreateAgencyInput, @Ctx() ctx: RequestContext): Promise<Agency> {
    return Agency.fromRow(await new AgencyService(await ctx.session.manager()).create(input));
  }
}

@Resolver()
export class ClientResolver {
  @Authorized()
  @Query(() => ClientConnection, { description: 'The banks you may see' })
  async clients(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return (await clients(ctx)).list({ first: pageSize(args.first), after: args.after });
  }

  @Authorized('agency_admin')
  @Mutation(() => Client)
  async createClient(@Arg('input', () => CreateClientInput) input: CreateClientInput, @Ctx() ctx: RequestContext): Promise<Client> {
    return Client.fromRow(await (await clients(ctx)).create(requirePrincipal(ctx), input));
  }

  @Authorized('agency_admin')
  @Mutation(() => LawFirm)
  async createLawFirm(@Arg('name', () => String) name: string, @Ctx() ctx: RequestContext): Promise<LawFirm> {
    const p = requirePrincipal(ctx);
    const db = await ctx.session.manager();
    const [row] = await db.query('insert into law_firm (agency_id, name) values ($1, $2) returning id, name', [p.agencyId, name.trim()]);
    return LawFirm.fromRow(row);
  }
}

@Resolver(() => User)
export class UserResolver {
  @Authorized('agency_admin', 'supervisor')
  @Query(() => UserConnection, { description: "The agency's users" })
  async users(@Args(() => ConnectionArgs) args: ConnectionArgs, @Arg('filter', () => UserFilter, { nullable: true }) filter: UserFilter | undefined, @Ctx() ctx: RequestContext) {
    return (await users(ctx)).list({ first: pageSize(args.first), after: args.after, role: filter?.role as Role | undefined, search: filter?.search, disabled: filter?.disabled });
  }

  @FieldResolver(() => [Client], { description: 'The banks this user may work on or see' })
  async clients(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Client[]> {
    const ids = await perRequestLoader<string, string[]>(ctx, 'platform.userScope', async (userIds) => {
      const svc = await users(ctx);
      const byId = new Map((await svc.byIds(userIds)).map((r) => [r.id, r]));
      const present = userIds.map((id) => byId.get(id)).filter((r): r is UserRow => r !== undefined);
      const scopes = await svc.clientScopes(present, async () => (await clients(ctx)).allIds());
      const scopeById = new Map(present.map((r, i) => [r.id, scopes[i]]));
      return userIds.map((id) => scopeById.get(id) ?? []);
    }).load(user.dbId);
    const rows = await Promise.all(ids.map((id) => loadClient(ctx, id)));
    return rows.filter((r): r is ClientRow => r !== null).map(Client.fromRow);
  }

  @FieldResolver(() => LawFirm, { nullable: true })
  async lawFirm(@Root() user: User, @Ctx() ctx: RequestContext): Promise<LawFirm | null> {
    if (!user.lawFirmId) return null;
    const db = await ctx.session.manager();
    const [row] = await db.query('select id, name from law_firm where id = $1', [user.lawFirmId]);
    return row ? LawFirm.fromRow(row) : null;
  }

  @Authorized('agency_admin')
  @Mutation(() => User)
  async createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: RequestContext): Promise<User> {
    const row = await (await users(ctx)).create(requirePrincipal(ctx), {
      ...input,
      role: input.role as Role,
      clientIds: clientDbIds(input.clientIds),
      lawFirmId: input.lawFirmId ? fromGlobalIdOrThrow(input.lawFirmId, NODE_TYPES.lawFirm, 'Law firm') : null,
    });
    return User.fromRow(row);
  }

  @Authorized('agency_admin')
  @Mutation(() => User, { description: "Change a user's role and what it is bound to" })
  async changeUserRole(@Arg('input', () => ChangeUserRoleInput) input: ChangeUserRoleInput, @Ctx() ctx: RequestContext): Promise<User> {
    const row = await (await users(ctx)).changeRole(requirePrincipal(ctx), fromGlobalIdOrThrow(input.userId, NODE_TYPES.user, 'User'), {
      role: input.role as Role,
      clientIds: clientDbIds(input.clientIds),
      lawFirmId: input.lawFirmId ? fromGlobalIdOrThrow(input.lawFirmId, NODE_TYPES.lawFirm, 'Law firm') : null,
    });
    return User.fromRow(row);
  }

  @Authorized('agency_admin')
  @Mutation(() => User, { description: 'Replace the banks a supervisor or collector may work on' })
  async setUserClientScope(@Arg('userId', () => ID) userId: string, @Arg('clientIds', () => [ID]) clientIds: string[], @Ctx() ctx: RequestContext): Promise<User> {
    const row = await (await users(ctx)).setClientScope(requirePrincipal(ctx), fromGlobalIdOrThrow(userId, NODE_TYPES.user, 'User'), clientDbIds(clientIds));
    return User.fromRow(row);
  }

  @Authorized('agency_admin')
  @Mutation(() => DisableUserResult, { description: "Disable a user: their existing tokens stop working at once" })
  async disableUser(@Arg('userId', () => ID) userId: string, @Ctx() ctx: RequestContext): Promise<User | NotEligible> {
    const row = await (await users(ctx)).setDisabled(requirePrincipal(ctx), fromGlobalIdOrThrow(userId, NODE_TYPES.user, 'User'), true);
    return row === 'self' ? new NotEligible('You cannot disable yourself', 'CANNOT_DISABLE_SELF') : User.fromRow(row);
  }

  @Authorized('agency_admin')
  @Mutation(() => User, { description: "End every session of a user: their tokens stop working at once" })
  async signOutEverywhere(@Arg('userId', () => ID) userId: string, @Ctx() ctx: RequestContext): Promise<User> {
    const id = fromGlobalIdOrThrow(userId, NODE_TYPES.user, 'User');
    if (!(await new SessionService(await ctx.session.manager()).signOutEverywhere(id))) throw notFound('User');
    return User.fromRow(await (await users(ctx)).get(id));
  }

  @Authorized('agency_admin')
  @Mutation(() => User, { description: 'Set a temporary password: the user is signed out everywhere and must change it at next sign-in' })
  async resetPassword(@Arg('userId', () => ID) userId: string, @Arg('temporaryPassword', () => String) temporaryPassword: string, @Ctx() ctx: RequestContext): Promise<User> {
    const id = fromGlobalIdOrThrow(userId, NODE_TYPES.user, 'User');
    if (!(await new SessionService(await ctx.session.manager()).resetPassword(id, temporaryPassword))) throw notFound('User');
    return User.fromRow(await (await users(ctx)).get(id));
  }

  @Authorized('agency_admin')
  @Mutation(() => User)
  async enableUser(@Arg('userId', () => ID) userId: string, @Ctx() ctx: RequestContext): Promise<User> {
    const row = await (await users(ctx)).setDisabled(requirePrincipal(ctx), fromGlobalIdOrThrow(userId, NODE_TYPES.user, 'User'), false);
    if (row === 'self') return User.fromRow(await (await users(ctx)).get(requirePrincipal(ctx).userId));
    return User.fromRow(row);
  }
}
