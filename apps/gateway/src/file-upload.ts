import path from 'node:path';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Readable as ReadableBody } from 'node:stream';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { writeAudit } from '@arrears/audit';
import { withTenant, type Principal } from '@arrears/tenancy';
import type { Logger } from './logger.js';
import { AppError, ErrorCode } from '@arrears/graphql';
import { ObjectTooLargeError, type DocumentStore, type StoredObject } from '@arrears/storage';
import { HttpError } from './rest.routes.js';

export interface ReceivedFile {
  doc: StoredObject;
  fileName: string;
  /** The form's short text fields. */
  fields: Record<string, string>;
}

export interface FileRules {
  /** What the file is, in messages ("file", "photo"). */
  what: string;
  maxBytes: number;
  /** Allowed content types; any when absent. */
  contentTypes?: readonly string[];
}

/** The error for a file over its limit (also used before the body is read, from content-length). */
export const fileTooLarge = (r: FileRules) => new HttpError(ErrorCode.BAD_USER_INPUT, `The ${r.what} is larger than the limit of ${r.maxBytes} bytes`, 413);

/**
 * Streams the one file (field "file") of a multipart body into the store under `key`: hashed and
 * size-limited while it streams, of an allowed type. Other parts are short text fields.
 */
export function receiveFile(req: Request, store: DocumentStore, key: string, rules: FileRules): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize: rules.maxBytes + 1, files: 1, fields: 5, fieldSize: 2000, parts: 8 } });
    } catch {
      return reject(new HttpError(ErrorCode.BAD_USER_INPUT, `Send the ${rules.what} as multipart/form-data`));
    }
    const fields: Record<string, string> = {};
    let stored: Promise<{ doc: StoredObject; fileName: string }> | null = null;
    let refused: HttpError | null = null;
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream: Readable, info) => {
      if (name !== 'file' || stored || refused) return void stream.resume();
      const type = (info.mimeType || 'application/octet-stream').toLowerCase().slice(0, 100);
      if (rules.contentTypes && !rules.contentTypes.includes(type)) {
        refused = new HttpError(ErrorCode.BAD_USER_INPUT, `The ${rules.what} must be one of ${rules.contentTypes.join(', ')}`, 415);
        return void stream.resume();
      }
      const fileName = path.basename(info.filename || rules.what).slice(0, 200);
      stored = store.put(key, stream, { contentType: type, maxBytes: rules.maxBytes }).then((doc) => ({ doc, fileName }));
      // A failed put stops reading; the error is reported when the form is done.
      stored.catch(() => stream.resume());
    });
    bb.on('error', () => reject(new HttpError(ErrorCode.BAD_USER_INPUT, 'The upload could not be read')));
    bb.on('close', () => {
      if (refused) return reject(refused);
      if (!stored) return reject(new HttpError(ErrorCode.BAD_USER_INPUT, `The form has no ${rules.what} (field "file")`));
      stored.then(
        (s) => resolve({ ...s, fields }),
        (e) => reject(e instanceof ObjectTooLargeError ? fileTooLarge(rules) : e),
      );
    });
    req.pipe(bb);
  });
}

/** Audits a refused or failed upload in a transaction of its own (the request's own was never kept open). */
export async function auditFailedUpload(dataSource: DataSource, who: Principal, operation: string, target: string, error: unknown, requestId: string, log: Logger): Promise<void> {
  await withTenant(dataSource, { userId: who.userId, agencyId: who.agencyId }, (db, p) =>
    writeAudit(db, p, {
      kind: 'mutation',
      operation,
      targetIds: [target.slice(0, 200)],
      outcome: error instanceof AppError ? 'rejected' : 'error',
      errorCode: error instanceof AppError ? error.code : ErrorCode.INTERNAL_SERVER_ERROR,
      requestId,
    }),
  ).catch((err) => log.error({ err, requestId }, 'failed to write an audit entry'));
}

/** Sends a stored file as a download that the browser never renders inline. */
export function sendStoredFile(res: Response, body: ReadableBody, contentType: string, fileName: string, fallbackName: string): void {
  res.status(200);
  res.setHeader('content-type', contentType);
  res.setHeader('content-disposition', `attachment; filename="${fallbackName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-content-type-options', 'nosniff');
  body.pipe(res);
}
