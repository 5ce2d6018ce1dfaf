import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Key versions to 32-byte keys in hex (version 1 is `DATA_ENCRYPTION_KEY` / `IDENTITY_HASH_KEY`). */
export type KeyRing = Readonly<Record<number, string>>;

function keysOf(ring: KeyRing, what: string): Map<number, Buffer> {
  const keys = new Map<number, Buffer>();
  for (const [v, hex] of Object.entries(ring)) {
    const version = Number(v);
    if (!Number.isInteger(version) || version < 1) throw new Error(`${what} key versions are whole numbers from 1 (got ${v})`);
    const key = Buffer.from(hex, 'hex');
    if (key.length !== 32) throw new Error(`The ${what} key version ${version} must be 32 bytes`);
    keys.set(version, key);
  }
  return keys;
}

const SEALED = /^v(\d+):/;
const PERSON_HASH = /^h(\d+):/;

/**
 * National ids are stored encrypted (AES-256-GCM) under a versioned key ring — the ciphertext says
 * which key sealed it (`v<n>:`), new ones use the newest key, older ones still open during a rotation.
 * People are matched by a keyed hash (`h<n>:`, HMAC-SHA-256) under a key of its own, derived per
 * agency (HKDF) from the identity key of that version: one person hashes alike in every bank of an
 * agency and differently in two agencies, and rotating the encryption key leaves the hashes alone.
 */
export class ProtectedData {
  private readonly keys: Map<number, Buffer>;
  private readonly identityKeys: Map<number, Buffer>;
  private readonly agencyKeys = new Map<string, Buffer>();
  /** The key version new ciphertexts are sealed with (the highest). */
  readonly encryptionVersion: number;
  /** The identity key version new hashes use (the highest), or null without an identity key. */
  readonly identityVersion: number | null;

  /** `keys`: the encryption key (version 1) in hex, or the whole ring; `identityKeys`: the identity key ring. */
  constructor(keys: string | KeyRing, identityKeys: KeyRing = {}) {
    this.keys = keysOf(typeof keys === 'string' ? { 1: keys } : keys, 'data encryption');
    if (this.keys.size === 0) throw new Error('At least one data encryption key is needed');
    this.identityKeys = keysOf(identityKeys, 'identity hash');
    this.encryptionVersion = Math.max(...this.keys.keys());
    this.identityVersion = this.identityKeys.size ? Math.max(...this.identityKeys.keys()) : null;
  }

  /** From the configuration's key rings (`config.dataEncryptionKeys`, `config.identityHashKeys`). */
  static fromConfig(c: { dataEncryptionKeys: KeyRing; identityHashKeys: KeyRing }): ProtectedData {
    return new ProtectedData(c.dataEncryptionKeys, c.identityHashKeys);
  }

  encrypt(plain: string): string {
    const key = this.keys.get(this.encryptionVersion) as Buffer;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v${this.encryptionVersion}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(sealed: string): string {
    const version = ProtectedData.sealedVersion(sealed);
    const key = this.keys.get(version);
    if (!key) throw new Error(`No data encryption key of version ${version} is configured`);
    const raw = Buffer.from(sealed.replace(SEALED, ''), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** The key version of a ciphertext (the first release wrote `v1:`; an unprefixed one is version 1). */
  static sealedVersion(sealed: string): number {
    const m = SEALED.exec(sealed);
    return m ? Number(m[1]) : 1;
  }

  /**
   * A person's identity hash in one agency: `h<version>:` and the HMAC of the identity key (see
   * identityKeyOf) under that agency's key of the newest identity key version.
   */
  personHash(agencyId: string, identityKey: string): string {
    const version = this.identityVersion;
    if (version === null) throw new Error('No identity hash key is configured (IDENTITY_HASH_KEY)');
    const mac = createHmac('sha256', this.agencyKey(version, agencyId)).update(identityKey.trim().toUpperCase()).digest('base64url');
    return `h${version}:${mac}`;
  }

  /** The identity key version of a stored hash; 0 for the first release's unversioned hashes. */
  static personHashVersion(hash: string): number {
    const m = PERSON_HASH.exec(hash);
    return m ? Number(m[1]) : 0;
  }

  private agencyKey(version: number, agencyId: string): Buffer {
    const id = `${version}/${agencyId}`;
    let key = this.agencyKeys.get(id);
    if (!key) {
      const root = this.identityKeys.get(version) as Buffer;
      key = Buffer.from(hkdfSync('sha256', root, 'arrears identity hash', `agency:${agencyId}`, 32));
      this.agencyKeys.set(id, key);
    }
    return key;
  }

  /**
   * A keyed hash under the encryption key of version 1, for values that are not people (the contact
   * domain's do-not-call phone hashes). People use personHash.
   */
  identityHash(value: string): string {
    const key = this.keys.get(1) ?? (this.keys.get(this.encryptionVersion) as Buffer);
    return createHmac('sha256', key).update(value.trim().toUpperCase()).digest('base64url');
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
