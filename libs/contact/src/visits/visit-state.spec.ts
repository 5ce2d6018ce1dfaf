import { describe, expect, it } from 'vitest';
import { notOpen } from './visit.service.js';

describe('notOpen', () => {
  it('lets only a scheduled visit be moved or cancelled', () => {
    expect(notOpen({ status: 'scheduled' })).toBeNull();
    expect(notOpen({ status: 'cancelled' })?.code).toBe('VISIT_CANCELLED');
    expect(notOpen({ status: 'completed' })?.code).toBe('VISIT_NOT_OPEN');
  });
});
