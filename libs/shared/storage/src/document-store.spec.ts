import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentNotFoundError, DocumentTooLargeError, LocalDocumentStore, readAll, sha256Of } from './document-store.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-docs-'));
const store = new LocalDocumentStore(root);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('LocalDocumentStore', () => {
  it('stores a document with its SHA-256 and size, and reads it back', async () => {
    const body = Buffer.from('催收函 — statement of account ¥1,234.50');
    const stored = await store.put('agency/client/letters/1.pdf', body, { contentType: 'application/pdf', maxBytes: 1024 });
    expect(stored).toMatchObject({ size: body.length, sha256: sha256Of(body) });
    expect(sha256Of(await readAll(await store.get(stored.key)))).toBe(stored.sha256);
  });

  it('refuses a stream over the limit and leaves nothing behind', async () => {
    const big = Readable.from([Buffer.alloc(600), Buffer.alloc(600)]);
    await expect(store.put('agency/client/big.bin', big, { contentType: 'application/octet-stream', maxBytes: 1000 })).rejects.toBeInstanceOf(DocumentTooLargeError);
    expect(await store.exists('agency/client/big.bin')).toBe(false);
    expect(fs.readdirSync(path.join(root, 'agency/client')).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('refuses keys that would leave its folder', async () => {
    await expect(store.put('../escape', Buffer.from('x'), { contentType: 'text/plain', maxBytes: 10 })).rejects.toThrow(/Unsafe/);
    await expect(store.put('a/../../b', Buffer.from('x'), { contentType: 'text/plain', maxBytes: 10 })).rejects.toThrow(/Unsafe/);
  });

  it('tells a missing document apart and deletes', async () => {
    await expect(store.get('agency/none')).rejects.toBeInstanceOf(DocumentNotFoundError);
    await store.put('agency/tmp.txt', Buffer.from('x'), { contentType: 'text/plain', maxBytes: 10 });
    await store.delete('agency/tmp.txt');
    expect(await store.exists('agency/tmp.txt')).toBe(false);
  });
});
