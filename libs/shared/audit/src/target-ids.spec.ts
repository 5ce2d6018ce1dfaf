import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { collectTargetIds } from './target-ids.js';

const op = (src: string) => parse(src).definitions[0] as OperationDefinitionNode;

describe('collectTargetIds', () => {
  it('takes id-named arguments from literals, variables and nested inputs', () => {
    const ids = collectTargetIds(
      op(`mutation($u: ID!, $input: AssignInput!) { disableUser(userId: $u) { __typename } assign(input: $input) { __typename } x(name: "not an id") }`),
      { u: 'VXNlcjox', input: { accountIds: ['a1', 'a2'], collectorId: 'c1', note: 'hello' } },
      null,
    );
    expect(ids.sort()).toEqual(['VXNlcjox', 'a1', 'a2', 'c1']);
  });

  it('adds the id of what a root field returned', () => {
    const ids = collectTargetIds(op(`mutation { created: createClient(input: { name: "B" }) { id } }`), {}, { created: { id: 'Q2xpZW50OjE' } });
    expect(ids).toEqual(['Q2xpZW50OjE']);
  });

  it('does not look for ids nested deeper than any input, however deep the variables are', () => {
    const deep = JSON.parse(`${'['.repeat(50_000)}"VXNlcjox"${']'.repeat(50_000)}`);
    expect(collectTargetIds(op(`mutation($ids: [ID!]!) { archive(ids: $ids) { __typename } }`), { ids: deep }, null)).toEqual([]);
    expect(collectTargetIds(op(`mutation($ids: [ID!]!) { archive(ids: $ids) { __typename } }`), { ids: [['VXNlcjox']] }, null)).toEqual(['VXNlcjox']);
  });
});
