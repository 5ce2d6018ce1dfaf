import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spoolHashed } from './hashing.js';
import { checkKey, NotFoundInStoreError, type DocumentStore, type PutOptions, type StoredObject } from './storage.js';

export interface S3StoreOptions {
  bucket: string;
  /** Key prefix inside the bucket (e.g. "arrears/"). */
  prefix?: string;
  region?: string;
  /** S3-compatible servers (MinIO, Ceph, OSS/COS gateways): their URL, usually with forcePathStyle. */
  endpoint?: string;
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const missing = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404;
};

/**
 * Documents in an S3-compatible bucket. The body is spooled to a temporary file first: that enforces
 * the size limit before anything is uploaded, computes the SHA-256 on our side (S3-compatible servers
 * do not all verify checksums) and gives S3 the content length it needs. The hash travels as object
 * metadata (x-amz-meta-sha256).
 */
export class S3Store implements DocumentStore {
  readonly client: S3Client;

  constructor(private readonly opts: S3StoreOptions) {
    this.client = new S3Client({
      region: opts.region ?? 'us-east-1',
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle,
      credentials: opts.credentials,
      // The SDK's default CRC checksums use aws-chunked uploads, which several S3-compatible servers
      // store verbatim (chunk headers inside the object). We verify content by our own SHA-256 instead.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private objectKey(key: string): string {
    return `${this.opts.prefix ?? ''}${checkKey(key)}`;
  }

  async put(key: string, body: Buffer | Readable, opts: PutOptions = {}): Promise<StoredObject> {
    const objectKey = this.objectKey(key);
    const tmp = path.join(os.tmpdir(), `arrears-s3-${randomUUID()}`);
    const { sha256, size } = await spoolHashed(body, tmp, opts.maxBytes);
    const contentType = opts.contentType ?? 'application/octet-stream';
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.opts.bucket,
          Key: objectKey,
          Body: fs.createReadStream(tmp),
          ContentLength: size,
          ContentType: contentType,
          Metadata: { sha256 },
        }),
      );
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
    return { key, sha256, size, contentType };
  }

  async get(key: string): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.objectKey(key) }));
      return out.Body as Readable;
    } catch (e) {
      if (missing(e)) throw new NotFoundInStoreError(key);
      throw e;
    }
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.opts.bucket, Key: this.objectKey(key) }));
      return { key, sha256: out.Metadata?.sha256 ?? '', size: out.ContentLength ?? 0, contentType: out.ContentType ?? 'application/octet-stream' };
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.objectKey(key) }));
  }
}
