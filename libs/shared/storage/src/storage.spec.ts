import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditedDownload, LocalDiskStore, NotFoundInStoreError, ObjectTooLargeError, S3Store, type DocumentStore, type StoredObject } from './index.js';

// Both stores against real backends: a directory, and a real S3-compatible server (s3rver) on a port.

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
let tmp: string;
let s3rver: S3rver;
let s3Endpoint: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-storage-'));
  s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(tmp, 's3'), configureBuckets: [{ name: 'arrears-docs', configs: [] }] });
  const { address, port } = (await s3rver.run()) as unknown as { address: string; port: number };
  s3Endpoint = `http://${address}:${port}`;
});

afterAll(async () => {
  await s3rver?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const stores: [string, () => DocumentStore][] = [
  ['local disk', () => new LocalDiskStore(path.join(tmp, 'local'))],
  [
    'S3-compatible (s3rver)',
    () => new S3Store({ bucket: 'arrears-docs', prefix: 'test/', endpoint: s3Endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }),
  ],
];

describe.each(stores)('%s', (_name, make) => {
  it('stores a buffer and a stream with their SHA-256, size and type, and reads them back', async () => {
    const store = make();
    const body = 'bankRef,name\nA-1,张三\n';
    const a = await store.put('c1/imports/a.csv', Buffer.from(body), { contentType: 'text/csv' });
    expect(a).toEqual({ key: 'c1/imports/a.csv', sha256: sha(body), size: Buffer.byteLength(body), contentType: 'text/csv' });
    expect(await text(await store.get('c1/imports/a.csv'))).toBe(body);
    expect(await store.stat('c1/imports/a.csv')).toEqual(a);

    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const b = await store.put('c1/letters/b.pdf', Readable.from([big.subarray(0, 1_000_000), big.subarray(1_000_000)]), { contentType: 'application/pdf' });
    expect(b.size).toBe(big.length);
    expect(b.sha256).toBe(sha(big));
    const back = Buffer.concat(await (await store.get('c1/letters/b.pdf')).toArray());
    expect(sha(back)).toBe(b.sha256);
  });

  it('refuses a body over the limit and stores nothing', async () => {
    const store = make();
    await expect(store.put('c1/too-big.bin', Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), { maxBytes: 1000 })).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect(await store.stat('c1/too-big.bin')).toBeNull();
  });

  it('deletes idempotently; a missing key is null on stat and NotFound on get', async () => {
    const store = make();
    await store.put('c1/gone.txt', Buffer.from('x'));
    await store.delete('c1/gone.txt');
    await store.delete('c1/gone.txt');
    expect(await store.stat('c1/gone.txt')).toBeNull();
    await expect(store.get('c1/gone.txt')).rejects.toBeInstanceOf(NotFoundInStoreError);
  });

  it('rejects keys that could escape their place', async () => {
    const store = make();
    for (const key of ['../etc/passwd', '/abs', 'a//b', 'a/../b', '', 'a/./b']) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/Not a valid document key/);
    }
  });

  it('audits a download before the first byte leaves, and sends nothing for a missing document', async () => {
    const store = make();
    await store.put('c2/case-file.pdf', Buffer.from('%PDF-case'), { contentType: 'application/pdf' });
    const events: string[] = [];
    const out = new PassThrough();
    out.on('data', () => events.push('data'));
    const got = await auditedDownload({
      store,
      key: 'c2/case-file.pdf',
      audit: async (o: StoredObject) => {
        events.push(`audit ${o.sha256.slice(0, 8)}`);
      },
      to: out,
    });
    expect(got?.size).toBe(9);
    expect(events[0]).toBe(`audit ${sha('%PDF-case').slice(0, 8)}`);
    expect(events.slice(1).every((e) => e === 'data')).toBe(true);
    expect(events.length).toBeGreaterThan(1);

    let audited = false;
    const none = await auditedDownload({ store, key: 'c2/missing.pdf', audit: async () => void (audited = true), to: new PassThrough() });
    expect(none).toBeNull();
    expect(audited).toBe(false);
  });
});
