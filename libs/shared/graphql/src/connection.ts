import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { badInput } from './errors.js';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => Boolean)
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export const MAX_PAGE_SIZE = 200;
const DEFAULT_PAGE_SIZE = 50;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  after?: string;
}

export function pageSize(first: number | undefined): number {
  return first ?? DEFAULT_PAGE_SIZE;
}

export interface ConnectionResult<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount?: () => Promise<number>;
}

/** Keyset cursors: the sort key of the last row, opaque to clients. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null, arity: number): unknown[] | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity) return key;
  } catch {
    // fall through
  }
  throw badInput('The cursor is not valid; start again from the first page');
}

/**
 * Builds a connection from rows fetched with LIMIT first + 1 (the extra row only tells whether a next
 * page exists). `keyOf` gives the row's sort key, which becomes its cursor.
 */
export function toConnection<R, T>(rows: R[], first: number, keyOf: (row: R) => unknown[], toNode: (row: R) => T, hasPrevious = false, totalCount?: () => Promise<number>): ConnectionResult<T> {
  const page = rows.slice(0, first);
  const edges = page.map((r) => new KeysetEdge(r, keyOf, toNode(r)));
  const pageInfo = new PageInfo();
  pageInfo.hasNextPage = rows.length > first;
  pageInfo.hasPreviousPage = hasPrevious;
  pageInfo.startCursor = edges[0]?.cursor ?? null;
  pageInfo.endCursor = edges.at(-1)?.cursor ?? null;
  return { edges, pageInfo, totalCount };
}

/** An edge whose cursor is encoded when read: many pages are asked for pageInfo's cursors, not each edge's. */
class KeysetEdge<R, T> {
  constructor(
    private readonly row: R,
    private readonly keyOf: (row: R) => unknown[],
    readonly node: T,
  ) {}

  get cursor(): string {
    return encodeCursor(this.keyOf(this.row));
  }
}

/** A Relay connection type for `nodeType`: `<Name>Connection` with `<Name>Edge`s. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string = nodeType.name) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    totalCount?: () => Promise<number>;

    @Field(() => Int, { name: 'totalCount', nullable: true, description: 'Counted only when asked for' })
    async countAll(): Promise<number | null> {
      return this.totalCount ? this.totalCount() : null;
    }
  }
  return Connection;
}
