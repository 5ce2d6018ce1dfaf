import { Field, ID, InterfaceType } from 'type-graphql';
import type { RequestContext } from '@arrears/tenancy';
import { notFound } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Relay's Node: every object with an opaque, globally unique id. */
@InterfaceType({ description: 'An object with an opaque global id' })
export abstract class Node {
  @Field(() => ID)
  id: string;
}

/** Opaque ids: base64url("Type:uuid"). Opaque so clients never build or parse them. */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** The type and database id of an opaque id, or null when it is not one of ours. */
export function fromGlobalId(globalId: string): { type: string; id: string } | null {
  if (typeof globalId !== 'string' || globalId.length > 200) return null;
  const raw = Buffer.from(globalId, 'base64url').toString('utf8');
  const sep = raw.indexOf(':');
  if (sep <= 0) return null;
  const type = raw.slice(0, sep);
  const id = raw.slice(sep + 1);
  return UUID.test(id) ? { type, id: id.toLowerCase() } : null;
}

/** The database id of an opaque id of `type`; a malformed or foreign id is NOT_FOUND, like a missing one. */
export function fromGlobalIdOrThrow(globalId: string, type: string, label = type): string {
  const parsed = fromGlobalId(globalId);
  if (!parsed || parsed.type !== type) throw notFound(label);
  return parsed.id;
}

export type NodeResolver = (ctx: RequestContext, id: string) => Promise<object | null>;
/** Each domain contributes how to load its node types; the gateway's `node` query dispatches on them. */
export type NodeResolvers = Record<string, NodeResolver>;
