import { Kind, type FieldNode, type OperationDefinitionNode, type ValueNode } from 'graphql';

const ID_NAME = /(^id$|Id$|^ids$|Ids$)/;

function valuesOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.STRING:
      return node.value;
    case Kind.LIST:
      return node.values.map((v) => valuesOf(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, valuesOf(f.value, variables)]));
    default:
      return undefined;
  }
}

/** Ids nested deeper than this in an input are not looked for (the gateway refuses such variables anyway). */
const MAX_DEPTH = 32;

function collect(name: string, value: unknown, out: Set<string>, depth = 0): void {
  if (value === null || value === undefined || depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const v of value) collect(name, v, out, depth + 1);
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) collect(k, v, out, depth + 1);
  } else if (typeof value === 'string' && ID_NAME.test(name)) {
    out.add(value);
  }
}

/**
 * The ids an operation acted on: every argument (or input field) named `id`, `…Id` or `…Ids`, plus the
 * `id` of each object a root field returned. Opaque ids are kept as the client sent them.
 */
export function collectTargetIds(operation: OperationDefinitionNode, variables: Record<string, unknown>, data: Record<string, unknown> | null | undefined): string[] {
  const out = new Set<string>();
  for (const sel of operation.selectionSet.selections) {
    if (sel.kind !== Kind.FIELD) continue;
    const field = sel as FieldNode;
    for (const arg of field.arguments ?? []) collect(arg.name.value, valuesOf(arg.value, variables), out);
    const result = data?.[field.alias?.value ?? field.name.value];
    if (result && typeof result === 'object' && typeof (result as { id?: unknown }).id === 'string') out.add((result as { id: string }).id);
  }
  return [...out];
}
