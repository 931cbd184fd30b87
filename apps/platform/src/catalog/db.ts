import type { SQL } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Db = DrizzleD1Database<typeof schema> & { $client: D1Database };

// drizzle() derives the relational config of the whole schema on every call, about a tenth of
// a signed message's Worker CPU: one Db per D1 binding object (the same object for an
// isolate's requests; a wrapped binding, as in tests, simply gets its own).
const dbs = new WeakMap<D1Database, Db>();

export function createDb(d1: D1Database): Db {
  let db = dbs.get(d1);
  if (!db) {
    db = drizzle(d1, { schema }) as Db;
    dbs.set(d1, db);
  }
  return db;
}

/** A drizzle query builder, or raw SQL built with drizzle's `sql` tag. */
export type Statement = { toSQL(): { sql: string; params: unknown[] } } | SQL;

/**
 * Runs statements as one D1 batch (one transaction: all or nothing) and returns D1's raw
 * results. drizzle's own `batch` cannot bind parameters of raw `sql` statements (0.45), and
 * the conditional episode statements need raw SQL, so the batch is built here.
 */
export async function runBatch(db: Db, statements: readonly Statement[]): Promise<D1Result<Record<string, unknown>>[]> {
  const d1 = db.$client;
  const prepared = statements.map((s) => {
    const q = "toSQL" in s ? s.toSQL() : rawQuery(db, s);
    return d1.prepare(q.sql).bind(...q.params);
  });
  return d1.batch(prepared);
}

/** D1 reports a primary-key/UNIQUE violation as text (in the message or its cause): which table's? */
export function isUniqueViolation(err: unknown, table: string): boolean {
  const text = err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : String(err);
  return text.includes(`UNIQUE constraint failed: ${table}.`);
}

function rawQuery(db: Db, s: SQL): { sql: string; params: unknown[] } {
  return db.run(s).getQuery();
}
