/**
 * The people attached to an account, and how the contact rules see each. Pure; the one source of the
 * party kinds the contact domain's policy names (`@arrears/contact` re-exports PARTY_KINDS).
 */

/** Who the contact rules distinguish: each kind may be allowed or not by a bank's contact policy. */
export const PARTY_KINDS = ['debtor', 'guarantor', 'attorney', 'third_party'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

/** What a person is to an account. */
export const PARTY_ROLES = ['debtor', 'co_borrower', 'guarantor', 'third_party'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

/**
 * The contact rules' kind for a role: a co-borrower is jointly liable, so the rules treat them as a
 * debtor; a guarantor is liable only on the debtor's default, a kind of its own; an emergency contact
 * is a third party (never told the debt).
 */
export function contactKindOf(role: PartyRole): PartyKind {
  switch (role) {
    case 'debtor':
    case 'co_borrower':
      return 'debtor';
    case 'guarantor':
      return 'guarantor';
    case 'third_party':
      return 'third_party';
  }
}

/** A relation to the debtor as a code (the bank's own words are kept beside it). */
export const RELATION_CODES = ['spouse', 'parent', 'child', 'sibling', 'relative', 'friend', 'colleague', 'employer', 'other'] as const;
export type RelationCode = (typeof RELATION_CODES)[number];

const RELATION_WORDS: [RelationCode, RegExp][] = [
  ['spouse', /配偶|夫妻|丈夫|妻子|老公|老婆|爱人|spouse|husband|wife|partner/i],
  // Before parents and siblings: 表姐 is a cousin, 姨妈 an aunt.
  ['relative', /亲属|亲戚|家属|表|堂|叔|姨|舅|姑|伯|relative|family|cousin|uncle|aunt/i],
  ['parent', /父母|父亲|母亲|爸|妈|parent|father|mother/i],
  ['child', /子女|儿子|女儿|孩子|child|son|daughter/i],
  ['sibling', /兄弟|姐妹|兄|弟|姐|妹|sibling|brother|sister/i],
  ['friend', /朋友|同学|friend|classmate/i],
  ['colleague', /同事|colleague|coworker|co-worker/i],
  ['employer', /单位|公司|领导|老板|employer|company|boss|manager/i],
];

/** The code for a relation as a bank writes it (a code itself, Chinese or English words); `other` when unknown. */
export function relationCodeOf(text: string | null | undefined): RelationCode {
  const t = (text ?? '').trim();
  if ((RELATION_CODES as readonly string[]).includes(t.toLowerCase())) return t.toLowerCase() as RelationCode;
  for (const [code, words] of RELATION_WORDS) if (words.test(t)) return code;
  return 'other';
}
