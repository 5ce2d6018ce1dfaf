import { sessionStore } from '../app/session-store';

/** Fetches a file with the session's Bearer token and saves it through a blob URL. */
export async function downloadWithAuth(url: string, filename: string): Promise<void> {
  const token = sessionStore.token;
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (response.status === 401) {
    sessionStore.end('refused');
    throw new Error('UNAUTHENTICATED');
  }
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = href;
    a.download = filename;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }
}
