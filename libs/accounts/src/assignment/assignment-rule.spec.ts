import { describe, expect, it } from 'vitest';
import { Params } from '../account/account-query.js';
import { ruleProblem, ruleTargetSql } from './assignment-rule.js';

describe('ruleProblem', () => {
  it('accepts contiguous bands and rejects overlapping or empty ones', () => {
    expect(ruleProblem({ kind: 'balance_band', bands: [{ collectorId: 'a', min: null, max: '5000' }, { collectorId: 'b', min: '5000', max: null }] })).toBeNull();
    expect(ruleProblem({ kind: 'balance_band', bands: [{ collectorId: 'a', min: null, max: '6000' }, { collectorId: 'b', min: '5000', max: null }] })).toMatch(/overlap/);
    expect(ruleProblem({ kind: 'balance_band', bands: [{ collectorId: 'a', min: '10', max: '10' }] })).toMatch(/empty/);
  });

  it('rejects a bucket routed twice and an empty round robin', () => {
    expect(ruleProblem({ kind: 'bucket', routes: [{ collectorId: 'a', buckets: ['M1', 'M2'] }, { collectorId: 'b', buckets: ['M2'] }] })).toMatch(/M2/);
    expect(ruleProblem({ kind: 'round_robin', collectorIds: [] })).toMatch(/at least one/);
  });
});

describe('ruleTargetSql', () => {
  it('deals round robin by balance rank', () => {
    const p = new Params();
    expect(ruleTargetSql({ kind: 'round_robin', collectorIds: ['a', 'b', 'c'] }, p)).toBe('($1::uuid[])[((t.rn - 1) % 3) + 1]');
    expect(p.values).toEqual([['a', 'b', 'c']]);
  });

  it('binds band limits as parameters', () => {
    const p = new Params();
    const sql = ruleTargetSql({ kind: 'balance_band', bands: [{ collectorId: 'a', min: null, max: '5000' }] }, p);
    expect(sql).toBe('case when true and t.total_due < $1::numeric then $2::uuid end');
  });
});
