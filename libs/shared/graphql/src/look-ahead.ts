import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation asks, below the current field, for the field at `path` (e.g. ['edges',
 * 'node', 'debtor']), through inline fragments and fragment spreads. A resolver uses it to join what
 * the response will need instead of loading it with a second query. Directives (@skip/@include) are
 * not evaluated: a field that might be skipped counts as asked for, which only costs a join.
 */
export function selectsPath(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): boolean {
  let sets: SelectionSetNode[] = [];
  for (const f of info.fieldNodes) if (f.selectionSet) sets.push(f.selectionSet);
  for (let i = 0; i < path.length; i++) {
    const next: SelectionSetNode[] = [];
    let found = false;
    for (const set of sets) found = collect(set, path[i], info.fragments, next, new Set()) || found;
    if (!found) return false;
    sets = next;
  }
  return true;
}

function collect(set: SelectionSetNode, name: string, fragments: Record<string, FragmentDefinitionNode>, out: SelectionSetNode[], seen: Set<string>): boolean {
  let found = false;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value !== name) continue;
      found = true;
      if (sel.selectionSet) out.push(sel.selectionSet);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      found = collect(sel.selectionSet, name, fragments, out, seen) || found;
    } else {
      const fragment = fragments[sel.name.value];
      if (!fragment || seen.has(sel.name.value)) continue;
      seen.add(sel.name.value);
      found = collect(fragment.selectionSet, name, fragments, out, seen) || found;
    }
  }
  return found;
}

/**
 * The names of the fields asked for directly below `path` (through fragments; aliases give the field's
 * own name), or null when `path` itself is not asked for.
 */
export function selectedFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): Set<string> | null {
  let sets: SelectionSetNode[] = [];
  for (const f of info.fieldNodes) if (f.selectionSet) sets.push(f.selectionSet);
  for (const name of path) {
    const next: SelectionSetNode[] = [];
    let found = false;
    for (const set of sets) found = collect(set, name, info.fragments, next, new Set()) || found;
    if (!found) return null;
    sets = next;
  }
  const names = new Set<string>();
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) names.add(sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet, seen);
      else if (!seen.has(sel.name.value) && info.fragments[sel.name.value]) {
        seen.add(sel.name.value);
        visit(info.fragments[sel.name.value].selectionSet, seen);
      }
    }
  };
  for (const set of sets) visit(set, new Set());
  return names;
}
