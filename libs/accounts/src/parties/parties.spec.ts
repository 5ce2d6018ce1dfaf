import { describe, expect, it } from 'vitest';
import { contactKindOf, PARTY_ROLES, relationCodeOf } from './parties.js';

describe('parties', () => {
  it('codes the relations banks write, in Chinese or English, and keeps unknown ones as other', () => {
    expect(relationCodeOf('配偶')).toBe('spouse');
    expect(relationCodeOf('母亲')).toBe('parent');
    expect(relationCodeOf('儿子')).toBe('child');
    expect(relationCodeOf('姐姐')).toBe('sibling');
    expect(relationCodeOf('表舅')).toBe('relative');
    expect(relationCodeOf('表姐')).toBe('relative');
    expect(relationCodeOf('同事')).toBe('colleague');
    expect(relationCodeOf('Friend')).toBe('friend');
    expect(relationCodeOf('spouse')).toBe('spouse');
    expect(relationCodeOf('邻居')).toBe('other');
    expect(relationCodeOf(null)).toBe('other');
  });

  it('treats a co-borrower as a debtor and a guarantor unlike a third party in the contact rules', () => {
    expect(PARTY_ROLES.map(contactKindOf)).toEqual(['debtor', 'debtor', 'guarantor', 'third_party']);
  });
});
