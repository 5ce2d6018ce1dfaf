import { describe, expect, it } from 'vitest';
import { roleBindingProblem } from './role-binding.js';

const c1 = '11111111-1111-4111-8111-111111111111';
const c2 = '22222222-2222-4222-8222-222222222222';
const firm = '33333333-3333-4333-8333-333333333333';

describe('roleBindingProblem', () => {
  it('binds a bank user to exactly one bank', () => {
    expect(roleBindingProblem({ role: 'client_user', clientIds: [c1], lawFirmId: null })).toBeNull();
    expect(roleBindingProblem({ role: 'client_user', clientIds: [], lawFirmId: null })).toMatch(/exactly one/);
    expect(roleBindingProblem({ role: 'client_user', clientIds: [c1, c2], lawFirmId: null })).toMatch(/exactly one/);
  });

  it('binds a lawyer to a law firm and no bank', () => {
    expect(roleBindingProblem({ role: 'lawyer', clientIds: [], lawFirmId: firm })).toBeNull();
    expect(roleBindingProblem({ role: 'lawyer', clientIds: [], lawFirmId: null })).toMatch(/law firm/);
    expect(roleBindingProblem({ role: 'lawyer', clientIds: [c1], lawFirmId: firm })).toMatch(/no client scope/);
  });

  it('lets staff take any client scope but no law firm', () => {
    expect(roleBindingProblem({ role: 'collector', clientIds: [c1, c2], lawFirmId: null })).toBeNull();
    expect(roleBindingProblem({ role: 'supervisor', clientIds: [], lawFirmId: null })).toBeNull();
    expect(roleBindingProblem({ role: 'collector', clientIds: [], lawFirmId: firm })).toMatch(/Only lawyers/);
  });

  it('gives agency admins every bank implicitly and never creates platform admins', () => {
    expect(roleBindingProblem({ role: 'agency_admin', clientIds: [], lawFirmId: null })).toBeNull();
    expect(roleBindingProblem({ role: 'agency_admin', clientIds: [c1], lawFirmId: null })).toMatch(/every bank/);
    expect(roleBindingProblem({ role: 'platform_admin', clientIds: [], lawFirmId: null })).toMatch(/not created/);
  });
});
