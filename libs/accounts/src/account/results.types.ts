import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar, LocalDateScalar, Money, NotEligible, resultUnion } from '@arrears/graphql';
import { User } from '@arrears/platform';

@ObjectType()
export class CollectorAssignmentCount {
  @Field(() => User)
  collector: User;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'What an assignment did' })
export class AssignmentSummary {
  @Field(() => Int, { description: 'Accounts selected by the ids or filter' })
  matched: number;

  @Field(() => Int)
  assigned: number;

  @Field(() => Int, { description: "Not assigned: the collector may not work on the account's bank" })
  skippedOutOfScope: number;

  @Field(() => [CollectorAssignmentCount])
  perCollector: CollectorAssignmentCount[];
}

export const AssignmentResult = resultUnion('AssignmentResult', [AssignmentSummary, NotEligible]);

@ObjectType({ description: 'A repayment plan or promise to pay still open on an account being recalled' })
export class RecallOpenItem {
  @Field(() => ID)
  accountId: string;

  @Field(() => String, { description: 'PLAN or PROMISE' })
  kind: string;

  @Field(() => ID, { description: 'The plan (RepaymentPlan node id) or promise' })
  itemId: string;

  @Field(() => String)
  status: string;

  @Field(() => DecimalScalar)
  amount: string;

  @Field(() => LocalDateScalar, { nullable: true })
  dueOn: string | null;
}

@ObjectType()
export class RecallSummary {
  @Field(() => Int)
  recalled: number;

  @Field(() => Boolean, { description: 'Plans or promises are open and were not confirmed: nothing changed; show openItems and ask again with confirmOpenItems' })
  needsConfirmation: boolean;

  @Field(() => [RecallOpenItem])
  openItems: RecallOpenItem[];

  @Field(() => Int, { description: 'Accounts left out because a legal case holds them (recalled once the case is withdrawn)' })
  blockedByLegalCase: number;

  @Field(() => [ID], { description: 'One recall per bank; its return file is GET /api/recalls/:id/return-file' })
  recallIds: string[];
}

@ObjectType()
export class AgingRun {
  @Field(() => Int)
  accountsAged: number;

  @Field(() => Int)
  bucketChanges: number;
}

@ObjectType({ description: 'Placed, collected and liquidation for one group of accounts' })
export class PortfolioBreakdown {
  @Field(() => String, { description: 'The bucket, the placement month (yyyy-mm-01) or "total"' })
  key: string;

  @Field(() => Int)
  accounts: number;

  @Field(() => Int)
  activeAccounts: number;

  @Field(() => Money)
  placed: Money;

  @Field(() => Money)
  collected: Money;

  @Field(() => DecimalScalar, { description: 'Collected ÷ placed, 4 decimals' })
  liquidationRate: string;
}

@ObjectType({ description: "A bank's placed portfolio as of a date" })
export class PortfolioSummary {
  @Field(() => LocalDateScalar, { description: 'The date of the figures (the latest daily snapshot on or before the date asked)' })
  asOf: string;

  @Field(() => DateTimeScalar, { nullable: true })
  refreshedAt: Date | null;

  @Field(() => [PortfolioBreakdown], { description: 'One line per currency' })
  totals: PortfolioBreakdown[];

  @Field(() => [PortfolioBreakdown])
  byBucket: PortfolioBreakdown[];

  @Field(() => [PortfolioBreakdown])
  byPlacementMonth: PortfolioBreakdown[];

  @Field(() => [PortfolioBreakdown], {
    description:
      'By the bucket each placement episode was placed in (委案手别): placed = the balance at placement, collected = what was credited to that episode. Every episode counts, including ended ones; read live, not from the snapshot',
  })
  byBucketAtPlacement: PortfolioBreakdown[];

  clientDbId: string;
}
