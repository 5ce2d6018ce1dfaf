import type { z } from 'zod';

/** One way a proposed policy breaks its preset (or its own schema): which rule, and why. */
export interface PolicyViolation {
  rule: string;
  message: string;
}

/**
 * A kind of per-client policy (contact rules, bucket bands, approval limits, complaint clocks…). The
 * domain that owns the rules defines its kind: the body's schema, the presets it starts from, and what
 * counts as loosening a preset. Platform stores versions and knows no domain.
 */
export interface PolicyKind<B = unknown> {
  kind: string;
  description: string;
  schema: z.ZodType<B>;
  presets: Readonly<Record<string, B>>;
  defaultPreset: string;
  /** Every rule where `proposed` is looser than `preset`; empty when it only keeps or tightens it. */
  loosenings(preset: B, proposed: B): PolicyViolation[];
}

const registry = new Map<string, PolicyKind<unknown>>();

/** Registers a kind at start-up (when the owning domain's module loads) and returns it, typed. */
export function definePolicyKind<B>(def: PolicyKind<B>): PolicyKind<B> {
  if (!(def.defaultPreset in def.presets)) throw new Error(`Policy kind ${def.kind}: default preset ${def.defaultPreset} is not among its presets`);
  for (const [name, body] of Object.entries(def.presets)) {
    const parsed = def.schema.safeParse(body);
    if (!parsed.success) throw new Error(`Policy kind ${def.kind}: preset ${name} does not match its own schema`);
  }
  const existing = registry.get(def.kind);
  if (existing && existing !== (def as PolicyKind<unknown>)) throw new Error(`Policy kind ${def.kind} is defined twice`);
  registry.set(def.kind, def as PolicyKind<unknown>);
  return def;
}

export function findPolicyKind(kind: string): PolicyKind<unknown> | undefined {
  return registry.get(kind);
}

export function registeredPolicyKinds(): PolicyKind<unknown>[] {
  return [...registry.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}

/** Schema problems first (a body that is not even well-formed), then loosenings against the preset. */
export function checkPolicyBody<B>(kind: PolicyKind<B>, presetName: string, body: unknown): { body: B; violations: PolicyViolation[] } | { body: null; violations: PolicyViolation[] } {
  const preset = kind.presets[presetName];
  if (preset === undefined) return { body: null, violations: [{ rule: 'preset', message: `Unknown preset "${presetName}" for ${kind.kind}; choose one of ${Object.keys(kind.presets).join(', ')}` }] };
  const parsed = kind.schema.safeParse(body);
  if (!parsed.success) {
    return {
      body: null,
      violations: parsed.error.issues.map((i) => ({ rule: i.path.join('.') || 'body', message: i.message })),
    };
  }
  return { body: parsed.data, violations: kind.loosenings(preset, parsed.data) };
}

/** Helpers for "may only tighten" rules, so each kind states its rules in one line each. */
export const tighten = {
  /** A maximum may only go down. */
  max(rule: string, preset: number, proposed: number, what = rule): PolicyViolation[] {
    return proposed > preset ? [{ rule, message: `${what} may be at most ${preset} (the preset), not ${proposed}` }] : [];
  },
  /** A minimum may only go up. */
  min(rule: string, preset: number, proposed: number, what = rule): PolicyViolation[] {
    return proposed < preset ? [{ rule, message: `${what} must be at least ${preset} (the preset), not ${proposed}` }] : [];
  },
  /** A set of allowed things may only shrink. */
  subset<T>(rule: string, preset: readonly T[], proposed: readonly T[], what = rule): PolicyViolation[] {
    const extra = proposed.filter((p) => !preset.includes(p));
    return extra.length ? [{ rule, message: `${what} may not add ${extra.join(', ')} to the preset` }] : [];
  },
  /** A flag that restricts may be turned on, never off. */
  keepOn(rule: string, preset: boolean, proposed: boolean, what = rule): PolicyViolation[] {
    return preset && !proposed ? [{ rule, message: `${what} is required by the preset and cannot be turned off` }] : [];
  },
};
