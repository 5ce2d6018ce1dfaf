import type { Bucket } from '../aging/aging.js';
import type { Params } from '../account/account-query.js';

export type AssignmentRule =
  | { kind: 'round_robin'; collectorIds: string[] }
  | { kind: 'balance_band'; bands: { collectorId: string; min: string | null; max: string | null }[] }
  | { kind: 'bucket'; routes: { collectorId: string; buckets: Bucket[] }[] };

/** Why a rule cannot be applied, or null. Bands and bucket routes must not overlap. */
export function ruleProblem(rule: AssignmentRule): string | null {
  switch (rule.kind) {
    case 'round_robin':
      return rule.collectorIds.length ? null : 'Round robin needs at least one collector';
    case 'balance_band': {
      if (!rule.bands.length) return 'Balance bands need at least one band';
      const sorted = [...rule.bands].sort((a, b) => Number(a.min ?? -Infinity) - Number(b.min ?? -Infinity));
      for (const b of sorted) if (b.min !== null && b.max !== null && Number(b.min) >= Number(b.max)) return `Band ${b.min}–${b.max} is empty`;
      for (let i = 1; i < sorted.length; i++) {
        const prevMax = sorted[i - 1].max;
        if (prevMax === null || Number(prevMax) > Number(sorted[i].min ?? -Infinity)) return 'Balance bands overlap';
      }
      return null;
    }
    case 'bucket': {
      if (!rule.routes.length) return 'Bucket routing needs at least one route';
      const seen = new Set<string>();
      for (const r of rule.routes) {
        for (const b of r.buckets) {
          if (seen.has(b)) return `Bucket ${b} is routed twice`;
          seen.add(b);
        }
      }
      return null;
    }
  }
}

export function ruleCollectors(rule: AssignmentRule): string[] {
  switch (rule.kind) {
    case 'round_robin':
      return rule.collectorIds;
    case 'balance_band':
      return rule.bands.map((b) => b.collectorId);
    case 'bucket':
      return rule.routes.map((r) => r.collectorId);
  }
}

/**
 * SQL giving the target collector of a row of `target t` (columns total_due, bucket, rn = its rank by
 * balance, from 1); null when the rule routes it nowhere.
 */
export function ruleTargetSql(rule: AssignmentRule, p: Params): string {
  switch (rule.kind) {
    case 'round_robin':
      return `(${p.add(rule.collectorIds)}::uuid[])[((t.rn - 1) % ${rule.collectorIds.length}) + 1]`;
    case 'balance_band':
      return `case ${rule.bands
        .map((b) => {
          const conds = [b.min !== null ? `t.total_due >= ${p.add(b.min)}::numeric` : 'true', b.max !== null ? `t.total_due < ${p.add(b.max)}::numeric` : 'true'];
          return `when ${conds.join(' and ')} then ${p.add(b.collectorId)}::uuid`;
        })
        .join(' ')} end`;
    case 'bucket':
      return `case ${rule.routes.map((r) => `when t.bucket = any(${p.add(r.buckets)}::text[]) then ${p.add(r.collectorId)}::uuid`).join(' ')} end`;
  }
}
