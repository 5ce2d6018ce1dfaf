import path from 'node:path';
import { LocalDiskStore } from './local-disk.js';
import { S3Store, type S3StoreOptions } from './s3.js';
import type { DocumentStore } from './storage.js';

export type StorageConfig = { kind: 'local'; dir: string } | ({ kind: 's3' } & S3StoreOptions);

/** The configured store: local disk under DATA_DIR by default, S3-compatible when configured. */
export function createDocumentStore(c: StorageConfig): DocumentStore {
  return c.kind === 's3' ? new S3Store(c) : new LocalDiskStore(path.resolve(c.dir));
}
