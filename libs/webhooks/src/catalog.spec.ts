import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unknownEventTypes, WEBHOOK_EVENT_TYPES } from './catalog.js';

/** Every literal event type passed to the outbox in the domain libs' sources. */
function emittedTypes(): Set<string> {
  const root = path.resolve(import.meta.dirname, '../..');
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.spec.ts')) {
        const src = fs.readFileSync(p, 'utf8');
        if (!/emitEvent|event_outbox|announce\(|this\.emit\(/.test(src)) continue;
        for (const m of src.matchAll(/'((?:placement|account|payment|payment_file|promise|plan|complaint|legal|contact|credit|hold|template|sms|letter)\.[a-z_]+)'/g)) found.add(m[1]);
        // Complaint events are named `complaint.<EVENT_NAMES value>`.
        const names = /const EVENT_NAMES[^=]*=\s*\{([^}]*)\}/.exec(src);
        if (names) for (const m of names[1].matchAll(/:\s*'([a-z_]+)'/g)) found.add(`complaint.${m[1]}`);
      }
    }
  };
  walk(path.join(root, 'complaints/src'));
  for (const lib of ['accounts', 'contact', 'payments', 'legal']) walk(path.join(root, lib, 'src'));
  return found;
}

describe('event catalog', () => {
  it('lists every event type the domains emit', () => {
    const emitted = emittedTypes();
    expect(emitted.size).toBeGreaterThan(20);
    expect(emitted).toContain('complaint.resolved');
    expect(emitted).toContain('payment.posted');
    expect(emitted).toContain('account.recalled');
    const missing = [...emitted].filter((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
    expect(missing).toEqual([]);
  });

  it('names the unknown types of a request', () => {
    expect(unknownEventTypes(['payment.posted', 'payment.stolen', 'payment.stolen'])).toEqual(['payment.stolen']);
  });
});
