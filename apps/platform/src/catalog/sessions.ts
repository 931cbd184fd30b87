/** Operator sessions: D1 keeps the SHA-256 of the cookie token, never the token. */
import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "./db";
import { adminSessions } from "./schema";

export type NewSession = typeof adminSessions.$inferInsert;

export function insertSession(db: Db, session: NewSession) {
  return db.insert(adminSessions).values(session);
}

export function purgeExpiredSessions(db: Db, now: number) {
  return db.delete(adminSessions).where(lt(adminSessions.expiresAt, now));
}

export async function findLiveSession(db: Db, tokenHash: string, now: number) {
  const [row] = await db
    .select()
    .from(adminSessions)
    .where(and(eq(adminSessions.tokenHash, tokenHash), gt(adminSessions.expiresAt, now)))
    .limit(1);
  return row;
}

export function deleteSession(db: Db, tokenHash: string) {
  return db.delete(adminSessions).where(eq(adminSessions.tokenHash, tokenHash));
}
