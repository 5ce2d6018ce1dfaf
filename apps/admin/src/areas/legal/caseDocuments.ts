import { sessionStore } from '../../app/session-store';

/** SHA-256 of a document as the server sends it, computed in the browser (Web Crypto). */
export async function documentSha256(path: string): Promise<string> {
  const token = sessionStore.token;
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const digest = await crypto.subtle.digest('SHA-256', await response.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Sends one file to a legal upload endpoint (multipart, bearer token); resolves with the server's answer. */
export async function uploadLegalDocument(path: string, file: File, fields: Record<string, string> = {}): Promise<{ sha256: string }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file, file.name);
  const token = sessionStore.token;
  const response = await fetch(path, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: form });
  const body = (await response.json()) as { sha256?: string; error?: { message: string } };
  if (!response.ok || !body.sha256) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  return { sha256: body.sha256 };
}
