import type { EntityManager } from 'typeorm';
import type { Principal } from '@arrears/tenancy';

/** Team membership changes; every call runs in the request's tenant transaction (RLS: the agency's managers). */
export class TeamService {
  constructor(
    private readonly db: EntityManager,
    private readonly actor: Principal,
  ) {}

  /** The ids of the given users that are active collectors or supervisors of the agency (RLS scopes app_user). */
  async eligibleMembers(userIds: string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(`select id from app_user where id = any($1::uuid[]) and role in ('collector', 'supervisor') and disabled_at is null`, [userIds]);
    return rows.map((r) => r.id);
  }

  async exists(teamId: string): Promise<boolean> {
    return (await this.db.query('select 1 from team where id = $1', [teamId])).length > 0;
  }

  async addMembers(teamId: string, userIds: string[]): Promise<number> {
    const rows: unknown[] = await this.db.query(
      `insert into team_member (agency_id, team_id, user_id) select $1, $2, unnest($3::uuid[]) on conflict do nothing returning user_id`,
      [this.actor.agencyId, teamId, userIds],
    );
    return rows.length;
  }

  /**
   * Removes members. Their share of the team's active accounts goes back to the team's pool (collector
   * cleared, team kept, history `team_member_removed`), so a removed collector sees none of the team's
   * accounts from the next request on (RLS reads app.team_ids, set per request from team_member).
   */
  async removeMembers(teamId: string, userIds: string[]): Promise<{ removed: number; accountsReleased: number }> {
    const [row] = await this.db.query(
      `with gone as (
         delete from team_member where team_id = $1 and user_id = any($2::uuid[]) returning user_id
       ), released as (
         update account a set assigned_collector_id = null, assigned_at = now(), updated_at = now()
          where a.assigned_team_id = $1 and a.status = 'active' and a.assigned_collector_id in (select user_id from gone)
         returning a.client_id, a.id, a.agency_id
       ), history as (
         insert into assignment_history (client_id, agency_id, account_id, collector_id, team_id, assigned_by, rule)
         select client_id, agency_id, id, null, $1, $3, 'team_member_removed' from released returning 1
       )
       select (select count(*) from gone)::int as removed, (select count(*) from history)::int as released`,
      [teamId, userIds, this.actor.userId],
    );
    return { removed: row.removed, accountsReleased: row.released };
  }
}
