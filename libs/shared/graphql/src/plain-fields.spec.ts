import 'reflect-metadata';
import { graphql, type GraphQLObjectType } from 'graphql';
import { Authorized, buildSchema, Field, FieldResolver, ObjectType, Query, Resolver, Root, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { readPlainFieldsDirectly } from './plain-fields.js';

const shout: MiddlewareFn = async (_, next) => String(await next()).toUpperCase();

@ObjectType()
class Shelf {
  @Field(() => String)
  label = 'shelf';
}

@ObjectType()
class Parcel extends Shelf {
  @Field(() => String)
  sender = 'Li Wei';

  @Authorized('ADMIN')
  @Field(() => String, { nullable: true })
  secret = 'hidden';

  @UseMiddleware(shout)
  @Field(() => String)
  note = 'quiet';

  @Field(() => String, { name: 'weight' })
  grams = '900';

  @Field(() => String)
  summary = 'unused: the field resolver answers';
}

@Resolver(() => Parcel)
class ParcelResolver {
  @Query(() => Parcel)
  parcel(): Parcel {
    return new Parcel();
  }

  @FieldResolver(() => String)
  summary(@Root() p: Parcel): string {
    return `${p.sender} ${p.grams} g`;
  }
}

describe('readPlainFieldsDirectly', () => {
  it('drops the wrapper of plain fields only; roles, middlewares, renamed fields and field resolvers keep theirs and still apply', async () => {
    const schema = readPlainFieldsDirectly(await buildSchema({ resolvers: [ParcelResolver], validate: false, authChecker: () => false, authMode: 'null' }));
    const fields = (schema.getType('Parcel') as GraphQLObjectType).getFields();
    expect(fields.sender.resolve).toBeUndefined();
    expect(fields.label.resolve).toBeUndefined();
    for (const kept of ['secret', 'note', 'weight', 'summary']) expect(fields[kept].resolve, kept).toBeTypeOf('function');

    const result = await graphql({ schema, source: '{ parcel { label sender secret note weight summary } }' });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ parcel: { label: 'shelf', sender: 'Li Wei', secret: null, note: 'QUIET', weight: '900', summary: 'Li Wei 900 g' } });
  });
});
