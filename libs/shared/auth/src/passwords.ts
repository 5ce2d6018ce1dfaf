import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import os from 'node:os';
import bcrypt from 'bcryptjs';

// argon2id through @node-rs/argon2: native, runs on libuv's thread pool, so a flood of sign-in
// attempts does not block the event loop. bcrypt hashes from before stay valid until their owner
// signs in once (then they are replaced, see verifyPassword's `needsRehash`).
// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane (about 50 ms to hash on these machines).
// 2 is Algorithm.Argon2id (an ambient const enum, which isolatedModules cannot read).
const ARGON2 = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_POLICY = { minLength: 10, maxLength: 72 } as const;

/** Stable codes for what the password policy refuses, so clients can say it in the user's language. */
export type PasswordPolicyReason = 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG';

export function passwordPolicyReason(password: string): PasswordPolicyReason | null {
  if (password.length < PASSWORD_POLICY.minLength) return 'PASSWORD_TOO_SHORT';
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_POLICY.maxLength) return 'PASSWORD_TOO_LONG';
  return null;
}

/** Null when acceptable, otherwise why not. The 72-byte cap keeps old bcrypt semantics for every user. */
export function checkPasswordPolicy(password: string): string | null {
  if (password.length < PASSWORD_POLICY.minLength) return `Password must be at least ${PASSWORD_POLICY.minLength} characters`;
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_POLICY.maxLength) return `Password must be at most ${PASSWORD_POLICY.maxLength} bytes`;
  return null;
}

/**
 * At most this many hashes at once (half the cores, at least one): a flood of sign-ins waits in this
 * queue, holding no database connection, instead of taking every core from signed-in users' requests.
 */
export const MAX_CONCURRENT_HASHES = Math.max(1, Math.floor(os.availableParallelism() / 2));
let running = 0;
const waiting: (() => void)[] = [];

/** Runs `work` when a hashing slot is free. */
export async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export function hashPassword(password: string): Promise<string> {
  return withHashSlot(() => argon2Hash(password, ARGON2));
}

export interface PasswordCheck {
  ok: boolean;
  /** The stored hash is of an older kind (bcrypt) or weaker parameters: store a fresh hash after a good check. */
  needsRehash: boolean;
}

const isBcrypt = (stored: string) => /^\$2[abxy]\$/.test(stored);
const CURRENT_PARAMS = `$argon2id$v=19$m=${ARGON2.memoryCost},t=${ARGON2.timeCost},p=${ARGON2.parallelism}$`;

/** Constant-time check of `password` against an argon2id or (legacy) bcrypt hash; false for anything else. */
export async function checkPassword(password: string, stored: string): Promise<PasswordCheck> {
  if (isBcrypt(stored)) return { ok: await withHashSlot(() => bcrypt.compare(password, stored)), needsRehash: true };
  if (!stored.startsWith('$argon2')) return { ok: false, needsRehash: false };
  let ok: boolean;
  try {
    ok = await withHashSlot(() => argon2Verify(stored, password));
  } catch {
    // A malformed stored hash never signs anybody in.
    return { ok: false, needsRehash: false };
  }
  return { ok, needsRehash: ok && !stored.startsWith(CURRENT_PARAMS) };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  return (await checkPassword(password, stored)).ok;
}

/** An argon2id hash of a random string: a check against it costs what a real one does (unknown e-mails). */
export const DUMMY_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$dd9Xo5CmIyaz7uubcNULvA$AkYM5m+EXzGdc6HkhgmtJwHujn7l+ym1P760pi3/giU';
