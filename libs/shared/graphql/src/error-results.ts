import { isUnionType, type GraphQLSchema, type GraphQLTypeResolver } from 'graphql';
import { createUnionType, Field, InterfaceType, ObjectType } from 'type-graphql';
import type { ClassType } from 'type-graphql';

/**
 * Outcomes a caller must handle (not eligible, over a limit, blocked by policy) are returned as members
 * of a result union rather than thrown, so the schema documents them and clients switch on __typename.
 */
@InterfaceType({ description: 'An expected domain outcome that is not a success' })
export abstract class ErrorResult {
  @Field(() => String, { description: 'Stable machine-readable code' })
  code: string;

  @Field(() => String)
  message: string;
}

@ObjectType({ implements: ErrorResult, description: 'The target is not eligible for this operation' })
export class NotEligible extends ErrorResult {
  constructor(message: string, code = 'NOT_ELIGIBLE') {
    super();
    this.code = code;
    this.message = message;
  }
}

@ObjectType({ implements: ErrorResult, description: 'The operation would exceed a limit' })
export class LimitExceeded extends ErrorResult {
  constructor(message: string, code = 'LIMIT_EXCEEDED') {
    super();
    this.code = code;
    this.message = message;
  }
}

@ObjectType({ implements: ErrorResult, description: 'A policy forbids this operation' })
export class PolicyBlocked extends ErrorResult {
  constructor(message: string, code = 'POLICY_BLOCKED') {
    super();
    this.code = code;
    this.message = message;
  }
}

/** Each result union's own type resolver, by union name (see `syncResultUnions`). */
const resultTypeResolvers = new Map<string, GraphQLTypeResolver<unknown, { rejection?: string }>>();

/** A union of one success type and error results; members are told apart by their class. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function resultUnion(name: string, types: ClassType<any>[]) {
  const resolveType = (value: unknown, context: { rejection?: string }) => {
    // An expected refusal is still a refusal: the audit log records it as 'rejected' with its code.
    if (value instanceof ErrorResult) context.rejection = value.code;
    return types.find((t) => value instanceof t)?.name;
  };
  resultTypeResolvers.set(name, resolveType);
  return createUnionType({ name, types: () => types, resolveType });
}

/**
 * type-graphql wraps a union's own type resolver in an async function. The gateway's compiled execution
 * (graphql-jit) calls type resolvers synchronously, so the built schema gets the result unions' resolvers
 * back unwrapped (graphql-js takes them either way).
 */
export function syncResultUnions(schema: GraphQLSchema): GraphQLSchema {
  for (const [name, resolveType] of resultTypeResolvers) {
    const type = schema.getType(name);
    if (isUnionType(type)) type.resolveType = resolveType;
  }
  return schema;
}
