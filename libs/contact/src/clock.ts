import { ProtectedData } from '@arrears/accounts';
import type { RequestContext } from '@arrears/tenancy';

/** What the contact domain needs from the app that assembles it. */
export interface ContactDeps {
  /** Keys do-not-call hashes (the deployment's data encryption key, hex). */
  dataEncryptionKey: string;
  /** Honour a request's test clock (x-arrears-test-now). Only ever true when NODE_ENV=test. */
  testClock: boolean;
  revealsPerUserPerDay: number;
}

export const DEFAULT_REVEALS_PER_USER_PER_DAY = 200;

/** The clock of one request: the real one, or the test clock when the gateway runs under test. */
export function contactNow(deps: ContactDeps | undefined, ctx: RequestContext): Date {
  return deps?.testClock && ctx.testNow ? ctx.testNow : new Date();
}

/** Parses the test-clock header; an absent or malformed value means "use the real clock". */
export function parseTestNow(header: string | string[] | undefined): Date | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const cache = new Map<string, ProtectedData>();
export function protectedDataFor(deps: ContactDeps): ProtectedData {
  let p = cache.get(deps.dataEncryptionKey);
  if (!p) cache.set(deps.dataEncryptionKey, (p = new ProtectedData(deps.dataEncryptionKey)));
  return p;
}
