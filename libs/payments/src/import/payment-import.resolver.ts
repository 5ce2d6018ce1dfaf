import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, ObjectType, Mutation, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { DateTimeScalar, fromGlobalIdOrThrow, Money, Node, notFound, requirePrincipal, toGlobalId } from '@arrears/graphql';
import { PLATFORM_NODE_TYPES } from '@arrears/platform';
import type { RequestContext } from '@arrears/tenancy';
import type { PaymentFileKind, PaymentFileMapping } from './payment-file.js';
import { PaymentImportService, type PaymentImportRow } from './payment-import.service.js';

export const PAYMENT_IMPORT_NODE_TYPE = 'PaymentImport';

export enum PaymentFileKindValue {
  PAYMENTS = 'payments',
  DIRECT_PAYMENTS = 'direct_payments',
}
registerEnumType(PaymentFileKindValue, { name: 'PaymentFileKind', description: "PAYMENTS: collected through the agency; DIRECT_PAYMENTS: the bank's list of payments made to it directly" });

/** The bank's header text for each field of a payment file (absent: the usual headers are tried). */
@ObjectType()
export class PaymentFileColumns {
  @Field(() => String, { nullable: true }) bankRef?: string;
  @Field(() => String, { nullable: true }) txnRef?: string;
  @Field(() => String, { nullable: true }) amount?: string;
  @Field(() => String, { nullable: true }) paidOn?: string;
  @Field(() => String, { nullable: true }) channel?: string;
  @Field(() => String, { nullable: true }) note?: string;

  static of(m: PaymentFileMapping): PaymentFileColumns {
    return Object.assign(new PaymentFileColumns(), m);
  }
}

@InputType()
export class PaymentFileColumnsInput {
  @Field(() => String, { nullable: true }) bankRef?: string;
  @Field(() => String, { nullable: true }) txnRef?: string;
  @Field(() => String, { nullable: true }) amount?: string;
  @Field(() => String, { nullable: true }) paidOn?: string;
  @Field(() => String, { nullable: true }) channel?: string;
  @Field(() => String, { nullable: true }) note?: string;
}

@ObjectType()
export class PaymentImportRejection {
  @Field(() => Int) rowNumber: number;
  @Field(() => String) reason: string;
  @Field(() => String, { nullable: true }) value: string | null;
}

@ObjectType({ implements: Node, description: 'One bank payment file and what became of its rows' })
export class PaymentImport extends Node {
  @Field(() => PaymentFileKindValue) fileKind: PaymentFileKindValue;
  @Field(() => String) fileName: string;
  @Field(() => String) status: string;
  @Field(() => Int) rowsRead: number;
  @Field(() => Int) rowsPosted: number;
  @Field(() => Int, { description: 'Rows whose transaction was already posted: not counted again' }) rowsDuplicate: number;
  @Field(() => Int) rowsRejected: number;
  @Field(() => Money) totalPosted: Money;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field(() => DateTimeScalar) createdAt: Date;
  row: PaymentImportRow;

  static fromRow(r: PaymentImportRow): PaymentImport {
    return Object.assign(new PaymentImport(), {
      id: toGlobalId(PAYMENT_IMPORT_NODE_TYPE, r.id),
      row: r,
      fileKind: r.file_kind as PaymentFileKindValue,
      fileName: r.file_name,
      status: r.status,
      rowsRead: r.rows_read,
      rowsPosted: r.rows_posted,
      rowsDuplicate: r.rows_duplicate,
      rowsRejected: r.rows_rejected,
      totalPosted: Money.of(r.total_posted, r.currency),
      error: r.error,
      createdAt: r.created_at,
    });
  }
}

const svc = async (ctx: RequestContext) => new PaymentImportService(await ctx.session.manager());
const clientDbId = (id: string) => fromGlobalIdOrThrow(id, PLATFORM_NODE_TYPES.client, 'Client');

@Resolver(() => PaymentImport)
export class PaymentImportResolver {
  @Authorized('agency_admin', 'supervisor')
  @Query(() => [PaymentImport], { description: 'Payment files, newest first (at most 50)' })
  async paymentImports(@Arg('clientId', () => ID, { nullable: true }) clientId: string | undefined, @Ctx() ctx: RequestContext): Promise<PaymentImport[]> {
    return (await (await svc(ctx)).list(clientId ? clientDbId(clientId) : null, 50)).map(PaymentImport.fromRow);
  }

  @FieldResolver(() => [PaymentImportRejection], { description: 'Rejected and duplicate rows (at most 200 here; the CSV report has all)' })
  async rejections(@Root() p: PaymentImport, @Ctx() ctx: RequestContext): Promise<PaymentImportRejection[]> {
    const rows = await (await svc(ctx)).rejections(p.row.id);
    return rows.slice(0, 200).map((r) => Object.assign(new PaymentImportRejection(), { rowNumber: r.row_number, reason: r.reason, value: r.value }));
  }

  @Authorized('agency_admin', 'supervisor')
  @Query(() => PaymentFileColumns, { nullable: true, description: "The saved column mapping (field → the bank's header) for a bank and file kind" })
  async paymentFileMapping(@Arg('clientId', () => ID) clientId: string, @Arg('fileKind', () => PaymentFileKindValue) fileKind: PaymentFileKindValue, @Ctx() ctx: RequestContext) {
    const m = await (await svc(ctx)).mapping(clientDbId(clientId), fileKind as PaymentFileKind);
    return m && PaymentFileColumns.of(m);
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => PaymentFileColumns, { description: "Save the column mapping of a bank's payment files: the bank's header for each field" })
  async savePaymentFileMapping(
    @Arg('clientId', () => ID) clientId: string,
    @Arg('fileKind', () => PaymentFileKindValue) fileKind: PaymentFileKindValue,
    @Arg('mapping', () => PaymentFileColumnsInput) mapping: PaymentFileColumnsInput,
    @Ctx() ctx: RequestContext,
  ) {
    const id = clientDbId(clientId);
    const principal = requirePrincipal(ctx);
    if (!principal.clientIds.includes(id)) throw notFound('Client');
    return PaymentFileColumns.of(await (await svc(ctx)).saveMapping(principal, id, fileKind as PaymentFileKind, { ...mapping }));
  }
}

export async function loadPaymentImport(ctx: RequestContext, id: string) {
  return (await svc(ctx)).get(id);
}
