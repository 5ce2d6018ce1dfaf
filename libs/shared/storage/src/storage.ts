import type { Readable } from 'node:stream';

/** What the store knows about one object. */
export interface StoredObject {
  key: string;
  /** Hex SHA-256 of the content, computed while it was written (never trusted from the server). */
  sha256: string;
  size: number;
  contentType: string;
}

export interface PutOptions {
  contentType?: string;
  /** Refuse (ObjectTooLargeError) and store nothing when the body is larger. */
  maxBytes?: number;
}

/**
 * Documents of every domain (placement uploads, letters, contact evidence, complaint attachments,
 * legal case files) go through this one small interface, on local disk or S3-compatible storage.
 * Keys are opaque paths chosen by the caller, e.g. `<clientId>/imports/<importId>.csv`: lead with the
 * client id so a bank's documents can be listed, exported and purged together. Tenancy is not checked
 * here: the caller resolves what a user may read under RLS first (see `auditedDownload`).
 */
export interface DocumentStore {
  put(key: string, body: Buffer | Readable, opts?: PutOptions): Promise<StoredObject>;
  /** The content; NotFoundInStoreError when the key does not exist. */
  get(key: string): Promise<Readable>;
  stat(key: string): Promise<StoredObject | null>;
  /** Idempotent: deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
}

export class ObjectTooLargeError extends Error {
  override name = 'ObjectTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`The document is larger than the limit of ${maxBytes} bytes`);
  }
}

export class NotFoundInStoreError extends Error {
  override name = 'NotFoundInStoreError';
  constructor(key: string) {
    super(`No document stored under ${key}`);
  }
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** Keys are relative paths of plain segments: no "..", no leading slash, no empty segment, at most 512 characters. */
export function checkKey(key: string): string {
  if (key.length > 512 || !KEY.test(key) || key.split('/').some((s) => s === '..' || s === '.')) throw new Error(`Not a valid document key: ${JSON.stringify(key.slice(0, 80))}`);
  return key;
}
