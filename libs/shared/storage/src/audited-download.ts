import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DocumentStore, StoredObject } from './storage.js';

export interface AuditedDownload {
  store: DocumentStore;
  key: string;
  /** Writes the audit row (kind 'download') and resolves before a byte leaves; a failure stops the download. */
  audit: (object: StoredObject) => Promise<void>;
  /** Called with the object's facts before streaming, e.g. to set content-type and content-length. */
  onStart?: (object: StoredObject) => void;
  to: Writable;
}

/**
 * Streams one document after the caller has decided (under RLS) that the user may read it, auditing
 * first. Returns the object, or null when it is not in the store (nothing audited, nothing sent).
 */
export async function auditedDownload(d: AuditedDownload): Promise<StoredObject | null> {
  const object = await d.store.stat(d.key);
  if (!object) return null;
  await d.audit(object);
  d.onStart?.(object);
  await pipeline(await d.store.get(d.key), d.to);
  return object;
}
