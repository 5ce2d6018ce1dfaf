import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkPolicyBody, definePolicyKind, findPolicyKind, tighten } from './policy-kind.js';

const window = z.object({ startHour: z.number().int().min(0).max(24), endHour: z.number().int().min(0).max(24), channels: z.array(z.string()) });
type Window = z.infer<typeof window>;

const kind = definePolicyKind<Window>({
  kind: 'test_window',
  description: 'A test kind',
  schema: window,
  presets: { wide: { startHour: 8, endHour: 22, channels: ['call', 'sms'] }, narrow: { startHour: 9, endHour: 20, channels: ['call'] } },
  defaultPreset: 'wide',
  loosenings: (p, b) => [...tighten.min('startHour', p.startHour, b.startHour), ...tighten.max('endHour', p.endHour, b.endHour), ...tighten.subset('channels', p.channels, b.channels)],
});

describe('policy kinds', () => {
  it('registers a kind once and finds it by name', () => {
    expect(findPolicyKind('test_window')).toBe(kind);
    expect(() => definePolicyKind({ ...kind })).toThrow(/defined twice/);
  });

  it('accepts a body that only tightens its preset', () => {
    expect(checkPolicyBody(kind, 'wide', { startHour: 9, endHour: 21, channels: ['call'] }).violations).toEqual([]);
  });

  it('names every rule a looser body breaks', () => {
    const { violations } = checkPolicyBody(kind, 'narrow', { startHour: 8, endHour: 20, channels: ['call', 'visit'] });
    expect(violations.map((v) => v.rule)).toEqual(['startHour', 'channels']);
    expect(violations[0].message).toMatch(/at least 9/);
  });

  it('refuses a malformed body with the path of the problem', () => {
    const r = checkPolicyBody(kind, 'wide', { startHour: 'eight', endHour: 22, channels: [] });
    expect(r.body).toBeNull();
    expect(r.violations[0].rule).toBe('startHour');
  });

  it('refuses an unknown preset', () => {
    expect(checkPolicyBody(kind, 'lax', { startHour: 8, endHour: 22, channels: [] }).violations[0].rule).toBe('preset');
  });

  it('refuses a kind whose own preset breaks its schema', () => {
    expect(() => definePolicyKind({ ...kind, kind: 'broken', presets: { x: { startHour: 99 } as unknown as Window }, defaultPreset: 'x' })).toThrow(/own schema/);
  });
});
