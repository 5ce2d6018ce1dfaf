import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, fromGlobalId, fromGlobalIdOrThrow, NotEligible, notFound, pageSize, requirePrincipal, resultUnion, type NodeResolvers } from '@arrears/graphql';
import type { RequestContext, Role } from '@arrears/tenancy';
import { JOB_NODE_TYPE, JobKindValue, JobRun, JobRunConnection, JobStatusValue } from './job-run.types.js';
import { JobRunService } from './job-run.service.js';

/** Who sees and retries jobs: agency admins and supervisors, for the banks in their scope (RLS). */
export const JOB_VIEW_ROLES: readonly Role[] = ['agency_admin', 'supervisor'];

const service = async (ctx: RequestContext) => new JobRunService(await ctx.session.manager());

export const RetryJobResult = resultUnion('RetryJobResult', [JobRun, NotEligible]);

@Resolver(() => JobRun)
export class JobRunResolver {
  @Authorized(...JOB_VIEW_ROLES)
  @Query(() => JobRunConnection, { description: 'Background jobs of your banks, newest first' })
  async jobs(
    @Arg('status', () => JobStatusValue, { nullable: true }) status: JobStatusValue | undefined,
    @Arg('kind', () => JobKindValue, { nullable: true }) kind: JobKindValue | undefined,
    @Arg('clientId', () => ID, { nullable: true }) clientId: string | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    const client = clientId ? fromGlobalIdOrThrow(clientId, 'Client', 'Client') : null;
    return (await service(ctx)).list({ status, kind, clientId: client, first: pageSize(args.first), after: args.after });
  }

  @Authorized(...JOB_VIEW_ROLES)
  @Mutation(() => RetryJobResult, { description: 'Run a failed job again (its attempts start afresh)' })
  async retryJob(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<JobRun | NotEligible> {
    requirePrincipal(ctx);
    const parsed = fromGlobalId(id);
    if (!parsed || parsed.type !== JOB_NODE_TYPE) throw notFound('Job');
    const jobs = await service(ctx);
    const row = await jobs.byId(parsed.id);
    if (!row) throw notFound('Job');
    if (!(await jobs.retry(parsed.id))) return new NotEligible(`Only a failed job can be retried; this one is ${row.status}`, 'JOB_NOT_FAILED');
    const queued = await jobs.byId(parsed.id);
    if (!queued) throw notFound('Job');
    return JobRun.fromRow(queued);
  }
}

export const jobResolvers = [JobRunResolver] as const;

export const jobNodeResolvers: NodeResolvers = {
  [JOB_NODE_TYPE]: async (ctx, id) => {
    if (!JOB_VIEW_ROLES.includes(requirePrincipal(ctx).role)) return null;
    const row = await (await service(ctx)).byId(id);
    return row && JobRun.fromRow(row);
  },
};
