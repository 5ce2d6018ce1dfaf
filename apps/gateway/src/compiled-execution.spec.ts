import type { GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import {
  GraphQLEnumType,
  GraphQLError,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  Kind,
  parse,
  type OperationDefinitionNode,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { compilable, compiledExecution, jitCoercesVariables } from './compiled-execution.js';

class Refusal extends Error {
  extensions = { code: 'NOT_FOUND' };
}

const Direction = new GraphQLEnumType({ name: 'Direction', values: { ASC: { value: 'asc' }, DESC: { value: 'desc' } } });
const Order = new GraphQLInputObjectType({ name: 'Order', fields: { direction: { type: new GraphQLNonNull(Direction), defaultValue: 'desc' } } });
/** A filter as the account list takes it: lists of enums, a nested input with a required default. */
const Filter = new GraphQLInputObjectType({
  name: 'Filter',
  fields: { directions: { type: new GraphQLList(new GraphQLNonNull(Direction)) }, min: { type: GraphQLInt }, orders: { type: new GraphQLList(Order) } },
});
/** A custom scalar's default would reach the resolver as JSON on graphql-jit's path. */
const Amount = new GraphQLScalarType({ name: 'Amount', parseValue: (v) => BigInt(v as string), serialize: String });
const Limit = new GraphQLInputObjectType({ name: 'Limit', fields: { max: { type: Amount, defaultValue: 10n } } });
const Row = new GraphQLObjectType({ name: 'Row', fields: { n: { type: new GraphQLNonNull(GraphQLInt) } } });
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      rows: {
        type: new GraphQLList(Row),
        args: { first: { type: new GraphQLNonNull(GraphQLInt) } },
        resolve: (_root, args: { first: number }, ctx: { calls: number }) => {
          ctx.calls++;
          return Array.from({ length: args.first }, (_, i) => ({ n: i }));
        },
      },
      missing: {
        type: GraphQLString,
        resolve: () => {
          throw new Refusal('No such row');
        },
      },
      broken: {
        type: GraphQLString,
        resolve: () => {
          throw new Error('boom');
        },
      },
      ordered: { type: GraphQLString, args: { order: { type: Order } }, resolve: (_root, args: { order?: { direction: string } }) => args.order?.direction ?? 'none' },
      filtered: { type: GraphQLString, args: { filter: { type: Filter } }, resolve: (_root, args: { filter?: unknown }) => JSON.stringify(args.filter) },
      limited: { type: GraphQLString, args: { limit: { type: Limit } }, resolve: () => 'ok' },
    },
  }),
  mutation: new GraphQLObjectType({ name: 'Mutation', fields: { touch: { type: GraphQLInt, resolve: () => 1 } } }),
});

const operationOf = (text: string) => parse(text).definitions[0] as OperationDefinitionNode;

let executor: GatewayExecutor;
beforeAll(async () => {
  executor = (await compiledExecution(schema).load({ apollo: {} })).executor!;
});

async function run(text: string, variables: Record<string, unknown> = {}) {
  const document = parse(text);
  const operation = document.definitions[0] as OperationDefinitionNode;
  const context = { calls: 0 };
  const result = await executor({ document, operation, operationName: operation.name?.value ?? null, request: { query: text, variables }, context } as unknown as GatewayGraphQLRequestContext);
  return { result, context };
}

describe('which operations are compiled', () => {
  it('queries whose variables are scalars or enums without defaults', () => {
    expect(compilable(schema, operationOf('query { rows(first: 2) { n } }'))).toBe(true);
    expect(compilable(schema, operationOf('query($first: Int!) { rows(first: $first) { n } }'))).toBe(true);
  });

  it('queries whose variables are input objects, lists of them and enums', () => {
    expect(compilable(schema, operationOf('query($o: Order) { ordered(order: $o) }'))).toBe(true);
    expect(compilable(schema, operationOf('query($f: Filter) { filtered(filter: $f) }'))).toBe(true);
  });

  it('not mutations, nor variables with defaults of their own, nor inputs with a default of a custom scalar', () => {
    expect(compilable(schema, operationOf('mutation { touch }'))).toBe(false);
    expect(compilable(schema, operationOf('query($first: Int! = 2) { rows(first: $first) { n } }'))).toBe(false);
    expect(compilable(schema, operationOf('query($l: Limit) { limited(limit: $l) }'))).toBe(false);
  });

  it('not a request whose values leave out a non-null input field that has a default (graphql-jit would refuse it)', () => {
    const ordered = operationOf('query($o: Order) { ordered(order: $o) }');
    expect(jitCoercesVariables(schema, ordered, { o: {} })).toBe(false);
    expect(jitCoercesVariables(schema, ordered, { o: { direction: 'ASC' } })).toBe(true);
    expect(jitCoercesVariables(schema, ordered, { o: null })).toBe(true);
    expect(jitCoercesVariables(schema, ordered, {})).toBe(true);
    const filtered = operationOf('query($f: Filter) { filtered(filter: $f) }');
    expect(jitCoercesVariables(schema, filtered, { f: { orders: [{ direction: 'ASC' }, {}] } })).toBe(false);
    expect(jitCoercesVariables(schema, filtered, { f: { orders: {} } })).toBe(false);
    expect(jitCoercesVariables(schema, filtered, { f: { orders: [{ direction: 'DESC' }], directions: ['ASC'] } })).toBe(true);
  });
});

describe('the compiled executor', () => {
  it('answers as graphql-js does, calling the resolver once per field', async () => {
    const { result, context } = await run('query($first: Int!) { rows(first: $first) { n } }', { first: 3 });
    expect(result).toEqual({ data: { rows: [{ n: 0 }, { n: 1 }, { n: 2 }] } });
    expect(context.calls).toBe(1);
  });

  it("gives a resolver's error as a graphql-js GraphQLError with its code, path and location", async () => {
    const { result } = await run('{ missing }');
    const error = result.errors![0];
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(error.originalError).toBeInstanceOf(Refusal);
    expect(error.path).toEqual(['missing']);
    expect(error.locations).toEqual([{ line: 1, column: 3 }]);
    // Apollo reads extensions.code of every error: an error without a code still has the object.
    expect((await run('{ broken }')).result.errors![0].extensions).toEqual({});
  });

  it("refuses a bad variable with graphql-js's error, which names the variable's definition (Apollo's 400)", async () => {
    const { result } = await run('query($first: Int!) { rows(first: $first) { n } }', { first: 'three' });
    expect(result.data).toBeUndefined();
    expect(result.errors![0].nodes?.[0].kind).toBe(Kind.VARIABLE_DEFINITION);
  });

  it('applies an omitted input field default on the graphql-js path', async () => {
    const { result } = await run('query($o: Order) { ordered(order: $o) }', { o: {} });
    expect(result).toEqual({ data: { ordered: 'desc' } });
  });

  it('coerces input objects, lists and enums as graphql-js does when compiled', async () => {
    const text = 'query($f: Filter) { filtered(filter: $f) }';
    const values = { f: { directions: 'ASC', min: 3, orders: [{ direction: 'DESC' }, null] } };
    expect(jitCoercesVariables(schema, operationOf(text), values)).toBe(true);
    expect((await run(text, values)).result).toEqual({ data: { filtered: JSON.stringify({ directions: ['asc'], min: 3, orders: [{ direction: 'desc' }, null] }) } });
    expect((await run(text, { f: { orders: [{}] } })).result).toEqual({ data: { filtered: JSON.stringify({ orders: [{ direction: 'desc' }] }) } });
    expect((await run(text, { f: { min: 'three' } })).result.errors![0].nodes?.[0].kind).toBe(Kind.VARIABLE_DEFINITION);
  });

  it('applies an omitted input field default of a literal argument when compiled', async () => {
    expect(compilable(schema, operationOf('{ ordered(order: {}) }'))).toBe(true);
    expect((await run('{ ordered(order: {}) }')).result).toEqual({ data: { ordered: 'desc' } });
    expect((await run('{ ordered(order: { direction: ASC }) }')).result).toEqual({ data: { ordered: 'asc' } });
  });
});
