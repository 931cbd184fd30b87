/** Consumed nonces: D1 is the authority, KV a fast first check that may lag. */
import { and, eq, lt } from "drizzle-orm";
import { isUniqueViolation, type Db } from "./db";
import { nonces } from "./schema";

export function selectNonce(db: Db, groupId: string, nonce: string) {
  return db
    .select({ nonce: nonces.nonce })
    .from(nonces)
    .where(and(eq(nonces.groupId, groupId), eq(nonces.nonce, nonce)))
    .limit(1);
}

/** Fails the whole batch with a UNIQUE violation when a racing copy consumed it first. */
export function consumeNonce(db: Db, groupId: string, nonce: string, expiresAt: number) {
  return db.insert(nonces).values({ groupId, nonce, expiresAt });
}

export function purgeExpiredNonces(db: Db, now: number) {
  return db.delete(nonces).where(lt(nonces.expiresAt, now));
}

export function isNonceConflict(err: unknown): boolean {
  return isUniqueViolation(err, "nonces");
}

/** The KV key of the fast check. */
export function nonceKvKey(groupId: string, nonce: string): string {
  return `nonce:${groupId}:${nonce}`;
}
