import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What a stored document is: where it lives, its SHA-256 and its size. */
export interface StoredDocument {
  key: string;
  sha256: string;
  size: number;
  contentType: string;
}

export class DocumentTooLargeError extends Error {
  override name = 'DocumentTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`The document is larger than ${maxBytes} bytes`);
  }
}

export class DocumentNotFoundError extends Error {
  override name = 'DocumentNotFoundError';
}

/**
 * Where documents (letters, evidence, attachments, case files) live. Keys are chosen by the store's
 * callers and always start with the tenant (`<agency>/<client>/...`), so a listing never mixes tenants.
 */
export interface DocumentStore {
  put(key: string, body: Buffer | Readable, opts: { contentType: string; maxBytes: number }): Promise<StoredDocument>;
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,511}$/;

export function assertSafeKey(key: string): void {
  if (!SAFE_KEY.test(key) || key.split('/').some((p) => p === '' || p === '.' || p === '..')) throw new RangeError(`Unsafe document key: ${key}`);
}

/** Counts and hashes bytes as they stream by, and stops the stream past `maxBytes`. */
function measuring(maxBytes: number) {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new DocumentTooLargeError(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ sha256: hash.digest('hex'), size }) };
}

/** Local disk under one root folder (the default: `DATA_DIR/documents`). Writes are atomic renames. */
export class LocalDocumentStore implements DocumentStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, key);
  }

  async put(key: string, body: Buffer | Readable, opts: { contentType: string; maxBytes: number }): Promise<StoredDocument> {
    const target = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomUUID()}.part`;
    const m = measuring(opts.maxBytes);
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, m.stream, fs.createWriteStream(temp, { flags: 'wx' }));
      await fs.promises.rename(temp, target);
    } catch (e) {
      await fs.promises.rm(temp, { force: true });
      throw e;
    }
    return { key, contentType: opts.contentType, ...m.result() };
  }

  async get(key: string): Promise<Readable> {
    const p = this.pathOf(key);
    if (!(await this.exists(key))) throw new DocumentNotFoundError(`No document ${key}`);
    return fs.createReadStream(p);
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await fs.promises.stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }
}

/** Reads a whole (small) document, e.g. to verify its hash. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
