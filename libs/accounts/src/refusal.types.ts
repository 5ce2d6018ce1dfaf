import { Field, ObjectType } from 'type-graphql';
import { ErrorResult } from '@arrears/graphql';

@ObjectType({ description: 'One parameter of a refusal, for rendering its message in the user’s language' })
export class RefusalParam {
  @Field(() => String)
  name: string;

  @Field(() => String)
  value: string;
}

@ObjectType({ implements: ErrorResult, description: 'A refusal with a stable code and the parameters its message is built from' })
export class Refused extends ErrorResult {
  @Field(() => [RefusalParam])
  params: RefusalParam[];

  static of(code: string, params: Record<string, string>, message: string): Refused {
    return Object.assign(new Refused(), { code, message, params: Object.entries(params).map(([name, value]) => ({ name, value })) });
  }
}
