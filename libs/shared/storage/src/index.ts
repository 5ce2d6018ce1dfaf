export { LocalDocumentStore, DocumentTooLargeError, DocumentNotFoundError, assertSafeKey, readAll, sha256Of, type DocumentStore, type StoredDocument } from './document-store.js';
