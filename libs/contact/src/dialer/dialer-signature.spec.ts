import { describe, expect, it } from 'vitest';
import { parseCallEvent, signDialerMessage, unansweredOutcome, verifyDialerSignature } from './dialer-signature.js';

const secret = 'a shared secret of the agency';
const body = Buffer.from(JSON.stringify({ eventId: 'e1', callId: '6f1c1c9e-1f6b-4a55-9c55-0d3d3a7c1b11', type: 'hung_up' }));
const now = new Date('2026-12-01T03:00:00Z');
const t = Math.floor(now.getTime() / 1000);

describe('dialer message signatures', () => {
  it('accepts a signature over the timestamp and the exact body', () => {
    expect(verifyDialerSignature(secret, signDialerMessage(secret, t, body), body, now)).toEqual({ ok: true, signedAt: new Date(t * 1000) });
  });

  it('refuses another secret, a changed body, a re-dated message and garbage', () => {
    expect(verifyDialerSignature(secret, signDialerMessage('another', t, body), body, now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyDialerSignature(secret, signDialerMessage(secret, t, body), Buffer.from(body.toString().replace('hung_up', 'answered')), now)).toEqual({ ok: false, reason: 'mismatch' });
    const sig = signDialerMessage(secret, t, body).replace(`t=${t}`, `t=${t + 1}`);
    expect(verifyDialerSignature(secret, sig, body, now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyDialerSignature(secret, 'v1=abc', body, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyDialerSignature(secret, undefined, body, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a timestamp outside the window either way', () => {
    expect(verifyDialerSignature(secret, signDialerMessage(secret, t - 301, body), body, now)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyDialerSignature(secret, signDialerMessage(secret, t + 301, body), body, now)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyDialerSignature(secret, signDialerMessage(secret, t - 299, body), body, now).ok).toBe(true);
  });
});

describe('call events', () => {
  it('reads a well-formed event and refuses others', () => {
    expect(parseCallEvent({ eventId: 'e2', callId: '6F1C1C9E-1F6B-4A55-9C55-0D3D3A7C1B11', type: 'hung_up', durationSeconds: 42, recordingRef: 'rec/1' })).toEqual({
      eventId: 'e2', callId: '6f1c1c9e-1f6b-4a55-9c55-0d3d3a7c1b11', type: 'hung_up', durationSeconds: 42, recordingRef: 'rec/1', cause: null,
    });
    expect(parseCallEvent({ eventId: 'e2', callId: 'not-a-uuid', type: 'hung_up' })).toBeNull();
    expect(parseCallEvent({ eventId: 'e2', callId: '6f1c1c9e-1f6b-4a55-9c55-0d3d3a7c1b11', type: 'exploded' })).toBeNull();
    expect(parseCallEvent({ eventId: 'e2', callId: '6f1c1c9e-1f6b-4a55-9c55-0d3d3a7c1b11', type: 'hung_up', durationSeconds: -1 })).toBeNull();
    expect(parseCallEvent(null)).toBeNull();
  });

  it('maps an unanswered call to busy or no answer', () => {
    expect(unansweredOutcome('busy')).toBe('busy');
    expect(unansweredOutcome('no_answer')).toBe('no_answer');
    expect(unansweredOutcome(null)).toBe('no_answer');
  });
});
