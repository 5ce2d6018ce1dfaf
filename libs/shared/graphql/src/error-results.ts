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

/** A union of one success type and error results; members are told apart by their class. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function resultUnion(name: string, types: ClassType<any>[]) {
  return createUnionType({
    name,
    types: () => types,
    resolveType: (value, context: { rejection?: string }) => {
      // An expected refusal is still a refusal: the audit log records it as 'rejected' with its code.
      if (value instanceof ErrorResult) context.rejection = value.code;
      return types.find((t) => value instanceof t)?.name;
    },
  });
}
