import { Ctx, Extensions, Field, FieldResolver, ObjectType, registerEnumType, Resolver, Root } from 'type-graphql';
import { perRequestLoader } from '@arrears/graphql';
import type { RequestContext } from '@arrears/tenancy';
import { Account } from '../account/account.types.js';
import { maskPhone } from '../protected-data.js';
import { PARTY_ROLES, RELATION_CODES, type PartyRole, type RelationCode } from './parties.js';
import { partiesOfAccounts, type AccountPartyView } from './party.service.js';

export const PartyRoleValue = Object.fromEntries(PARTY_ROLES.map((r) => [r, r])) as { [K in PartyRole]: K };
registerEnumType(PartyRoleValue, { name: 'PartyRole', description: 'What a person is to an account: debtor, co-borrower, guarantor (担保人) or third party (emergency contact)' });
export const RelationCodeValue = Object.fromEntries(RELATION_CODES.map((r) => [r, r])) as { [K in RelationCode]: K };
registerEnumType(RelationCodeValue, { name: 'RelationCode', description: "A party's relation to the debtor, as a code" });

@ObjectType({ description: 'A person attached to an account, and how the contact rules see them' })
export class AccountParty {
  @Field(() => PartyRoleValue)
  role: PartyRole;

  @Field(() => String, { description: "The contact policy's party kind: debtor (also co-borrowers), guarantor or third_party" })
  contactKind: string;

  @Field(() => String)
  name: string;

  @Field(() => RelationCodeValue, { nullable: true, description: 'Null for the debtor' })
  relationCode: RelationCode | null;

  @Field(() => String, { nullable: true, description: "The relation in the bank's own words" })
  relationText: string | null;

  @Field(() => String, { nullable: true, description: 'Masked' })
  phone: string | null;

  static from(p: AccountPartyView): AccountParty {
    return Object.assign(new AccountParty(), { ...p, phone: p.phone ? maskPhone(p.phone) : null });
  }
}

@Resolver(() => Account)
export class AccountPartiesResolver {
  // At most 2,000 guarantors and contacts for a page; the cost limit counts a small list per account.
  @Extensions({ listSize: 10 })
  @FieldResolver(() => [AccountParty], {
    description: 'The debtor, co-borrowers, guarantors and emergency contacts (third parties: agency staff only); one set of statements per page',
  })
  async parties(@Root() a: Account, @Ctx() ctx: RequestContext): Promise<AccountParty[]> {
    const views = await perRequestLoader(ctx, 'accounts.parties', async (keys: readonly string[]) => {
      const rows = keys.map((k) => JSON.parse(k) as { id: string; client_id: string; debtor_id: string });
      const byAccount = await partiesOfAccounts(await ctx.session.manager(), rows);
      return rows.map((r) => byAccount.get(r.id) ?? []);
    }).load(JSON.stringify({ id: a.row.id, client_id: a.row.client_id, debtor_id: a.row.debtor_id }));
    return views.map(AccountParty.from);
  }
}
