import type { EntityManager } from 'typeorm';
import type { Principal } from '@arrears/tenancy';
import { accountConditions, Params, type AccountCriteria } from '../account/account-query.js';
import { PRIORITY_SQL, WEIGHT_COLUMNS } from '../queue/priority.js';
import { agingParams } from '../aging/aging.service.js';
import { ruleCollectors, ruleProblem, ruleTargetSql, type AssignmentRule } from './assignment-rule.js';
import { refreshStatistics, STATISTICS_MIN_ROWS } from '../statistics.js';

export type AssignmentTarget = { collectorId: string } | { teamId: string } | { rule: AssignmentRule };

export interface AssignmentOutcome {
  matched: number;
  assigned: number;
  skippedOutOfScope: number;
  perCollector: { collectorId: string; count: number }[];
}

export type AssignmentRefusal = { refused: string; code: string };

/**
 * Assigns accounts — chosen by id or by filter — to a collector, a team, or by a rule, set-based in one
 * statement, keeping assignment history. An account is only given to a collector whose client scope
 * includes its bank; others are skipped and counted.
 */
export class AssignmentService {
  constructor(private readonly db: EntityManager) {}

  async assign(actor: Principal, selection: { accountIds?: string[]; criteria?: AccountCriteria; limit?: number }, requested: AssignmentTarget): Promise<AssignmentOutcome | AssignmentRefusal> {
    let target = requested;
    let teamId: string | null = null;
    if ('teamId' in requested) {
      // A team's accounts are dealt round robin to its active members, and remember the team.
      const members: { user_id: string }[] = await this.db.query(
        `select m.user_id from team_member m join app_user u on u.id = m.user_id
         where m.team_id = $1 and u.disabled_at is null and u.role in ('collector', 'supervisor') order by u.email`,
        [requested.teamId],
      );
      if (!members.length) {
        const team = await this.db.query('select 1 from team where id = $1', [requested.teamId]);
        return team.length ? { refused: 'The team has no active collectors', code: 'TEAM_EMPTY' } : { refused: 'No such team', code: 'NO_SUCH_TEAM' };
      }
      teamId = requested.teamId;
      target = { rule: { kind: 'round_robin', collectorIds: members.map((m) => m.user_id) } };
    }
    const collectors = 'collectorId' in target ? [target.collectorId] : 'rule' in target ? ruleCollectors(target.rule) : [];
    if ('rule' in target) {
      const problem = ruleProblem(target.rule);
      if (problem) return { refused: problem, code: 'INVALID_RULE' };
    }
    if (collectors.length) {
      const ok: { id: string }[] = await this.db.query(
        `select id from app_user where id = any($1::uuid[]) and role in ('collector', 'supervisor') and disabled_at is null`,
        [collectors],
      );
      if (ok.length !== new Set(collectors).size) return { refused: 'Accounts can only be assigned to active collectors or supervisors of this agency', code: 'NOT_A_COLLECTOR' };
    }

    const p = new Params();
    const where = accountConditions(selection.criteria ?? {}, p);
    if (selection.accountIds) where.push(`a.id = any(${p.add(selection.accountIds)}::uuid[])`);
    const limit = selection.limit ? `limit ${p.add(selection.limit)}::int` : '';
    const ruleLabel = teamId ? 'team' : 'rule' in target ? target.rule.kind : selection.accountIds ? 'manual' : 'filter';
    const collectorSql = 'collectorId' in target ? `${p.add(target.collectorId)}::uuid` : 'rule' in target ? ruleTargetSql(target.rule, p) : 'null::uuid';
    const teamSql = teamId ? `${p.add(teamId)}::uuid` : 'null::uuid';
    const actorParam = p.add(actor.userId);
    // "Today" is each bank's local date; the score uses the bank's queue weights.
    const weights = p.add(JSON.stringify(await agingParams(this.db, actor.clientIds)));

    const rows: { collector_id: string | null; n: number; matched: number; eligible: boolean }[] = await this.db.query(
      `with w as (
         select * from jsonb_to_recordset(${weights}::jsonb) as x(client_id uuid, as_of date, ${WEIGHT_COLUMNS})
       ), target as (
         select a.client_id, a.id, a.debtor_id, a.total_due, a.bucket, row_number() over (order by a.total_due desc, a.id) as rn
         from account a where ${where.join(' and ')}
         order by a.total_due desc, a.id ${limit}
       ), ruled as (
         select t.client_id, t.id, t.debtor_id, t.rn, ${collectorSql} as collector_id, ${teamSql} as team_id from target t
       ), routed as (
         -- A debtor's cards at one bank go to one collector: the rule's pick for the debtor's first card.
         select r.client_id, r.id, first_value(r.collector_id) over (partition by r.client_id, r.debtor_id order by r.rn) as collector_id, r.team_id from ruled r
       ), eligible as (
         select r.* from routed r
         where exists (select 1 from user_client_scope s where s.user_id = r.collector_id and s.client_id = r.client_id)
       ), upd as (
         update account a set assigned_collector_id = e.collector_id, assigned_team_id = e.team_id, assigned_at = now(),
                priority_score = ${PRIORITY_SQL('w.as_of', 'a.dpd', 'w')}, updated_at = now()
         from eligible e join w on w.client_id = e.client_id where a.client_id = e.client_id and a.id = e.id
         returning a.client_id, a.id, a.agency_id, e.collector_id, e.team_id
       ), hist as (
         insert into assignment_history (client_id, agency_id, account_id, collector_id, team_id, assigned_by, rule)
         select client_id, agency_id, id, collector_id, team_id, ${actorParam}::uuid, '${ruleLabel}' from upd
       )
       select collector_id, count(*)::int as n, (select count(*) from target)::int as matched, true as eligible from upd group by collector_id
       union all
       select null, 0, (select count(*) from target)::int, false`,
      p.values,
    );
    const matched = rows[0]?.matched ?? 0;
    const perCollector = rows.filter((r) => r.eligible && r.collector_id).map((r) => ({ collectorId: r.collector_id as string, count: r.n }));
    const assigned = rows.filter((r) => r.eligible).reduce((s, r) => s + r.n, 0);
    // A bulk assignment moves many accounts between queues: myQueue's plan depends on fresh counts.
    if (assigned >= STATISTICS_MIN_ROWS) await refreshStatistics(this.db, ['account', 'assignment_history']);
    return { matched, assigned, skippedOutOfScope: matched - assigned, perCollector };
  }
}
