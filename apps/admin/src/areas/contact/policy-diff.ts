/** One changed setting between two policy bodies: its path and both values as JSON text. */
export interface PolicyChange {
  path: string;
  before: string;
  after: string;
}

function flatten(value: unknown, prefix: string, out: Map<string, string>) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, JSON.stringify(value));
  }
}

/** Settings that differ between two bodies, sorted by path (arrays compare as a whole). */
export function policyDiff(before: unknown, after: unknown): PolicyChange[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before ?? {}, '', a);
  flatten(after ?? {}, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.filter((p) => a.get(p) !== b.get(p)).map((p) => ({ path: p, before: a.get(p) ?? '—', after: b.get(p) ?? '—' }));
}
