import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectedFields, selectsPath } from './look-ahead.js';

/** The resolve info of the operation's first root field, as graphql-js would pass it. */
function infoOf(document: string) {
  const doc = parse(document);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  return { fieldNodes: [op.selectionSet.selections[0] as FieldNode], fragments };
}

describe('selectsPath', () => {
  it('finds a nested field asked for directly', () => {
    const info = infoOf('{ accounts { edges { node { id debtor { name } } } } }');
    expect(selectsPath(info, ['edges', 'node', 'debtor'])).toBe(true);
    expect(selectsPath(info, ['edges', 'node', 'client'])).toBe(false);
    expect(selectsPath(info, ['pageInfo'])).toBe(false);
  });

  it('looks through aliases, inline fragments and fragment spreads (also nested and repeated)', () => {
    const info = infoOf(`
      { accounts { e: edges { ... on AccountEdge { node { ...Row } } } } }
      fragment Row on Account { id ...Names ...Names }
      fragment Names on Account { client { name } }`);
    expect(selectsPath(info, ['edges', 'node', 'client'])).toBe(true);
    expect(selectsPath(info, ['edges', 'node', 'debtor'])).toBe(false);
  });

  it('does not loop on a fragment that spreads itself', () => {
    const info = infoOf('{ accounts { edges { node { ...A } } } } fragment A on Account { id ...A }');
    expect(selectsPath(info, ['edges', 'node', 'debtor'])).toBe(false);
  });
});

describe('selectedFields', () => {
  it('lists the fields below a path through aliases and fragments, or null when the path is not asked for', () => {
    const info = infoOf(`{ accounts { edges { node { id b: bankRef ... on Account { bucket } ...F } } } } fragment F on Account { debtor { name } }`);
    expect(selectedFields(info, ['edges', 'node'])).toEqual(new Set(['id', 'bankRef', 'bucket', 'debtor']));
    expect(selectedFields(info, ['pageInfo'])).toBeNull();
  });
});
