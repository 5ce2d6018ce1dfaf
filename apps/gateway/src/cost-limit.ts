import type { ApolloServerPlugin } from '@apollo/server';
import { getNullableType, GraphQLError, isListType, isLeafType, getNamedType, Kind, type GraphQLSchema } from 'graphql';
// The CommonJS build: it loads the same graphql module as Apollo and type-graphql (its ESM build
// would load graphql's .mjs files, a second realm: "Cannot use GraphQLObjectType from another module").
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity/cjs';
import { MAX_PAGE_SIZE } from '@arrears/graphql';

/** Page size when `first` is not given (ConnectionArgs' default). */
const DEFAULT_FIRST = 50;
/** A list field that declares no size (`listSize` extension) is assumed to hold this many. */
const DEFAULT_LIST_SIZE = 10;

export interface CostLimitOptions {
  maxCost: number;
}

/**
 * What one field costs, counting list sizes: an object costs 1 (a row) plus what is under it; a field
 * with `first` multiplies what is under it by the page it asks for (default 50, at most 200); any
 * other list of objects costs its declared `listSize` extension (the cap its loader applies) times
 * one item. The
 * edges/nodes lists of a connection are already counted by its `first`. Leaves cost nothing: they
 * cause no statement.
 */
export const listAwareEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (isLeafType(getNamedType(field.type))) return 0;
  if (field.args.some((a) => a.name === 'first')) {
    const first = typeof args.first === 'number' ? args.first : DEFAULT_FIRST;
    return 1 + Math.min(Math.max(first, 1), MAX_PAGE_SIZE) * childComplexity;
  }
  if (isListType(getNullableType(field.type))) {
    if (type.name.endsWith('Connection') && (field.name === 'edges' || field.name === 'nodes')) return 1 + childComplexity;
    const declared = (field.extensions as { listSize?: unknown } | undefined)?.listSize;
    const size = typeof declared === 'number' ? declared : DEFAULT_LIST_SIZE;
    return size * (1 + childComplexity);
  }
  return 1 + childComplexity;
};

type Document = Parameters<typeof getComplexity>[0]['query'];

/** The cost of one operation of a request, as the limit counts it. */
export function operationCost(schema: GraphQLSchema, query: Document, variables: Record<string, unknown>, operationName?: string): number {
  return getComplexity({ schema, query, variables, operationName, estimators: [listAwareEstimator] });
}

/** Costs already computed, per parsed document (Apollo hands the same object for the same query text) and variables. */
const known = new WeakMap<Document, Map<string, number>>();
const KNOWN_PER_DOCUMENT = 64;
/** Variables longer than this (bulk inputs) are not kept as keys: at most 64 × 1 KB per document. */
const MAX_KEY_LENGTH = 1024;

/**
 * `operationCost`, remembered: walking the document with the schema is a few per cent of a small
 * request's CPU, and the hot reads send the same few documents and variables again and again.
 */
export function rememberedOperationCost(schema: GraphQLSchema, query: Document, variables: Record<string, unknown>, operationName?: string): number {
  const key = `${operationName ?? ''}\u0000${JSON.stringify(variables)}`;
  if (key.length > MAX_KEY_LENGTH) return operationCost(schema, query, variables, operationName);
  let costs = known.get(query);
  const cached = costs?.get(key);
  if (cached !== undefined) return cached;
  const cost = operationCost(schema, query, variables, operationName);
  if (!costs || costs.size >= KNOWN_PER_DOCUMENT) known.set(query, (costs = new Map()));
  costs.set(key, cost);
  return cost;
}

/**
 * Refuses, before execution, an operation whose cost (list sizes included) is over the limit, with
 * GRAPHQL_VALIDATION_FAILED (HTTP 400) and the cost and limit in the extensions. graphql-armor's own
 * cost limit weighs depth and fields but not list sizes, so a 200-row page with nested lists would
 * cost the same as one row.
 */
export function costLimitPlugin<C extends object>(opts: CostLimitOptions): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          // Weighing (and remembering) the variables walks them recursively, as graphql-js and the audit
          // do: a body nested thousands deep would overflow the stack there, a server error.
          if (nestedDeeperThan(request.variables, MAX_VARIABLES_DEPTH)) {
            throw new GraphQLError(`Variables may be nested at most ${MAX_VARIABLES_DEPTH} levels deep`, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
          let cost: number;
          try {
            cost = rememberedOperationCost(schema, document, request.variables ?? {}, operationName ?? undefined);
          } catch (e) {
            // Variables that do not fit their types: the operation is never executed, and execution is
            // what answers them as BAD_USER_INPUT (HTTP 400) naming the variable. Thrown from here, the
            // same error would reach the client as INTERNAL_SERVER_ERROR.
            if (isVariableError(e)) return;
            throw e;
          }
          if (cost > opts.maxCost) {
            throw new GraphQLError(`Query cost ${cost} exceeds the maximum of ${opts.maxCost}: ask for smaller pages or fewer nested lists`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost, maxCost: opts.maxCost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/** graphql-js's refusal of a variable's value (the error's one node is the variable's definition). */
function isVariableError(e: unknown): boolean {
  return e instanceof GraphQLError && e.nodes?.length === 1 && e.nodes[0].kind === Kind.VARIABLE_DEFINITION;
}

/** Deeper than any input this schema takes (its input objects nest a few levels). */
export const MAX_VARIABLES_DEPTH = 32;

/** Whether arrays and objects in `value` nest deeper than `max` (iterative: the walk itself must not overflow). */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [v, depth] = next;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
