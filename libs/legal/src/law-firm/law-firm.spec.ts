import { describe, expect, it } from 'vitest';
import { feeTermsProblem } from './law-firm.service.js';

describe('law firm fee terms', () => {
  it('needs a share between 0 and 1 for contingency and 风险代理', () => {
    for (const feeBasis of ['contingency', 'risk_agency'] as const) {
      expect(feeTermsProblem({ feeBasis, feeRate: '0.25' })).toBeNull();
      expect(feeTermsProblem({ feeBasis, feeRate: '1' })).toBeNull();
      expect(feeTermsProblem({ feeBasis, feeRate: '0' })).toBeNull();
      expect(feeTermsProblem({ feeBasis, feeRate: '1.5' })).toMatch(/between 0 and 1/);
      expect(feeTermsProblem({ feeBasis, feeRate: '0.12345' })).toMatch(/between 0 and 1/);
      expect(feeTermsProblem({ feeBasis, feeRate: null })).toMatch(/between 0 and 1/);
    }
  });

  it('needs an amount for a fixed fee', () => {
    expect(feeTermsProblem({ feeBasis: 'fixed', fixedFee: '3000' })).toBeNull();
    expect(feeTermsProblem({ feeBasis: 'fixed', fixedFee: '3000.50' })).toBeNull();
    expect(feeTermsProblem({ feeBasis: 'fixed', fixedFee: null })).toMatch(/amount/);
    expect(feeTermsProblem({ feeBasis: 'fixed', fixedFee: '-1' })).toMatch(/amount/);
    expect(feeTermsProblem({ feeBasis: 'fixed', fixedFee: '1.234' })).toMatch(/amount/);
  });
});
