import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { guardedLookup, isPublicAddress, RefusedDestination, urlProblem } from './address-guard.js';

export interface SendOptions {
  /** Whole request, connect to last byte (ms). */
  timeoutMs: number;
  /** Tests and on-premises receivers only; refused in production by the configuration. */
  allowPrivate: boolean;
}

export interface SendResult {
  /** The receiver's status, null when no response came (refused, timed out, connection failed). */
  statusCode: number | null;
  latencyMs: number;
  /** Why the attempt did not succeed, in words a bank may read; null on 2xx. */
  error: string | null;
  /** Only a 2xx counts; redirects are not followed (a redirect could point anywhere). */
  ok: boolean;
  /** True when the destination itself was refused (a retry will not help). */
  refused: boolean;
}

/** One POST of a signed JSON body to a subscription URL, through the SSRF guard. */
export function postWebhook(rawUrl: string, body: string, headers: Record<string, string>, opts: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const done = (r: Omit<SendResult, 'latencyMs'>): SendResult => ({ ...r, latencyMs: Math.round(performance.now() - started) });
  const problem = urlProblem(rawUrl);
  if (problem) return Promise.resolve(done({ statusCode: null, error: problem, ok: false, refused: true }));
  const url = new URL(rawUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An address literal never goes through `lookup`: judge it here.
  if (net.isIP(host) && !opts.allowPrivate && !isPublicAddress(host)) {
    return Promise.resolve(done({ statusCode: null, error: `${host} is a private or reserved address`, ok: false, refused: true }));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body).toString(), 'user-agent': 'Arrears-Webhooks/1', ...headers },
        lookup: guardedLookup(opts.allowPrivate),
        agent: false,
      },
      (res) => {
        const code = res.statusCode ?? 0;
        // The answer's body is not needed; read it away (bounded by the timeout) so the socket closes cleanly.
        res.on('data', () => undefined);
        res.on('end', () => finish({ statusCode: code, ok: code >= 200 && code < 300, error: code >= 200 && code < 300 ? null : `The receiver answered ${code}`, refused: false }));
        res.on('error', () => finish({ statusCode: code, ok: false, error: 'The response was cut off', refused: false }));
      },
    );
    const timer = setTimeout(() => {
      finish({ statusCode: null, ok: false, error: `No answer within ${opts.timeoutMs} ms`, refused: false });
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (err) => {
      if (err instanceof RefusedDestination) return finish({ statusCode: null, ok: false, error: err.message, refused: true });
      const code = (err as NodeJS.ErrnoException).code;
      finish({ statusCode: null, ok: false, error: code ? `Connection failed (${code})` : 'Connection failed', refused: false });
    });
    req.end(body);
  });
}
