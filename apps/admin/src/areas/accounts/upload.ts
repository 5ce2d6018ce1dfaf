import { sessionStore } from '../../app/session-store';

export interface UploadResult {
  importId: string;
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** A stable reason code and its parameters, for the user's language (e.g. FILE_ALREADY_IMPORTED). */
    readonly reason: string | null = null,
    readonly params: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * POSTs a placement file as multipart form data (not GraphQL) with the session's token, reporting
 * upload progress. XMLHttpRequest because fetch cannot report upload progress.
 */
export function uploadPlacement(
  input: { clientId: string; name?: string; placedOn?: string; file: File; allowDuplicate?: boolean },
  onProgress: (percent: number) => void,
  url = '/api/placements/upload',
): { promise: Promise<UploadResult>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadResult>((resolve, reject) => {
    const body = new FormData();
    body.append('clientId', input.clientId);
    if (input.name) body.append('name', input.name);
    if (input.placedOn) body.append('placedOn', input.placedOn);
    if (input.allowDuplicate) body.append('allowDuplicate', 'true');
    body.append('file', input.file, input.file.name);

    // The bank also goes in the URL: the gateway checks it before reading a byte of the file.
    xhr.open('POST', `${url}?clientId=${encodeURIComponent(input.clientId)}`);
    const token = sessionStore.token;
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    // Apollo Server's CSRF prevention wants this header on any request that is not plain JSON.
    xhr.setRequestHeader('apollo-require-preflight', 'true');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status >= 200 && xhr.status < 300 && parsed && typeof (parsed as UploadResult).importId === 'string') {
        onProgress(100);
        resolve(parsed as UploadResult);
        return;
      }
      if (xhr.status === 401) sessionStore.end('refused');
      const err = (parsed as { error?: { reason?: unknown; params?: unknown } } | null)?.error;
      reject(
        new UploadError(
          serverMessage(parsed) ?? `HTTP ${xhr.status}`,
          xhr.status,
          typeof err?.reason === 'string' ? err.reason : null,
          err?.params && typeof err.params === 'object' ? (err.params as Record<string, string>) : {},
        ),
      );
    };
    xhr.onerror = () => reject(new UploadError('network error', 0));
    xhr.onabort = () => reject(new UploadError('aborted', 0));
    xhr.send(body);
  });
  return { promise, abort: () => xhr.abort() };
}

function serverMessage(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as { message?: unknown; error?: unknown; errors?: Array<{ message?: unknown }> };
  if (typeof b.message === 'string') return b.message;
  if (typeof b.error === 'string') return b.error;
  if (b.error && typeof b.error === 'object' && typeof (b.error as { message?: unknown }).message === 'string') {
    return (b.error as { message: string }).message;
  }
  if (Array.isArray(b.errors) && typeof b.errors[0]?.message === 'string') return b.errors[0].message;
  return null;
}

export function rejectionReportUrl(importId: string): string {
  return `/api/placement-imports/${encodeURIComponent(importId)}/rejections.csv`;
}

/** A placement file template: the header row of every field, in the user's language, as CSV (UTF-8 with BOM). */
export function placementTemplateCsv(headers: string[]): Blob {
  const line = headers.map((h) => (/[",\n]/.test(h) ? `"${h.replace(/"/g, '""')}"` : h)).join(',');
  return new Blob(['\uFEFF', line, '\n'], { type: 'text/csv;charset=utf-8' });
}
