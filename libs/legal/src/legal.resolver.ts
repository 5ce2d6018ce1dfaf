import { Decimal } from 'decimal.js';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { accountsNodeResolvers } from '@arrears/accounts';
import {
  badInput,
  ConnectionArgs,
  ConnectionType,
  decodeCursor,
  fromGlobalIdOrThrow,
  Node,
  notFound,
  NotEligible,
  pageSize,
  perRequestLoader,
  requirePrincipal,
  resultUnion,
  toConnection,
  toGlobalId,
} from '@arrears/graphql';
import { Client, LawFirm, loadClient, PLATFORM_NODE_TYPES, PolicyService } from '@arrears/platform';
import type { RequestContext } from '@arrears/tenancy';
import { legalCandidates } from './case-file/candidates.service.js';
import type { LegalRuntime, PlaintiffRow } from './case-file/case-file.service.js';
import { LegalCaseService, Refusal, type CaseRow } from './case/legal-case.service.js';
import { CASE_STATUSES, transitionRefusal, type CaseStatus } from './case/status-machine.js';
import { LegalDocumentService } from './documents/documents.service.js';
import { LEGAL_ELIGIBILITY } from './eligibility/eligibility-policy.js';
import { feeTermsProblem, LawFirmService, type LawFirmRow } from './law-firm/law-firm.service.js';
import {
  BankDocument,
  CaseFile,
  FeeBasisValue,
  LawFirmInput,
  LEGAL_NODE_TYPES,
  LegalCandidate,
  LegalCase,
  LegalCaseFilter,
  LegalCaseStatusChange,
  LegalCaseStatusValue,
  LegalCost,
  LegalCostInput,
  LegalDocument,
  LegalPlaintiff,
  LegalPlaintiffInput,
  LegalReadiness,
  LegalRecovery,
  LegalRecoveryInput,
  MoveLegalCaseInput,
  ReferralRefusal,
  ReferralResult,
  ReferToLawFirmInput,
} from './legal.types.js';

/** What legal resolvers need from the app that assembles them. */
export interface LegalDeps {
  dataSource: DataSource;
  legal: LegalRuntime;
}

@ObjectType()
export class LawFirmConnection extends ConnectionType(LawFirm) {}
@ObjectType()
export class LegalCaseConnection extends ConnectionType(LegalCase) {}
@ObjectType()
export class LegalCandidateConnection extends ConnectionType(LegalCandidate) {}

export const ReferToLawFirmResult = resultUnion('ReferToLawFirmResult', [ReferralResult, NotEligible]);
export const LegalCaseResult = resultUnion('LegalCaseResult', [LegalCase, NotEligible]);
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export const LegalCostResult = resultUnion('LegalCostResult', [LegalCost, NotEligible]);
export const LegalRecoveryResult = resultUnion('LegalRecoveryResult', [LegalRecovery, NotEligible]);

const decimalText = (v: unknown): string => (v instanceof Decimal ? v.toFixed() : String(v));
const clientDbId = (id: string) => fromGlobalIdOrThrow(id, PLATFORM_NODE_TYPES.client, 'Client');
const caseDbId = (id: string) => fromGlobalIdOrThrow(id, LEGAL_NODE_TYPES.legalCase, 'Legal case');
const refusal = (r: Refusal) => new NotEligible(r.message, r.code);

export function loadLegalCase(ctx: RequestContext, rt: LegalRuntime, id: string): Promise<CaseRow | null> {
  return perRequestLoader<string, CaseRow | null>(ctx, 'legal.case', async (ids) => {
    const rows = await new LegalCaseService(await ctx.session.manager(), rt).byIds(ids);
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  }).load(id);
}

export function loadLawFirm(ctx: RequestContext, id: string): Promise<LawFirmRow | null> {
  return perRequestLoader<string, LawFirmRow | null>(ctx, 'legal.lawFirm', async (ids) => {
    const rows = await new LawFirmService(await ctx.session.manager()).byIds(ids);
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  }).load(id);
}

/** Rows of a per-case list, batched for every case of the response. */
function perCase<R extends { case_id: string }>(ctx: RequestContext, name: string, fetch: (ids: readonly string[]) => Promise<R[]>, caseId: string): Promise<R[]> {
  return perRequestLoader<string, R[]>(ctx, name, async (ids) => {
    const rows = await fetch(ids);
    return ids.map((id) => rows.filter((r) => r.case_id === id));
  }).load(caseId);
}

@Resolver(() => LawFirm)
export class LawFirmResolver {
  @Authorized('agency_admin', 'supervisor', 'lawyer')
  @Query(() => LawFirmConnection, { description: "The agency's partner law firms (a lawyer sees their own)" })
  async lawFirms(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: RequestContext) {
    const first = pageSize(args.first);
    const after = decodeCursor(args.after, 2) as [string, string] | null;
    const rows = await new LawFirmService(await ctx.session.manager()).list(first, after);
    return toConnection(rows, first, (r) => [r.name, r.id], (r) => LawFirm.fromRow(r), after !== null);
  }

  @Authorized('agency_admin')
  @Mutation(() => LawFirm, { description: 'Create a partner law firm, or update it when id is given' })
  async saveLawFirm(@Arg('id', () => ID, { nullable: true }) id: string | undefined, @Arg('input', () => LawFirmInput) input: LawFirmInput, @Ctx() ctx: RequestContext): Promise<LawFirm> {
    const terms = { ...input, feeBasis: input.feeBasis, feeRate: input.feeRate != null ? decimalText(input.feeRate) : null, fixedFee: input.fixedFee != null ? decimalText(input.fixedFee) : null };
    const problem = feeTermsProblem(terms);
    if (problem) throw badInput(problem, { fields: [input.feeBasis === FeeBasisValue.FIXED ? 'fixedFee' : 'feeRate'] });
    const dbId = id ? fromGlobalIdOrThrow(id, PLATFORM_NODE_TYPES.lawFirm, 'Law firm') : null;
    const row = await new LawFirmService(await ctx.session.manager()).save(requirePrincipal(ctx), dbId, terms);
    if (!row) throw notFound('Law firm');
    return LawFirm.fromRow(row);
  }

  private async details(firm: LawFirm, ctx: RequestContext): Promise<LawFirmRow | null> {
    return loadLawFirm(ctx, firm.dbId);
  }

  @FieldResolver(() => String, { nullable: true })
  async contactName(@Root() f: LawFirm, @Ctx() ctx: RequestContext) {
    return (await this.details(f, ctx))?.contact_name ?? null;
  }

  @FieldResolver(() => String, { nullable: true })
  async contactPhone(@Root() f: LawFirm, @Ctx() ctx: RequestContext) {
    return (await this.details(f, ctx))?.contact_phone ?? null;
  }

  @FieldResolver(() => String, { nullable: true })
  async contactEmail(@Root() f: LawFirm, @Ctx() ctx: RequestContext) {
    return (await this.details(f, ctx))?.contact_email ?? null;
  }

  @FieldResolver(() => [String], { description: 'Regions covered' })
  async regions(@Root() f: LawFirm, @Ctx() ctx: RequestContext) {
    return (await this.details(f, ctx))?.regions ?? [];
  }

  @FieldResolver(() => [String], { description: 'Courts the firm appears before' })
  async courts(@Root() f: LawFirm, @Ctx() ctx: RequestContext) {
    return (await this.details(f, ctx))?.courts ?? [];
  }

  @FieldResolver(() => FeeBasisValue, { nullable: true })
  async feeBasis(@Root() f: LawFirm, @Ctx() ctx: RequestContext) {
    return ((await this.details(f, ctx))?.fee_basis as FeeBasisValue) ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The share for CONTINGENCY and RISK_AGENCY, 0–1, as a decimal string' })
  async feeRate(@Root() f: LawFirm, @Ctx() ctx: RequestContext) {
    return (await this.details(f, ctx))?.fee_rate ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The fixed fee per case, as a decimal string' })
  async fixedFee(@Root() f: LawFirm, @Ctx() ctx: RequestContext) {
    return (await this.details(f, ctx))?.fixed_fee ?? null;
  }

  @FieldResolver(() => String, { nullable: true })
  async feeCurrency(@Root() f: LawFirm, @Ctx() ctx: RequestContext) {
    return (await this.details(f, ctx))?.fee_currency ?? null;
  }
}

@Resolver(() => LegalCase)
export class LegalCaseResolver {
  constructor(private readonly deps: LegalDeps) {}

  private async svc(ctx: RequestContext) {
    return new LegalCaseService(await ctx.session.manager(), this.deps.legal);
  }

  @Authorized('agency_admin', 'supervisor', 'collector', 'client_user', 'lawyer')
  @Query(() => LegalCaseConnection, { description: 'Legal cases you may see: staff and banks theirs, a lawyer the firm’s' })
  async legalCases(@Args(() => ConnectionArgs) args: ConnectionArgs, @Arg('filter', () => LegalCaseFilter, { nullable: true }) filter: LegalCaseFilter | undefined, @Ctx() ctx: RequestContext) {
    const first = pageSize(args.first);
    const after = decodeCursor(args.after, 2) as [string, string] | null;
    const rows = await (await this.svc(ctx)).list({
      first,
      after,
      statuses: filter?.statuses as CaseStatus[] | undefined,
      clientId: filter?.clientId ? clientDbId(filter.clientId) : undefined,
      accountId: filter?.accountId ? fromGlobalIdOrThrow(filter.accountId, 'Account', 'Account') : undefined,
    });
    return toConnection(rows, first, (r) => [(r as CaseRow & { referred_iso: string }).referred_iso, r.id], LegalCase.fromRow, after !== null);
  }

  @Authorized('agency_admin', 'supervisor', 'collector', 'client_user', 'lawyer')
  @Query(() => LegalCase, { nullable: true })
  async legalCase(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<LegalCase | null> {
    const row = await loadLegalCase(ctx, this.deps.legal, caseDbId(id));
    return row && LegalCase.fromRow(row);
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => ReferToLawFirmResult, { description: 'Refer one account or many to a law firm; each is checked again and refused with its reason' })
  async referToLawFirm(@Arg('input', () => ReferToLawFirmInput) input: ReferToLawFirmInput, @Ctx() ctx: RequestContext) {
    const ids = input.accountIds.map((id) => fromGlobalIdOrThrow(id, 'Account', 'Account'));
    const out = await (await this.svc(ctx)).refer(requirePrincipal(ctx), ids, fromGlobalIdOrThrow(input.lawFirmId, PLATFORM_NODE_TYPES.lawFirm, 'Law firm'), input.note ?? null);
    if (out instanceof Refusal) return refusal(out);
    return Object.assign(new ReferralResult(), {
      cases: out.cases.map(LegalCase.fromRow),
      refused: out.refused.map((r) => Object.assign(new ReferralRefusal(), { ...r, accountId: input.accountIds[ids.indexOf(r.accountId)] })),
    });
  }

  @Authorized('client_user')
  @Mutation(() => LegalCaseResult, { description: 'The bank authorises the suit (the case file is assembled then) or declines it' })
  async authoriseLegalCase(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('approve', () => Boolean) approve: boolean,
    @Arg('note', () => String, { nullable: true }) note: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const out = await (await this.svc(ctx)).authorise(requirePrincipal(ctx), caseDbId(caseId), approve, note?.slice(0, 1000) ?? null);
    if (!out) throw notFound('Legal case');
    return out instanceof Refusal ? refusal(out) : LegalCase.fromRow(out);
  }

  @Authorized('lawyer', 'agency_admin', 'supervisor')
  @Mutation(() => LegalCaseResult, { description: 'The firm moves a case along the court path (or accepts, declines, returns it); staff withdraw it' })
  async moveLegalCase(@Arg('input', () => MoveLegalCaseInput) input: MoveLegalCaseInput, @Ctx() ctx: RequestContext) {
    const out = await (await this.svc(ctx)).move(requirePrincipal(ctx), caseDbId(input.caseId), input.to as CaseStatus, input);
    if (!out) throw notFound('Legal case');
    return out instanceof Refusal ? refusal(out) : LegalCase.fromRow(out);
  }

  @Authorized('lawyer', 'agency_admin', 'supervisor')
  @Mutation(() => LegalCostResult, { description: 'Record a court or enforcement cost on a case' })
  async recordLegalCost(@Arg('input', () => LegalCostInput) input: LegalCostInput, @Ctx() ctx: RequestContext) {
    const out = await (await this.svc(ctx)).recordCost(requirePrincipal(ctx), caseDbId(input.caseId), { ...input, amount: decimalText(input.amount) });
    if (!out) throw notFound('Legal case');
    return out instanceof Refusal ? refusal(out) : LegalCost.fromRow(out);
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => LegalCostResult, { description: "Book a firm's recorded cost to the ledger as a legal cost (once)" })
  async postLegalCost(@Arg('costId', () => ID) costId: string, @Ctx() ctx: RequestContext) {
    const id = isUuid(costId) ? costId : null;
    const out = id && (await (await this.svc(ctx)).postCost(requirePrincipal(ctx), id));
    if (!out) throw notFound('Legal cost');
    return out instanceof Refusal ? refusal(out) : LegalCost.fromRow(out);
  }

  @Authorized('lawyer', 'agency_admin', 'supervisor')
  @Mutation(() => LegalRecoveryResult, { description: 'Record an amount recovered; agency staff confirm it before it is posted' })
  async recordLegalRecovery(@Arg('input', () => LegalRecoveryInput) input: LegalRecoveryInput, @Ctx() ctx: RequestContext) {
    const out = await (await this.svc(ctx)).recordRecovery(requirePrincipal(ctx), caseDbId(input.caseId), { ...input, amount: decimalText(input.amount) });
    if (!out) throw notFound('Legal case');
    return out instanceof Refusal ? refusal(out) : LegalRecovery.fromRow(out);
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => LegalRecoveryResult, { description: 'Confirm a recovery (posted exactly once) or reject it' })
  async decideLegalRecovery(
    @Arg('recoveryId', () => ID) recoveryId: string,
    @Arg('confirm', () => Boolean) confirm: boolean,
    @Arg('note', () => String, { nullable: true }) note: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const out = await (await this.svc(ctx)).decideRecovery(requirePrincipal(ctx), fromGlobalIdOrThrow(recoveryId, LEGAL_NODE_TYPES.recovery, 'Recovery'), confirm, note?.slice(0, 1000) ?? null);
    if (!out) throw notFound('Recovery');
    return out instanceof Refusal ? refusal(out) : LegalRecovery.fromRow(out);
  }

  @FieldResolver(() => Node, { nullable: true, description: 'The account, for those who may see it (a lawyer sees the case file instead)' })
  async account(@Root() c: LegalCase, @Ctx() ctx: RequestContext) {
    return accountsNodeResolvers.Account(ctx, c.row.account_id);
  }

  @FieldResolver(() => Client, { nullable: true, description: 'The bank, for those who may see it' })
  async client(@Root() c: LegalCase, @Ctx() ctx: RequestContext) {
    const row = await loadClient(ctx, c.row.client_id);
    return row && Client.fromRow(row);
  }

  @FieldResolver(() => LawFirm, { nullable: true, description: 'The firm, for those who may see it' })
  async lawFirm(@Root() c: LegalCase, @Ctx() ctx: RequestContext) {
    const row = await loadLawFirm(ctx, c.row.law_firm_id);
    return row && LawFirm.fromRow(row);
  }

  private async file(c: LegalCase, ctx: RequestContext) {
    const rows = await perCase(ctx, 'legal.caseFile', async (ids) => (await this.svc(ctx)).caseFiles(ids), c.row.id);
    return rows[0] ?? null;
  }

  @FieldResolver(() => CaseFile, { nullable: true, description: 'The immutable case file (none before the bank authorises, where it must)' })
  async caseFile(@Root() c: LegalCase, @Ctx() ctx: RequestContext): Promise<CaseFile | null> {
    const f = await this.file(c, ctx);
    return f && Object.assign(new CaseFile(), { manifestSha256: f.manifest_sha256, manifest: f.manifest, snapshot: f.snapshot, createdAt: f.created_at });
  }

  @FieldResolver(() => String, { nullable: true, description: 'The debtor, as the case file names them' })
  async debtorName(@Root() c: LegalCase, @Ctx() ctx: RequestContext) {
    const f = await this.file(c, ctx);
    return ((f?.snapshot as { debtor?: { name?: string } } | undefined)?.debtor?.name as string) ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The bank's account reference, as the case file names it" })
  async accountRef(@Root() c: LegalCase, @Ctx() ctx: RequestContext) {
    const f = await this.file(c, ctx);
    return ((f?.snapshot as { account?: { bankRef?: string } } | undefined)?.account?.bankRef as string) ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The bank, as the case file names it' })
  async plaintiffName(@Root() c: LegalCase, @Ctx() ctx: RequestContext) {
    const f = await this.file(c, ctx);
    const p = (f?.snapshot as { plaintiff?: { legalName?: string; bankName?: string } } | undefined)?.plaintiff;
    return p?.legalName ?? p?.bankName ?? null;
  }

  @FieldResolver(() => [LegalCaseStatusValue], { description: 'Where you may move this case now (empty when nowhere)' })
  allowedMoves(@Root() c: LegalCase, @Ctx() ctx: RequestContext): LegalCaseStatusValue[] {
    const p = requirePrincipal(ctx);
    const actor = p.role === 'lawyer' ? 'lawyer' : p.role === 'client_user' ? 'bank' : p.role === 'agency_admin' || p.role === 'supervisor' ? 'staff' : null;
    if (!actor || actor === 'bank') return [];
    return CASE_STATUSES.filter((to) => to !== c.row.status && transitionRefusal(c.row.status, to, actor) === null) as string[] as LegalCaseStatusValue[];
  }

  @FieldResolver(() => [LegalDocument])
  async documents(@Root() c: LegalCase, @Ctx() ctx: RequestContext) {
    return (await perCase(ctx, 'legal.documents', async (ids) => (await this.svc(ctx)).documents(ids), c.row.id)).map(LegalDocument.fromRow);
  }

  @FieldResolver(() => [LegalCaseStatusChange])
  async statusHistory(@Root() c: LegalCase, @Ctx() ctx: RequestContext) {
    const rows = await perCase(ctx, 'legal.history', async (ids) => (await this.svc(ctx)).statusHistory(ids), c.row.id);
    return rows.map((r) => Object.assign(new LegalCaseStatusChange(), { from: r.from_status, to: r.to_status, note: r.note, changedAt: r.changed_at }));
  }

  @FieldResolver(() => [LegalCost])
  async costs(@Root() c: LegalCase, @Ctx() ctx: RequestContext) {
    return (await perCase(ctx, 'legal.costs', async (ids) => (await this.svc(ctx)).costs(ids), c.row.id)).map(LegalCost.fromRow);
  }

  @FieldResolver(() => [LegalRecovery])
  async recoveries(@Root() c: LegalCase, @Ctx() ctx: RequestContext) {
    return (await perCase(ctx, 'legal.recoveries', async (ids) => (await this.svc(ctx)).recoveries(ids), c.row.id)).map(LegalRecovery.fromRow);
  }
}

@Resolver()
export class LegalReferralResolver {
  constructor(private readonly deps: LegalDeps) {}

  @Authorized('agency_admin', 'supervisor')
  @Query(() => LegalCandidateConnection, { description: "A client's accounts as legal candidates, most overdue first, each with why it qualifies or not" })
  async legalCandidates(
    @Arg('clientId', () => ID) clientId: string,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('eligibleOnly', () => Boolean, { nullable: true, defaultValue: false }) eligibleOnly: boolean,
    @Ctx() ctx: RequestContext,
  ) {
    const first = pageSize(args.first);
    const after = decodeCursor(args.after, 2) as [number, string] | null;
    const out = await legalCandidates(await ctx.session.manager(), this.deps.legal.providers, { clientId: clientDbId(clientId), first, after, eligibleOnly });
    const nodes = out.rows.map((c) =>
      Object.assign(new LegalCandidate(), {
        accountId: toGlobalId('Account', c.account.accountId),
        dbAccountId: c.account.accountId,
        bankRef: c.account.bankRef,
        debtorName: c.account.debtorName,
        dpd: c.account.dpd,
        bucket: c.account.bucket,
        balance: { amount: c.account.totalDue, currency: c.account.currency },
        lastPaymentDate: c.account.lastPaymentDate,
        chargeOffDate: c.account.chargeOffDate,
        eligible: c.eligibility.eligible,
        checks: c.eligibility.checks,
        limitation: c.eligibility.limitation,
        missing: c.missing,
      }),
    );
    const conn = toConnection(nodes, nodes.length, (n) => [n.dpd, n.dbAccountId], (n) => n, after !== null);
    // The cursor is the last account scanned, which a filtered page may not show.
    conn.pageInfo.hasNextPage = out.hasNextPage;
    if (out.endKey) conn.pageInfo.endCursor = Buffer.from(JSON.stringify(out.endKey), 'utf8').toString('base64url');
    return conn;
  }

  @Authorized('agency_admin', 'supervisor', 'client_user')
  @Query(() => LegalReadiness, { description: "The client's legal policy in force and what is missing client-wide before referral" })
  async legalReadiness(@Arg('clientId', () => ID) clientId: string, @Ctx() ctx: RequestContext): Promise<LegalReadiness> {
    const db = await ctx.session.manager();
    const id = clientDbId(clientId);
    if (!(await loadClient(ctx, id))) throw notFound('Client');
    const policy = await new PolicyService(db).current(LEGAL_ELIGIBILITY, id);
    const [p]: PlaintiffRow[] = await db.query(`select * from legal_plaintiff where client_id = $1`, [id]);
    return Object.assign(new LegalReadiness(), {
      policyVersion: policy.version,
      preset: policy.preset,
      authorisationRequired: policy.body.bankAuthorisationRequired,
      requiredDocuments: policy.body.requiredDocuments,
      plaintiff: p ? plaintiffOf(p) : null,
      missing: p ? [] : ['plaintiff_legal_entity'],
    });
  }

  @Authorized('agency_admin', 'client_user')
  @Mutation(() => LegalPlaintiff, { description: "Set the bank's legal entity, as it will appear as plaintiff in case files" })
  async setLegalPlaintiff(@Arg('clientId', () => ID) clientId: string, @Arg('input', () => LegalPlaintiffInput) input: LegalPlaintiffInput, @Ctx() ctx: RequestContext) {
    const db = await ctx.session.manager();
    const id = clientDbId(clientId);
    const client = await loadClient(ctx, id);
    if (!client) throw notFound('Client');
    const p = requirePrincipal(ctx);
    const [row]: PlaintiffRow[] = await db.query(
      `insert into legal_plaintiff (client_id, agency_id, legal_name, credit_code, registered_address, representative, updated_by) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (client_id) do update set legal_name = excluded.legal_name, credit_code = excluded.credit_code, registered_address = excluded.registered_address,
         representative = excluded.representative, updated_by = excluded.updated_by, updated_at = now()
       returning *`,
      [id, p.agencyId, input.legalName.trim(), input.creditCode?.trim() || null, input.registeredAddress?.trim() || null, input.representative?.trim() || null, p.userId],
    );
    return plaintiffOf(row);
  }

  @Authorized('agency_admin', 'supervisor', 'client_user')
  @Query(() => [BankDocument], { description: 'Documents the bank provided for an account (newest first, at most 50)' })
  async bankDocuments(@Arg('accountId', () => ID) accountId: string, @Ctx() ctx: RequestContext): Promise<BankDocument[]> {
    const rows = await new LegalDocumentService(await ctx.session.manager(), this.deps.legal.documents).bankDocuments([fromGlobalIdOrThrow(accountId, 'Account', 'Account')]);
    return rows.slice(0, 50).map(BankDocument.fromRow);
  }

  @Authorized('agency_admin', 'supervisor')
  @Query(() => Int, { description: 'Recoveries recorded by firms and waiting for agency confirmation' })
  async pendingLegalRecoveries(@Ctx() ctx: RequestContext): Promise<number> {
    const [r] = await (await ctx.session.manager()).query(`select count(*)::int as n from legal_recovery where status = 'recorded'`);
    return r.n;
  }
}

function plaintiffOf(p: PlaintiffRow): LegalPlaintiff {
  return Object.assign(new LegalPlaintiff(), {
    legalName: p.legal_name,
    creditCode: p.credit_code,
    registeredAddress: p.registered_address,
    representative: p.representative,
    updatedAt: p.updated_at,
  });
}
