import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { checkPassword, DUMMY_PASSWORD_HASH, hashPassword, MAX_CONCURRENT_HASHES, withHashSlot } from './passwords.js';

describe('password hashing', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await checkPassword('correct horse battery', hash)).toEqual({ ok: true, needsRehash: false });
    expect(await checkPassword('wrong horse battery', hash)).toEqual({ ok: false, needsRehash: false });
  });

  it('still accepts a bcrypt hash from before, and asks for it to be replaced', async () => {
    const legacy = await bcrypt.hash('correct horse battery', 4);
    expect(await checkPassword('correct horse battery', legacy)).toEqual({ ok: true, needsRehash: true });
    expect((await checkPassword('wrong horse battery', legacy)).ok).toBe(false);
  });

  it('asks to rehash an argon2 hash with weaker parameters', async () => {
    const { hash } = await import('@node-rs/argon2');
    const weak = await hash('correct horse battery', { algorithm: 2, memoryCost: 1024, timeCost: 1 });
    expect(await checkPassword('correct horse battery', weak)).toEqual({ ok: true, needsRehash: true });
  });

  it('never accepts a malformed or empty stored hash, nor the dummy hash', async () => {
    expect((await checkPassword('x', '')).ok).toBe(false);
    expect((await checkPassword('x', '$argon2id$garbage')).ok).toBe(false);
    expect((await checkPassword('plain-text', 'plain-text')).ok).toBe(false);
    expect((await checkPassword('arrears-demo', DUMMY_PASSWORD_HASH)).ok).toBe(false);
  });

  it('keeps the event loop ticking while 16 checks run (hashing is on the thread pool)', async () => {
    const hash = await hashPassword('correct horse battery');
    let worstGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    await Promise.all(Array.from({ length: 16 }, (_, i) => checkPassword(`guess number ${i}`, hash)));
    const took = performance.now() - started;
    clearInterval(timer);
    // 16 checks take far longer than one tick; with a blocking hash the loop would stall for all of it.
    expect(took).toBeGreaterThan(60);
    expect(worstGap).toBeLessThan(took / 2);
  });

  it('runs at most MAX_CONCURRENT_HASHES hashes at once; the rest wait their turn', async () => {
    let now = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withHashSlot(async () => {
          peak = Math.max(peak, ++now);
          await new Promise((r) => setTimeout(r, 10));
          now--;
        }),
      ),
    );
    expect(MAX_CONCURRENT_HASHES).toBeGreaterThanOrEqual(1);
    expect(peak).toBe(MAX_CONCURRENT_HASHES);
  });
});
