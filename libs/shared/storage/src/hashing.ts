import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ObjectTooLargeError } from './storage.js';

/** Writes `body` to `file` while hashing and counting it; removes the file and throws past maxBytes. */
export async function spoolHashed(body: Buffer | Readable, file: string, maxBytes = Number.POSITIVE_INFINITY): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) {
        done(new ObjectTooLargeError(maxBytes));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
  try {
    await pipeline(source, meter, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (e) {
    await fs.promises.rm(file, { force: true });
    if (!Buffer.isBuffer(body)) body.resume();
    throw e;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Hex SHA-256 of bytes already in memory (verifying a stored document against its manifest). */
export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads a whole document into memory: for small ones only (letters, manifests), never uploads. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}
