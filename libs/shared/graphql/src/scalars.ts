import { Decimal } from 'decimal.js';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { GraphQLDateTimeISO, GraphQLJSONObject, GraphQLLocalDate } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';

const DECIMAL = /^-?\d{1,18}(\.\d{1,6})?$/;

/** Exact decimal amounts as strings on the wire ("1234.50"); decimal.js in code, numeric in Postgres. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "1234.50". Never a float.',
  serialize(value) {
    if (value instanceof Decimal) return value.toFixed();
    if (typeof value === 'string' && DECIMAL.test(value)) return value;
    throw new GraphQLError('Decimal cannot represent this value');
  },
  parseValue(value) {
    if (typeof value === 'string' && DECIMAL.test(value.trim())) return new Decimal(value.trim());
    throw new GraphQLError('Decimal must be a string like "1234.50"', { extensions: { code: 'BAD_USER_INPUT' } });
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING && DECIMAL.test(ast.value.trim())) return new Decimal(ast.value.trim());
    throw new GraphQLError('Decimal must be a string like "1234.50"', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

export const DateTimeScalar = new GraphQLScalarType({ ...GraphQLDateTimeISO.toConfig(), name: 'DateTime' });
export const LocalDateScalar = GraphQLLocalDate;
/** Structured bodies whose shape a domain validates itself (policy bodies). */
export const JSONObjectScalar = GraphQLJSONObject;

/** An amount with its currency: no amount travels without one. */
@ObjectType()
export class Money {
  @Field(() => DecimalScalar)
  amount: string;

  @Field(() => String, { description: 'ISO 4217 code' })
  currency: string;

  static of(amount: string | Decimal, currency: string): Money {
    const m = new Money();
    m.amount = typeof amount === 'string' ? amount : amount.toFixed();
    m.currency = currency;
    return m;
  }
}
