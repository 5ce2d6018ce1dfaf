import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, verifyWebhook } from './signing.js';

describe('webhook signatures', () => {
  const secret = 'whsec_0123456789abcdef0123456789abcdef';
  const body = '{"id":"e1","type":"payment.posted","data":{"amount":"10.00"}}';
  const ts = 1_800_000_000;

  it('is the hex HMAC-SHA256 of "timestamp.body" with the secret, prefixed v1=', () => {
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(signWebhook(secret, ts, body)).toBe(`v1=${expected}`);
  });

  it('verifies a fresh, untouched delivery', () => {
    expect(verifyWebhook(secret, { timestamp: String(ts), signature: signWebhook(secret, ts, body) }, body, ts + 10)).toEqual({ ok: true });
  });

  it('refuses a changed body, another secret, or a timestamp moved to pass the window', () => {
    const sig = signWebhook(secret, ts, body);
    expect(verifyWebhook(secret, { timestamp: String(ts), signature: sig }, body.replace('10.00', '99.00'), ts)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyWebhook('whsec_another-secret-of-32-characters!!', { timestamp: String(ts), signature: sig }, body, ts)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyWebhook(secret, { timestamp: String(ts + 400), signature: sig }, body, ts + 400)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyWebhook(secret, { timestamp: String(ts), signature: undefined }, body, ts)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a genuine delivery replayed more than five minutes later, or from the future', () => {
    const sig = signWebhook(secret, ts, body);
    expect(verifyWebhook(secret, { timestamp: String(ts), signature: sig }, body, ts + 300)).toEqual({ ok: true });
    expect(verifyWebhook(secret, { timestamp: String(ts), signature: sig }, body, ts + 301)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhook(secret, { timestamp: String(ts), signature: sig }, body, ts - 301)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhook(secret, { timestamp: 'yesterday', signature: sig }, body, ts)).toEqual({ ok: false, reason: 'bad_timestamp' });
  });

  it('generates long, distinct secrets', () => {
    const a = newWebhookSecret();
    const b = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });
});
