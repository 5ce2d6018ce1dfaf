import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '../../app/session-store';
import { rejectionReportUrl, uploadPlacement } from './upload';

/** A scripted XMLHttpRequest: records what was sent, then answers as told. */
class FakeXhr {
  static last: FakeXhr;
  static respond: { status: number; body: string };
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  responseText = '';
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  send(body: FormData) {
    this.body = body;
    queueMicrotask(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
      this.status = FakeXhr.respond.status;
      this.responseText = FakeXhr.respond.body;
      this.onload?.();
    });
  }
  abort() {
    this.onabort?.();
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('uploadPlacement', () => {
  it('posts multipart form data with the bearer token and the CSRF preflight header, reporting progress', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    sessionStore.signIn('tok-1', new Date(Date.now() + 60_000).toISOString());
    FakeXhr.respond = { status: 202, body: JSON.stringify({ importId: 'imp-1' }) };
    const progress: number[] = [];
    const file = new File(['bankRef,debtorName\nA1,Ann\n'], 'accounts.csv', { type: 'text/csv' });
    const result = await uploadPlacement({ clientId: 'c1', name: 'Nov batch', file }, (p) => progress.push(p)).promise;

    expect(result).toEqual({ importId: 'imp-1' });
    const xhr = FakeXhr.last;
    expect([xhr.method, xhr.url]).toEqual(['POST', '/api/placements/upload?clientId=c1']);
    expect(xhr.headers['authorization']).toBe('Bearer tok-1');
    expect(xhr.headers['apollo-require-preflight']).toBe('true');
    expect(xhr.body?.get('clientId')).toBe('c1');
    expect(xhr.body?.get('name')).toBe('Nov batch');
    expect((xhr.body?.get('file') as File).name).toBe('accounts.csv');
    expect(progress).toEqual([50, 100]);
    sessionStore.end('signedOut');
  });

  it("rejects with the server's message, and a 401 ends the session", async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    sessionStore.signIn('tok-2', new Date(Date.now() + 60_000).toISOString());
    FakeXhr.respond = { status: 400, body: JSON.stringify({ error: { code: 'BAD_USER_INPUT', message: 'Only CSV or XLSX files' } }) };
    const file = new File(['x'], 'x.pdf');
    await expect(uploadPlacement({ clientId: 'c1', file }, () => {}).promise).rejects.toThrow('Only CSV or XLSX files');
    expect(sessionStore.token).toBe('tok-2');

    FakeXhr.respond = { status: 401, body: JSON.stringify({ message: 'Sign in again' }) };
    await expect(uploadPlacement({ clientId: 'c1', file }, () => {}).promise).rejects.toThrow('Sign in again');
    expect(sessionStore.token).toBeNull();
    expect(sessionStore.getSnapshot().endReason).toBe('refused');
  });

  it('builds the rejection report address', () => {
    expect(rejectionReportUrl('a/b')).toBe('/api/placement-imports/a%2Fb/rejections.csv');
  });
});
