import os from 'node:os';
import path from 'node:path';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, decodeCursor, fromGlobalIdOrThrow, NotEligible, notFound, pageSize, perRequestLoader, requirePrincipal, toConnection } from '@arrears/graphql';
import { Account, ACCOUNT_NODE_TYPES, accountsNodeResolvers } from '@arrears/accounts';
import { loadUser, PLATFORM_NODE_TYPES, User } from '@arrears/platform';
import { LocalDiskStore, type DocumentStore } from '@arrears/storage';
import type { RequestContext } from '@arrears/tenancy';
import { contactNow, DEFAULT_REVEALS_PER_USER_PER_DAY, protectedDataFor, type ContactDeps } from '../clock.js';
import { ContactService } from '../attempts/contact.service.js';
import { ContactBlocked } from '../attempts/contact.types.js';
import { TemplateService, type TemplateChannel, type TemplateVersionRow } from '../templates/template.service.js';
import { SMS_COLUMNS, SmsService, type SmsRow } from '../sms/sms.service.js';
import type { SmsAdapterSettings } from '../sms/sms-gateway.js';
import { LetterService, type LetterRow } from './letter.service.js';
import {
  CORRESPONDENCE_NODE_TYPES,
  CreateMessageTemplateInput,
  CreateMessageTemplateResult,
  DraftMessageTemplateInput,
  GenerateLetterInput,
  GenerateLetterResult,
  Letter,
  LetterConnection,
  MessageChannelValue,
  MessageTemplate,
  MessageTemplateVersion,
  SendSmsInput,
  SendSmsResult,
  SmsMessage,
  TemplateVersionResult,
} from './correspondence.types.js';

/** What templates, SMS and letters need from the app that assembles them. */
export interface LettersDeps {
  documents: DocumentStore;
  sms: SmsAdapterSettings;
}

export interface CorrespondenceResolverDeps {
  contact?: ContactDeps;
  letters?: LettersDeps;
}

const STAFF = ['agency_admin', 'supervisor', 'collector'] as const;
const AUTHORS = ['agency_admin', 'supervisor'] as const;
const BANK = 'client_user';

// Tools that only print the schema have no app dependencies: a throw-away local store and the outbox.
let fallback: LettersDeps | undefined;
const lettersOf = (deps: CorrespondenceResolverDeps): LettersDeps =>
  deps.letters ?? (fallback ??= { documents: new LocalDiskStore(path.join(os.tmpdir(), 'arrears-documents')), sms: { adapter: 'outbox' } });

function contactService(deps: CorrespondenceResolverDeps, ctx: RequestContext, db: Awaited<ReturnType<RequestContext['session']['manager']>>): ContactService {
  const d = deps.contact ?? { dataEncryptionKey: '00'.repeat(32), testClock: false, revealsPerUserPerDay: DEFAULT_REVEALS_PER_USER_PER_DAY };
  return new ContactService(db, requirePrincipal(ctx), { now: contactNow(d, ctx), protectedData: protectedDataFor(d), revealsPerUserPerDay: d.revealsPerUserPerDay });
}

const templates = async (ctx: RequestContext) => new TemplateService(await ctx.session.manager(), requirePrincipal(ctx));
const templateId = (id: string) => fromGlobalIdOrThrow(id, CORRESPONDENCE_NODE_TYPES.template, 'Template');
const versionId = (id: string) => fromGlobalIdOrThrow(id, CORRESPONDENCE_NODE_TYPES.version, 'Template version');
const accountId = (id: string) => fromGlobalIdOrThrow(id, ACCOUNT_NODE_TYPES.account, 'Account');
const refusedResult = (r: { problems: { rule: string; message: string }[] } | { state: string }) =>
  'problems' in r ? new NotEligible(r.problems.map((p) => p.message).join('; '), 'TEMPLATE_INVALID') : new NotEligible(r.state, 'TEMPLATE_STATE');
const NOT_APPROVED = () => new NotEligible('This template has no version the bank has approved; only an approved version is sent', 'TEMPLATE_NOT_APPROVED');

@Resolver()
export class CorrespondenceResolver {
  constructor(private readonly deps: CorrespondenceResolverDeps) {}

  @Authorized(...STAFF, BANK)
  @Query(() => [MessageTemplate], { description: "SMS and letter templates of the caller's banks" })
  async messageTemplates(
    @Arg('clientId', () => ID, { nullable: true }) clientId: string | undefined,
    @Arg('channel', () => MessageChannelValue, { nullable: true }) channel: MessageChannelValue | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<MessageTemplate[]> {
    const rows = await (await templates(ctx)).templates(clientId ? fromGlobalIdOrThrow(clientId, PLATFORM_NODE_TYPES.client, 'Client') : null, (channel as TemplateChannel | undefined) ?? null);
    return rows.map(MessageTemplate.fromRow);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => CreateMessageTemplateResult, { description: 'A new template for a bank with its first version as a draft' })
  async createMessageTemplate(@Arg('input', () => CreateMessageTemplateInput) input: CreateMessageTemplateInput, @Ctx() ctx: RequestContext) {
    const out = await (await templates(ctx)).create(fromGlobalIdOrThrow(input.clientId, PLATFORM_NODE_TYPES.client, 'Client'), input.channel as TemplateChannel, input.name, input);
    if (!out) throw notFound('Client');
    if ('problems' in out || 'state' in out) return refusedResult(out);
    return MessageTemplate.fromRow(out.template);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => TemplateVersionResult, { description: 'The next version of a template, as a draft' })
  async draftMessageTemplateVersion(@Arg('input', () => DraftMessageTemplateInput) input: DraftMessageTemplateInput, @Ctx() ctx: RequestContext) {
    const out = await (await templates(ctx)).draft(templateId(input.templateId), input);
    if (!out) throw notFound('Template');
    if ('problems' in out || 'state' in out) return refusedResult(out);
    return MessageTemplateVersion.fromRow(out);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => TemplateVersionResult, { description: 'Submit a draft version to the bank for approval' })
  async submitMessageTemplateVersion(@Arg('versionId', () => ID) id: string, @Ctx() ctx: RequestContext) {
    const out = await (await templates(ctx)).submit(versionId(id));
    if (!out) throw notFound('Template version');
    if ('state' in out || 'problems' in out) return refusedResult(out);
    return MessageTemplateVersion.fromRow(out);
  }

  @Authorized(BANK)
  @Mutation(() => TemplateVersionResult, { description: "The bank's decision on a submitted version (template.approved / template.rejected to the outbox)" })
  async decideMessageTemplateVersion(
    @Arg('versionId', () => ID) id: string,
    @Arg('approve', () => Boolean) approve: boolean,
    @Arg('note', () => String, { nullable: true }) note: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const out = await (await templates(ctx)).decide(versionId(id), approve, note?.slice(0, 2000) ?? null);
    if (!out) throw notFound('Template version');
    if ('state' in out || 'problems' in out) return refusedResult(out);
    return MessageTemplateVersion.fromRow(out);
  }

  @Authorized(...STAFF)
  @Mutation(() => SendSmsResult, { description: 'Send an SMS from an approved template: the contact gate first (ContactBlocked, kept as evidence), then the configured adapter' })
  async sendSms(@Arg('input', () => SendSmsInput) input: SendSmsInput, @Ctx() ctx: RequestContext) {
    const db = await ctx.session.manager();
    const svc = new SmsService(db, requirePrincipal(ctx), contactService(this.deps, ctx, db), lettersOf(this.deps).sms);
    const out = await svc.send(accountId(input.accountId), templateId(input.templateId), input.phoneId ? fromGlobalIdOrThrow(input.phoneId, 'ContactPhone', 'Phone') : null);
    if (!out) throw notFound('Account or template');
    if ('blocked' in out) return ContactBlocked.of(out.refusal);
    if ('notApproved' in out) return NOT_APPROVED();
    if ('noPhone' in out) return new NotEligible('The debtor has no phone to send to', 'NO_PHONE');
    return SmsMessage.fromRow(out.sms);
  }

  @Authorized(...STAFF)
  @Mutation(() => GenerateLetterResult, { description: 'Generate a letter (PDF) from an approved template: the contact gate first, then the document store and the sent-letter register' })
  async generateLetter(@Arg('input', () => GenerateLetterInput) input: GenerateLetterInput, @Ctx() ctx: RequestContext) {
    const db = await ctx.session.manager();
    const svc = new LetterService(db, requirePrincipal(ctx), contactService(this.deps, ctx, db), lettersOf(this.deps).documents);
    const out = await svc.generate(accountId(input.accountId), templateId(input.templateId), input.addressIndex ?? 0);
    if (!out) throw notFound('Account or template');
    if ('blocked' in out) return ContactBlocked.of(out.refusal);
    if ('notApproved' in out) return NOT_APPROVED();
    if ('noAddress' in out) return new NotEligible('The debtor has no address at that position', 'NO_ADDRESS');
    return Letter.fromRow(out.letter);
  }

  @Authorized(...STAFF, BANK)
  @Query(() => LetterConnection, { description: 'The sent-letter register, newest first' })
  async letterRegister(@Args(() => ConnectionArgs) args: ConnectionArgs, @Arg('clientId', () => ID, { nullable: true }) clientId: string | undefined, @Ctx() ctx: RequestContext) {
    const first = pageSize(args.first);
    const after = decodeCursor(args.after, 2) as [string, string] | null;
    const db = await ctx.session.manager();
    const rows = await new LetterService(db, requirePrincipal(ctx), contactService(this.deps, ctx, db), lettersOf(this.deps).documents).register(
      first,
      after,
      clientId ? fromGlobalIdOrThrow(clientId, PLATFORM_NODE_TYPES.client, 'Client') : undefined,
    );
    return toConnection(rows, first, (r) => [r.created_at.toISOString(), r.id], Letter.fromRow, !!after);
  }
}

@Resolver(() => MessageTemplate)
export class MessageTemplateResolver {
  @FieldResolver(() => [MessageTemplateVersion], { description: 'Newest first (the bank sees submitted and decided versions only)' })
  async versions(@Root() t: MessageTemplate, @Ctx() ctx: RequestContext): Promise<MessageTemplateVersion[]> {
    const rows = await perRequestLoader<string, TemplateVersionRow[]>(ctx, 'templates.versions', async (ids) => {
      const m = await (await templates(ctx)).versionsOf(ids);
      return ids.map((id) => m.get(id) ?? []);
    }).load(t.row.id);
    return rows.map(MessageTemplateVersion.fromRow);
  }
}

@Resolver(() => Letter)
export class LetterResolver {
  @FieldResolver(() => Account, { nullable: true })
  async account(@Root() l: Letter, @Ctx() ctx: RequestContext): Promise<Account | null> {
    return (await accountsNodeResolvers[ACCOUNT_NODE_TYPES.account](ctx, l.row.account_id)) as Account | null;
  }

  @FieldResolver(() => User, { nullable: true })
  async createdBy(@Root() l: Letter, @Ctx() ctx: RequestContext): Promise<User | null> {
    const row = await loadUser(ctx, l.row.created_by);
    return row && User.fromRow(row);
  }

  @FieldResolver(() => MessageTemplateVersion, { nullable: true })
  async templateVersion(@Root() l: Letter, @Ctx() ctx: RequestContext): Promise<MessageTemplateVersion | null> {
    const row = await (await templates(ctx)).version(l.row.template_version_id);
    return row && MessageTemplateVersion.fromRow(row);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The template name' })
  async templateName(@Root() l: Letter, @Ctx() ctx: RequestContext): Promise<string | null> {
    const [r]: { name: string }[] = await (await ctx.session.manager()).query(
      `select t.name from message_template_version v join message_template t on t.client_id = v.client_id and t.id = v.template_id where v.id = $1`,
      [l.row.template_version_id],
    );
    return r?.name ?? null;
  }
}

@Resolver(() => Account)
export class AccountCorrespondenceResolver {
  constructor(private readonly deps: CorrespondenceResolverDeps) {}

  @FieldResolver(() => [SmsMessage], { description: 'SMS sent about this account, newest first' })
  async smsMessages(@Root() a: Account, @Ctx() ctx: RequestContext): Promise<SmsMessage[]> {
    const rows = await perRequestLoader<string, SmsRow[]>(ctx, 'letters.sms', async (ids) => {
      const db = await ctx.session.manager();
      const m = await new SmsService(db, requirePrincipal(ctx), contactService(this.deps, ctx, db), lettersOf(this.deps).sms).messagesOf(ids);
      return ids.map((id) => m.get(id) ?? []);
    }).load(a.row.id);
    return rows.map(SmsMessage.fromRow);
  }

  @FieldResolver(() => [Letter], { description: 'Letters sent about this account, newest first' })
  async letters(@Root() a: Account, @Ctx() ctx: RequestContext): Promise<Letter[]> {
    const rows = await perRequestLoader<string, LetterRow[]>(ctx, 'letters.letters', async (ids) => {
      const db = await ctx.session.manager();
      const m = await new LetterService(db, requirePrincipal(ctx), contactService(this.deps, ctx, db), lettersOf(this.deps).documents).lettersOf(ids);
      return ids.map((id) => m.get(id) ?? []);
    }).load(a.row.id);
    return rows.map(Letter.fromRow);
  }
}

/** Node lookups: another bank's template or letter is null, like a missing one. */
export async function loadTemplateNode(ctx: RequestContext, id: string): Promise<MessageTemplate | null> {
  const row = await (await templates(ctx)).template(id);
  return row && MessageTemplate.fromRow(row);
}

export async function loadTemplateVersionNode(ctx: RequestContext, id: string): Promise<MessageTemplateVersion | null> {
  const row = await (await templates(ctx)).version(id);
  return row && MessageTemplateVersion.fromRow(row);
}

export async function loadSmsNode(ctx: RequestContext, id: string): Promise<SmsMessage | null> {
  const [row]: SmsRow[] = await (await ctx.session.manager()).query(`select ${SMS_COLUMNS} from sms_message where id = $1`, [id]);
  return row ? SmsMessage.fromRow(row) : null;
}

export async function loadLetterNode(ctx: RequestContext, id: string): Promise<Letter | null> {
  const [row]: LetterRow[] = await (await ctx.session.manager()).query(
    `select client_id, id, account_id, attempt_id, template_version_id, address, document_key, sha256, size, created_by, created_at from letter where id = $1`,
    [id],
  );
  return row ? Letter.fromRow(row) : null;
}
