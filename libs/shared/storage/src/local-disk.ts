import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { spoolHashed } from './hashing.js';
import { checkKey, NotFoundInStoreError, type DocumentStore, type PutOptions, type StoredObject } from './storage.js';

interface Meta {
  sha256: string;
  size: number;
  contentType: string;
}

/**
 * Documents as files under one directory (by default `<DATA_DIR>/documents`), with a small JSON sidecar
 * for the hash and content type. Writes go to a temporary file first and are renamed into place, so a
 * reader never sees half a document. Several processes may share the directory (one host, or a shared
 * volume); for several hosts use S3-compatible storage.
 */
export class LocalDiskStore implements DocumentStore {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    return path.join(this.root, ...checkKey(key).split('/'));
  }

  async put(key: string, body: Buffer | Readable, opts: PutOptions = {}): Promise<StoredObject> {
    const target = this.file(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const tmp = `${target}.${randomUUID()}.partial`;
    const { sha256, size } = await spoolHashed(body, tmp, opts.maxBytes);
    const meta: Meta = { sha256, size, contentType: opts.contentType ?? 'application/octet-stream' };
    await fs.promises.writeFile(`${target}.meta.json`, JSON.stringify(meta), { mode: 0o600 });
    await fs.promises.rename(tmp, target);
    return { key, ...meta };
  }

  async get(key: string): Promise<Readable> {
    const file = this.file(key);
    try {
      const handle = await fs.promises.open(file, 'r');
      return handle.createReadStream();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundInStoreError(key);
      throw e;
    }
  }

  async stat(key: string): Promise<StoredObject | null> {
    const file = this.file(key);
    try {
      const [st, meta] = await Promise.all([fs.promises.stat(file), fs.promises.readFile(`${file}.meta.json`, 'utf8')]);
      const m = JSON.parse(meta) as Meta;
      return { key, sha256: m.sha256, size: st.size, contentType: m.contentType };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.file(key);
    await fs.promises.rm(file, { force: true });
    await fs.promises.rm(`${file}.meta.json`, { force: true });
  }
}
