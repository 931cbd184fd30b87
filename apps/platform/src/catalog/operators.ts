/** Operator accounts and the login attempt counters. */
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "./db";
import { adminSessions, loginAttempts, operators, type OperatorRow } from "./schema";

export type NewOperator = typeof operators.$inferInsert;
export type OperatorPatch = Partial<Pick<OperatorRow, "role" | "disabled" | "passwordHash" | "passwordSalt" | "passwordIterations">>;

export async function findOperator(db: Db, username: string): Promise<OperatorRow | undefined> {
  const [row] = await db.select().from(operators).where(eq(operators.username, username)).limit(1);
  return row;
}

export function listOperators(db: Db): Promise<OperatorRow[]> {
  return db.select().from(operators).orderBy(asc(operators.username));
}

export function insertOperator(db: Db, row: NewOperator) {
  return db.insert(operators).values(row);
}

export function updateOperator(db: Db, username: string, patch: OperatorPatch) {
  return db.update(operators).set(patch).where(eq(operators.username, username));
}

export function touchOperatorLogin(db: Db, username: string, at: number) {
  return db.update(operators).set({ lastLoginAt: at }).where(eq(operators.username, username));
}

/** Ends every session of an operator (disabled, demoted or given a new password). */
export function deleteOperatorSessions(db: Db, username: string) {
  return db.delete(adminSessions).where(eq(adminSessions.username, username));
}

/**
 * Counts one attempt for each key in the window, atomically (one batch of upserts), and
 * returns the counts including this attempt, in the order of `keys`.
 */
export async function countLoginAttempts(db: Db, keys: readonly string[], window: number): Promise<number[]> {
  const d1 = db.$client;
  const results = await d1.batch<{ count: number }>(
    keys.map((key) =>
      d1
        .prepare("INSERT INTO login_attempts (key, window, count) VALUES (?, ?, 1) ON CONFLICT (key, window) DO UPDATE SET count = count + 1 RETURNING count")
        .bind(key, window),
    ),
  );
  return results.map((r) => Number(r.results[0]?.count));
}

export function purgeLoginAttempts(db: Db, beforeWindow: number) {
  return db.delete(loginAttempts).where(sql`${loginAttempts.window} < ${beforeWindow}`);
}
