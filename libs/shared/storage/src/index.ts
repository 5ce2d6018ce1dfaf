export { checkKey, NotFoundInStoreError, ObjectTooLargeError, type DocumentStore, type PutOptions, type StoredObject } from './storage.js';
export { LocalDiskStore } from './local-disk.js';
export { S3Store, type S3StoreOptions } from './s3.js';
export { auditedDownload, type AuditedDownload } from './audited-download.js';
export { createDocumentStore, type StorageConfig } from './create.js';
export { readAll, sha256Of } from './hashing.js';
