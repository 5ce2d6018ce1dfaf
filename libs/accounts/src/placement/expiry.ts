/** Pure rules of placement expiry and extension (留案), unit-tested apart from the database. */

export interface ExtensionRequestCheck {
  placementStatus: string;
  expiresOn: string | null;
  requestedUntil: string;
  today: string;
  pendingRequest: boolean;
}

/** Why an extension cannot be requested (a stable code), or null when it can. */
export function extensionRefusal(c: ExtensionRequestCheck): { code: string; params: Record<string, string> } | null {
  if (c.placementStatus !== 'active') return { code: 'PLACEMENT_NOT_ACTIVE', params: { status: c.placementStatus } };
  if (!c.expiresOn) return { code: 'PLACEMENT_HAS_NO_EXPIRY', params: {} };
  if (c.pendingRequest) return { code: 'EXTENSION_ALREADY_REQUESTED', params: {} };
  if (c.requestedUntil <= c.expiresOn) return { code: 'EXTENSION_NOT_LATER', params: { expiresOn: c.expiresOn } };
  if (c.requestedUntil <= c.today) return { code: 'EXTENSION_IN_THE_PAST', params: { today: c.today } };
  return null;
}

/** Days from `today` to `expiresOn` (negative once expired). */
export function daysToExpiry(expiresOn: string, today: string): number {
  return Math.round((Date.parse(`${expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
