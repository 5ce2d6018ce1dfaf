import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { nestedDeeperThan, operationCost, rememberedOperationCost } from './cost-limit.js';

const schema = buildSchema(`
  type Query { accounts(first: Int): AccountConnection! me: User }
  type AccountConnection { edges: [AccountEdge!]! nodes: [Account!]! totalCount: Int }
  type AccountEdge { node: Account! cursor: String! }
  type Account { id: ID! history: [Change!]! tags: [String!]! owner: User }
  type Change { to: String! }
  type User { id: ID! accounts(first: Int): AccountConnection! }
`);
// buildSchema cannot set field extensions: declare the history list's cap the way type-graphql's @Extensions does.
Object.assign((schema.getType('Account') as unknown as { getFields(): Record<string, { extensions: object }> }).getFields().history, { extensions: { listSize: 100 } });

const cost = (q: string, variables: Record<string, unknown> = {}) => operationCost(schema, parse(q), variables);

describe('list-aware query cost', () => {
  it('leaves cost nothing, objects one each', () => {
    expect(cost('{ me { id } }')).toBe(1);
    expect(cost('{ me { id accounts(first: 1) { totalCount } } }')).toBe(2);
  });

  it('multiplies by the page size asked for, default 50, at most 200', () => {
    const page = (first: string) => cost(`{ accounts${first} { edges { node { id } } } }`);
    expect(page('(first: 10)')).toBe(1 + 10 * 2);
    expect(page('')).toBe(1 + 50 * 2);
    expect(page('(first: 100000)')).toBe(1 + 200 * 2);
    expect(cost('query($n: Int) { accounts(first: $n) { nodes { id } } }', { n: 20 })).toBe(1 + 20 * 1);
  });

  it('multiplies nested lists by their declared size, and nested pages by both pages', () => {
    expect(cost('{ accounts(first: 10) { nodes { history { to } } } }')).toBe(1 + 10 * (1 + 100));
    expect(cost('{ accounts(first: 10) { nodes { tags } } }')).toBe(1 + 10 * 1);
    expect(cost('{ accounts(first: 10) { nodes { owner { accounts(first: 10) { nodes { id } } } } } }')).toBe(1 + 10 * (1 + 1 + (1 + 10 * 1)));
  });

  it('adds aliases up', () => {
    const one = cost('{ accounts(first: 200) { nodes { history { to } } } }');
    expect(cost('{ a: accounts(first: 200) { nodes { history { to } } } b: accounts(first: 200) { nodes { history { to } } } }')).toBe(2 * one);
  });
});

describe('remembered cost', () => {
  it('is remembered per document and variables, never served for other variables', () => {
    const doc = parse('query($n: Int) { accounts(first: $n) { nodes { history { to } } } }');
    expect(rememberedOperationCost(schema, doc, { n: 1 })).toBe(1 + 1 * (1 + 100));
    expect(rememberedOperationCost(schema, doc, { n: 200 })).toBe(1 + 200 * (1 + 100));
    expect(rememberedOperationCost(schema, doc, { n: 1 })).toBe(1 + 1 * (1 + 100));
    // The same text parsed again is another document: computed afresh, same answer.
    expect(rememberedOperationCost(schema, parse('query($n: Int) { accounts(first: $n) { nodes { history { to } } } }'), { n: 200 })).toBe(1 + 200 * (1 + 100));
    // Long variables (a bulk input) are costed each time, not kept.
    expect(rememberedOperationCost(schema, doc, { n: 2, pad: 'x'.repeat(5000) })).toBe(1 + 2 * (1 + 100));
  });
});

describe('nestedDeeperThan', () => {
  const nest = (depth: number) => {
    let v: unknown = 'leaf';
    for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
    return v;
  };

  it('counts arrays and objects, not the values in them', () => {
    expect(nestedDeeperThan({ a: 1, b: 'x', c: null }, 1)).toBe(false);
    expect(nestedDeeperThan(nest(3), 3)).toBe(false);
    expect(nestedDeeperThan(nest(4), 3)).toBe(true);
    expect(nestedDeeperThan(undefined, 0)).toBe(false);
  });

  it('walks a body nested a hundred thousand deep without overflowing the stack', () => {
    expect(nestedDeeperThan(JSON.parse(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`), 32)).toBe(true);
  });
});
