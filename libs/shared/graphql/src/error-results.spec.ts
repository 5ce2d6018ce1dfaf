import 'reflect-metadata';
import { isUnionType, type GraphQLResolveInfo, type GraphQLUnionType } from 'graphql';
import { buildSchema, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { NotEligible, resultUnion, syncResultUnions } from './error-results.js';

@ObjectType()
class Widget {
  @Field()
  name!: string;
}

const WidgetResult = resultUnion('WidgetResult', [Widget, NotEligible]);

@Resolver()
class WidgetResolver {
  @Query(() => WidgetResult)
  widget(): typeof WidgetResult {
    return new NotEligible('No widget today', 'NO_WIDGET');
  }
}

describe('result unions', () => {
  it('resolve their member synchronously once the schema is passed through syncResultUnions, recording a refusal', async () => {
    const schema = syncResultUnions(await buildSchema({ resolvers: [WidgetResolver], validate: false }));
    const union = schema.getType('WidgetResult') as GraphQLUnionType;
    expect(isUnionType(union)).toBe(true);
    const context: { rejection?: string } = {};
    const info = {} as GraphQLResolveInfo;
    // type-graphql's own wrapper answers with a promise; graphql-jit needs the name itself.
    expect(union.resolveType!(new NotEligible('No widget today', 'NO_WIDGET'), context, info, union)).toBe('NotEligible');
    expect(context.rejection).toBe('NO_WIDGET');
    expect(union.resolveType!(Object.assign(new Widget(), { name: 'w' }), {}, info, union)).toBe('Widget');
  });
});
