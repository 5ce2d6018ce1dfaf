import { createHash } from 'node:crypto';
import pg from 'pg';

/** Named statements one connection keeps prepared at most; the least recently used beyond it are deallocated. */
export const PREPARED_STATEMENTS_PER_CONNECTION = 100;

/** The statement names of texts seen in this process, so a text is hashed once (bounded like the statements). */
const namesByText = new Map<string, string>();
const NAMES_KEPT = 2_000;

/** A stable name for a statement's text: the server keeps one parsed statement per name and connection. */
export function statementName(text: string): string {
  let name = namesByText.get(text);
  if (name === undefined) {
    name = 's' + createHash('sha1').update(text).digest('base64url');
    if (namesByText.size >= NAMES_KEPT) namesByText.delete(namesByText.keys().next().value as string);
    namesByText.set(text, name);
  }
  return name;
}

/** The statement's cached plan no longer fits the tables (a column added or changed by a migration while we ran). */
function isStalePlan(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  return err?.code === '0A000' && /cached plan must not change result type/.test(err.message ?? '');
}

interface ParsedStatements {
  parsedStatements: Record<string, string>;
}

type QueryCallback = (err: Error | null, res?: unknown) => void;

/**
 * A node-postgres client that runs every statement given with a values array (bind parameters, or none)
 * as a named prepared statement, so PostgreSQL parses, rewrites (row-level security policies included)
 * and plans the same text once per connection instead of once per request. PostgreSQL replans on its
 * own when a table, a policy or the role changes (plan cache invalidation). Text sent without a values
 * array (transaction control, the tenant context message, multi-statement text) and streams such as COPY
 * go through unchanged.
 *
 * Each connection keeps at most PREPARED_STATEMENTS_PER_CONNECTION statements, least recently used
 * first out (DEALLOCATE). A statement whose result columns changed under it fails once with "cached
 * plan must not change result type"; the connection then prepares its texts again under new names (the
 * old statements stay on the server until the connection closes: one set per schema change).
 */
export class PreparingClient extends pg.Client {
  /** Names prepared (or being prepared) on this connection, least recently used first. */
  private readonly prepared = new Map<string, true>();
  /** Bumped when a schema change made this connection's statements stale: new names prepare again. */
  private generation = 0;

  // node-postgres' query() has many overloads: this handles (text, values[, callback]) and passes the rest
  // on. `never` stands for whichever of them the caller used (a promise, a result, a submittable).
  override query(config: unknown, values?: unknown, callback?: unknown): never {
    const call = super.query as (this: pg.Client, ...args: unknown[]) => never;
    // Text with a values array (even empty) is one statement; text alone may be several (simple protocol).
    if (typeof config !== 'string' || !Array.isArray(values)) return call.call(this, config, values, callback);
    const generation = this.generation;
    const name = generation ? `${statementName(config)}_${generation}` : statementName(config);
    const evicted = this.remember(name);
    const named = { name, text: config, values };
    const onError = (e: unknown) => {
      if (isStalePlan(e) && this.generation === generation) {
        this.generation++;
        this.prepared.clear();
      }
    };
    const result =
      typeof callback === 'function'
        ? call.call(this, named, (err: Error | null, res?: unknown) => {
            if (err) onError(err);
            (callback as QueryCallback)(err, res);
          })
        : ((call.call(this, named) as Promise<unknown>).catch((e: unknown) => {
            onError(e);
            throw e;
          }) as never);
    if (evicted) this.deallocate(evicted);
    return result;
  }

  /** Marks `name` most recently used; returns the name pushed out beyond the limit, if any. */
  private remember(name: string): string | undefined {
    if (this.prepared.delete(name)) {
      this.prepared.set(name, true);
      return undefined;
    }
    this.prepared.set(name, true);
    if (this.prepared.size <= PREPARED_STATEMENTS_PER_CONNECTION) return undefined;
    const oldest = this.prepared.keys().next().value as string;
    this.prepared.delete(oldest);
    return oldest;
  }

  /**
   * Queued behind the statement just sent, so every query queued before it still finds the statement.
   * Only a statement the server confirmed is deallocated (one still being parsed is left alone). The
   * callback runs before node-postgres sends the next queued query, so one that uses the name again
   * parses it again. In a failed transaction DEALLOCATE fails too; the statement then stays known to
   * node-postgres, and reusable, until the connection closes.
   */
  private deallocate(name: string): void {
    const parsed = (this as unknown as { connection: ParsedStatements }).connection.parsedStatements;
    if (parsed[name] === undefined) return;
    const call = super.query as (this: pg.Client, ...args: unknown[]) => void;
    call.call(this, `deallocate ${pg.escapeIdentifier(name)}`, (err: Error | null) => {
      if (!err) delete parsed[name];
    });
  }
}
