import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ctx, roleIn } from './rls.js';

/**
 * A work queue page's cross-bank person counts as a view the page query joins, instead of a function it
 * calls per account.
 *
 * `app.person_contact_load` (0030) was a PL/pgSQL security-definer function: each call switched user and
 * settings and ran two statements, about 40 µs, and a page of 50 called it about 52 times. The planner
 * cannot look into it. `app.person_outbound_calls` gives the same rows to the page statement, which counts
 * them next to the account it is deciding, through the same index on the calls by person.
 *
 * The view belongs to the owner, who bypasses RLS, so a person's calls at the agency's other banks are
 * counted while their rows stay hidden: it answers only the agency's staff, only for debtors of the
 * caller's agency and banks, and shows when each call to that person was made and whether it connected,
 * not which bank, account or collector made it. It is a security barrier: the caller's conditions are
 * applied after the view's own, except leakproof comparisons (uuid, text and timestamp equality and
 * order), which is what lets the page's account and time range reach the index.
 */
export class PersonCallsView1795536000030 implements MigrationInterface {
  name = 'PersonCallsView1795536000030';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `create view app.person_outbound_calls with (security_barrier) as
         select me.client_id, me.id as debtor_id, h.channel, h.started_at, h.connected
           from debtor me
           join contact_attempt h on h.agency_id = me.agency_id and h.identity_hash = me.identity_hash
          where ${roleIn('agency_admin', 'supervisor', 'collector')}
            and me.agency_id = ${ctx.agencyId} and me.client_id = any (${ctx.clientIds})
            and h.direction = 'outbound' and h.corrects_id is null`,
      `grant select on app.person_outbound_calls to arrears_app`,
      `drop function app.person_contact_load(uuid, uuid, text, timestamptz)`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
