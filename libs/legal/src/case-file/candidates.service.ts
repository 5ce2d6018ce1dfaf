import type { EntityManager } from 'typeorm';
import { PolicyService, type PolicyVersion } from '@arrears/platform';
import type { EligibilityResult } from '../eligibility/eligibility.js';
import { LEGAL_ELIGIBILITY, type LegalEligibilityPolicy } from '../eligibility/eligibility-policy.js';
import { assessAccounts, loadAccountFacts, missingForReferral, type AccountWithDebtor } from './case-file.service.js';
import type { CaseFileProviders } from './providers.js';

export interface Candidate {
  account: AccountWithDebtor;
  eligibility: EligibilityResult;
  missing: string[];
}

/**
 * Accounts of one client as legal candidates, most overdue first, each with every rule it passes or
 * fails under the policy in force and what its case file would still lack. With `eligibleOnly` the
 * thresholds are applied in SQL and the remaining rules in memory, so a page may be shorter than asked.
 */
export async function legalCandidates(
  db: EntityManager,
  providers: CaseFileProviders,
  opts: { clientId: string; first: number; after: [number, string] | null; eligibleOnly: boolean },
): Promise<{ policy: PolicyVersion<LegalEligibilityPolicy>; rows: Candidate[]; hasNextPage: boolean; endKey: [number, string] | null }> {
  const policy = await new PolicyService(db).current(LEGAL_ELIGIBILITY, opts.clientId);
  const params: unknown[] = [opts.clientId, opts.first + 1];
  const where = [`a.client_id = $1`, `a.status = 'active'`];
  if (opts.after) {
    params.push(opts.after[0], opts.after[1]);
    where.push(`(a.dpd < $3 or (a.dpd = $3 and a.id > $4::uuid))`);
  }
  if (opts.eligibleOnly) {
    params.push(policy.body.minDpd, policy.body.minBalance);
    where.push(`a.dpd >= $${params.length - 1} and a.total_due >= $${params.length}::numeric`);
  }
  const ids: { id: string }[] = await db.query(`select a.id from account a where ${where.join(' and ')} order by a.dpd desc, a.id limit $2`, params);
  const hasNextPage = ids.length > opts.first;
  const pageIds = ids.slice(0, opts.first).map((r) => r.id);
  const facts = await loadAccountFacts(db, pageIds);
  const accounts = pageIds.map((id) => facts.get(id)).filter((a): a is AccountWithDebtor => a !== undefined);
  const assessed = await assessAccounts(db, providers, accounts, policy.body);
  const missing = await missingForReferral(db, opts.clientId, pageIds, policy.body);
  const rows = accounts
    .map((a) => ({ account: a, eligibility: assessed.get(a.accountId)!, missing: missing.get(a.accountId) ?? [] }))
    .filter((c) => !opts.eligibleOnly || c.eligibility.eligible);
  const last = accounts.at(-1);
  return { policy, rows, hasNextPage, endKey: last ? [last.dpd, last.accountId] : null };
}
