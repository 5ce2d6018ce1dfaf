import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { DataSource } from 'typeorm';
import { collectTargetIds, writeAudit, type AuditOutcome } from '@arrears/audit';
import { withTenant, type RequestContext } from '@arrears/tenancy';
import type { Logger } from './logger.js';

/** The e-mail a login mutation tried (a literal or a variable), for the failed-login audit row. */
function loginEmail(operation: OperationDefinitionNode, variables: Record<string, unknown>): string | null {
  for (const sel of operation.selectionSet.selections) {
    if (sel.kind !== Kind.FIELD || sel.name.value !== 'login') continue;
    const arg = sel.arguments?.find((a) => a.name.value === 'email')?.value;
    if (arg?.kind === Kind.STRING) return arg.value;
    if (arg?.kind === Kind.VARIABLE && typeof variables[arg.name.value] === 'string') return variables[arg.name.value] as string;
  }
  return null;
}

const REJECTED = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'UNAUTHENTICATED', 'COMPLIANCE_BLOCKED', 'GRAPHQL_VALIDATION_FAILED']);

function outcomeOf(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): { outcome: AuditOutcome; code: string | null } {
  if (!errors?.length) return { outcome: 'ok', code: null };
  const code = String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  return { outcome: REJECTED.has(code) ? 'rejected' : 'error', code };
}

/**
 * Ends each request's tenant transaction (commit when the operation had no error, roll back otherwise)
 * and writes the audit row of every mutation: inside the transaction when it succeeded, in a
 * transaction of its own after the rollback when it did not.
 */
export function requestLifecyclePlugin(dataSource: DataSource, log: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc: GraphQLRequestContextWillSendResponse<RequestContext>) {
          const ctx = rc.contextValue;
          const body = rc.response.body;
          const result = body.kind === 'single' ? body.singleResult : undefined;
          const errors = result?.errors ?? rc.errors;
          const failure = outcomeOf(errors as { extensions?: Record<string, unknown> }[] | undefined);
          const { outcome, code } = failure.outcome === 'ok' && ctx.rejection ? { outcome: 'rejected' as const, code: ctx.rejection } : failure;
          // A domain refusal wrote nothing, so its transaction (and its audit row) commits like a success.
          const commit = failure.outcome === 'ok';
          const operation = rc.operation;
          const isMutation = operation?.operation === 'mutation';
          const principal = ctx.session.principal;
          const entry =
            isMutation && operation
              ? {
                  kind: operation.selectionSet.selections.some((s) => s.kind === 'Field' && s.name.value === 'login') ? ('login' as const) : ('mutation' as const),
                  operation: operation.selectionSet.selections.map((s) => (s.kind === 'Field' ? s.name.value : '…')).join(','),
                  targetIds: collectTargetIds(operation, rc.request.variables ?? {}, result?.data as Record<string, unknown> | undefined),
                  clientIds: principal?.clientIds.length === 1 ? principal.clientIds : [],
                  outcome,
                  errorCode: code,
                  requestId: ctx.requestId,
                }
              : null;
          try {
            if (entry && principal && commit) await writeAudit(await ctx.session.manager(), principal, entry);
            await ctx.session.close(commit);
          } catch (e) {
            log.error({ err: e, requestId: ctx.requestId }, 'failed to finish request transaction');
            await ctx.session.close(false).catch(() => undefined);
            throw e;
          }
          // The sign-in path audits its own refusals (with the throttle); this covers a login that never reached it.
          if (entry?.kind === 'login' && !principal && outcome !== 'ok' && !ctx.signInAudited) {
            const email = loginEmail(operation!, rc.request.variables ?? {});
            if (email) await dataSource.query('select app.record_failed_login($1, $2)', [email, ctx.requestId]).catch((e) => log.error({ err: e }, 'failed to audit a failed login'));
          }
          if (entry && principal && !commit) {
            await withTenant(dataSource, { userId: principal.userId, agencyId: principal.agencyId }, (db, p) => writeAudit(db, p, entry)).catch((e) =>
              log.error({ err: e, requestId: ctx.requestId }, 'failed to write audit of a failed mutation'),
            );
          }
        },
      };
    },
  };
}
