import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * National ids are stored encrypted (AES-256-GCM), shown masked, and matched across banks by a keyed
 * hash (HMAC-SHA-256) so "one person" can be counted without revealing one bank's data to another.
 */
export class ProtectedData {
  private readonly key: Buffer;

  constructor(hexKey: string) {
    this.key = Buffer.from(hexKey, 'hex');
    if (this.key.length !== 32) throw new Error('The data encryption key must be 32 bytes');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(sealed: string): string {
    const raw = Buffer.from(sealed.replace(/^v1:/, ''), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Keyed identity hash: the same person gives the same value in every bank's data. */
  identityHash(value: string): string {
    return createHmac('sha256', this.key).update(value.trim().toUpperCase()).digest('base64url');
  }
}

/** 110101199003071234 -> 110***********1234: region prefix and last four only. */
export function maskNationalId(id: string): string {
  const s = id.trim();
  if (s.length <= 7) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}

/** 13812345678 -> 138****5678. */
export function maskPhone(phone: string): string {
  const s = phone.trim();
  if (s.length <= 7) return `${s.slice(0, 1)}${'*'.repeat(Math.max(0, s.length - 1))}`;
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A PRC resident identity number (GB 11643): 18 characters with a valid check digit. */
export function isValidChineseNationalId(id: string): boolean {
  const s = id.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(s[i]), 0);
  return ID_CHECK[sum % 11] === s[17];
}

/** Phone numbers in one canonical form (digits, no +86 / 0086 prefix), or null when not a phone. */
export function normalisePhone(raw: string): string | null {
  let s = raw.replace(/[\s\-().]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  if (s.startsWith('+')) s = s.slice(1);
  return /^\d{7,15}$/.test(s) ? s : null;
}
