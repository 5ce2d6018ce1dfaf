import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, Node, toGlobalId } from '@arrears/graphql';
import type { Role } from '@arrears/tenancy';

/** GraphQL enum values are upper case; the database stores the lower-case role names. */
export enum RoleValue {
  PLATFORM_ADMIN = 'platform_admin',
  AGENCY_ADMIN = 'agency_admin',
  SUPERVISOR = 'supervisor',
  COLLECTOR = 'collector',
  CLIENT_USER = 'client_user',
  LAWYER = 'lawyer',
}
registerEnumType(RoleValue, { name: 'Role', description: 'What a user is to the agency' });

export enum AgencyStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
}
registerEnumType(AgencyStatus, { name: 'AgencyStatus', description: 'Whether the agency’s users may sign in' });

export const NODE_TYPES = { agency: 'Agency', client: 'Client', user: 'User', lawFirm: 'LawFirm' } as const;

@ObjectType({ implements: Node })
export class Agency extends Node {
  @Field(() => String)
  name: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => AgencyStatus, { description: 'A suspended agency’s users cannot sign in' })
  status: AgencyStatus;

  @Field(() => DateTimeScalar, { nullable: true })
  suspendedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the platform suspended it (platform admins only)' })
  suspendedReason: string | null;

  dbId: string;

  static fromRow(r: { id: string; name: string; created_at: Date; suspended_at?: Date | null; suspended_reason?: string | null }): Agency {
    return Object.assign(new Agency(), {
      id: toGlobalId(NODE_TYPES.agency, r.id),
      dbId: r.id,
      name: r.name,
      createdAt: r.created_at,
      status: r.suspended_at ? AgencyStatus.SUSPENDED : AgencyStatus.ACTIVE,
      suspendedAt: r.suspended_at ?? null,
      suspendedReason: r.suspended_reason ?? null,
    });
  }
}

@ObjectType({ description: 'What the platform sees of an agency: counts, no tenant data' })
export class AgencyOverview {
  @Field(() => Int)
  users: number;

  @Field(() => Int, { description: 'Users not disabled' })
  activeUsers: number;

  @Field(() => Int, { description: 'Banks (clients) it serves' })
  clients: number;

  @Field(() => Float, { description: 'Accounts placed with it, every status' })
  accounts: number;

  @Field(() => Float, { description: 'Accounts being worked (status active)' })
  activeAccounts: number;
}

@ObjectType({ implements: Node, description: 'A bank served by the agency: the unit of data isolation' })
export class Client extends Node {
  @Field(() => String)
  name: string;

  @Field(() => String, { description: 'Short code used in files and reports' })
  code: string;

  @Field(() => String, { description: 'Default ISO 4217 currency of its accounts' })
  currency: string;

  @Field(() => String, { description: "IANA time zone, the default for its debtors' local time" })
  timeZone: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  dbId: string;

  static fromRow(r: ClientRow): Client {
    return Object.assign(new Client(), {
      id: toGlobalId(NODE_TYPES.client, r.id),
      dbId: r.id,
      name: r.name,
      code: r.code,
      currency: r.currency,
      timeZone: r.time_zone,
      createdAt: r.created_at,
    });
  }
}

export interface ClientRow {
  id: string;
  name: string;
  code: string;
  currency: string;
  time_zone: string;
  created_at: Date;
}

@ObjectType({ implements: Node, description: 'A partner law firm that receives legal cases' })
export class LawFirm extends Node {
  @Field(() => String)
  name: string;

  dbId: string;

  static fromRow(r: { id: string; name: string }): LawFirm {
    return Object.assign(new LawFirm(), { id: toGlobalId(NODE_TYPES.lawFirm, r.id), dbId: r.id, name: r.name });
  }
}

export interface UserRow {
  id: string;
  agency_id: string | null;
  email: string;
  display_name: string;
  role: Role;
  client_id: string | null;
  law_firm_id: string | null;
  disabled_at: Date | null;
  created_at: Date;
}

@ObjectType({ implements: Node })
export class User extends Node {
  @Field(() => String)
  email: string;

  @Field(() => String)
  displayName: string;

  @Field(() => RoleValue)
  role: RoleValue;

  @Field(() => Boolean)
  disabled: boolean;

  @Field(() => DateTimeScalar, { nullable: true })
  disabledAt: Date | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  dbId: string;
  agencyId: string | null;
  clientId: string | null;
  lawFirmId: string | null;

  static fromRow(r: UserRow): User {
    return Object.assign(new User(), {
      id: toGlobalId(NODE_TYPES.user, r.id),
      dbId: r.id,
      agencyId: r.agency_id,
      email: r.email,
      displayName: r.display_name,
      role: r.role as RoleValue,
      disabled: r.disabled_at !== null,
      disabledAt: r.disabled_at,
      createdAt: r.created_at,
      clientId: r.client_id,
      lawFirmId: r.law_firm_id,
    });
  }
}

@ObjectType({ description: 'The signed-in user and what they may see' })
export class Me {
  @Field(() => User)
  user: User;

  @Field(() => RoleValue)
  role: RoleValue;

  @Field(() => Agency, { nullable: true })
  agency: Agency | null;

  @Field(() => [Client], { description: 'The banks this user may work on or see' })
  clients: Client[];

  @Field(() => LawFirm, { nullable: true })
  lawFirm: LawFirm | null;
}

@ObjectType()
export class LoginPayload {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`' })
  token: string;

  @Field(() => DateTimeScalar)
  expiresAt: Date;

  @Field(() => Me)
  me: Me;

  @Field(() => Boolean, { description: 'An agency admin reset the password: call changePassword before anything else' })
  mustChangePassword: boolean;
}
