import type { EntityManager } from 'typeorm';
import { contactKindOf, relationCodeOf, type PartyKind, type PartyRole, type RelationCode } from './parties.js';

/**
 * The guarantors and co-borrowers of the staged batch's accounts ($1 client id, $2 agency id), after the
 * merge: added, or updated when the file names the same person (by name) for that role again. Only rows
 * that carry parties are read, so an ordinary batch writes nothing more.
 */
export const ACCOUNT_PARTIES_SQL = `
insert into account_party (client_id, agency_id, account_id, role, relation_code, relation_text, name, phone)
select $1::uuid, $2::uuid, a.id, p.role, p."relationCode", p."relationText", p.name, p.phone
  from import_stage s
  cross join lateral jsonb_to_recordset(s.parties) as p(role text, name text, "relationCode" text, "relationText" text, phone text)
  join account a on a.client_id = $1::uuid and a.bank_ref = s.bank_ref
 where s.parties is not null
on conflict (client_id, account_id, role, name) do update
   set relation_code = excluded.relation_code, relation_text = excluded.relation_text,
       phone = coalesce(excluded.phone, account_party.phone), updated_at = now()`;

export interface PartyRow {
  account_id: string;
  id: string;
  role: PartyRole;
  name: string;
  relation_code: RelationCode;
  relation_text: string | null;
  phone: string | null;
}

/** One party of an account as the API shows it, with the kind the contact rules give it. */
export interface AccountPartyView {
  id: string;
  role: PartyRole;
  contactKind: PartyKind;
  name: string;
  relationCode: RelationCode | null;
  relationText: string | null;
  phone: string | null;
}

/**
 * Every party of many accounts in two statements (one page: DataLoader batch): the debtor, the
 * account's guarantors and co-borrowers, and the debtor's emergency contacts (third parties; the
 * database gives those to agency staff only). The caller has already read the accounts under RLS.
 */
export async function partiesOfAccounts(db: EntityManager, accounts: readonly { id: string; client_id: string; debtor_id: string }[]): Promise<Map<string, AccountPartyView[]>> {
  const out = new Map<string, AccountPartyView[]>();
  if (!accounts.length) return out;
  const debtors: { id: string; full_name: string; phone: string | null }[] = await db.query(
    `select id, full_name, phones[1] as phone from debtor where (client_id, id) in (select * from unnest($1::uuid[], $2::uuid[]))`,
    [accounts.map((a) => a.client_id), accounts.map((a) => a.debtor_id)],
  );
  for (const a of accounts) {
    const d = debtors.find((x) => x.id === a.debtor_id);
    out.set(a.id, d ? [{ id: d.id, role: 'debtor', contactKind: 'debtor', name: d.full_name, relationCode: null, relationText: null, phone: d.phone }] : []);
  }
  const parties: PartyRow[] = await db.query(
    `select account_id, id, role, name, relation_code, relation_text, phone from account_party
      where (client_id, account_id) in (select * from unnest($1::uuid[], $2::uuid[])) order by account_id, role, name limit 2000`,
    [accounts.map((a) => a.client_id), accounts.map((a) => a.id)],
  );
  const contacts: { debtor_id: string; id: string; name: string; relation: string; phone: string | null }[] = await db.query(
    `select debtor_id, id, name, relation, phone from debtor_contact
      where (client_id, debtor_id) in (select * from unnest($1::uuid[], $2::uuid[])) order by debtor_id, name limit 2000`,
    [accounts.map((a) => a.client_id), accounts.map((a) => a.debtor_id)],
  );
  for (const p of parties) {
    out.get(p.account_id)?.push({ id: p.id, role: p.role, contactKind: contactKindOf(p.role), name: p.name, relationCode: p.relation_code, relationText: p.relation_text, phone: p.phone });
  }
  for (const a of accounts) {
    for (const c of contacts.filter((x) => x.debtor_id === a.debtor_id)) {
      out.get(a.id)?.push({ id: c.id, role: 'third_party', contactKind: 'third_party', name: c.name, relationCode: relationCodeOf(c.relation), relationText: c.relation, phone: c.phone });
    }
  }
  return out;
}
