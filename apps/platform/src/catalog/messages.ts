/** Message log (every request that reached the interfaces) and msgId idempotency. */
import { and, eq, isNull, lt, ne, sql } from "drizzle-orm";
import type { SQLiteInsertValue } from "drizzle-orm/sqlite-core";
import { isUniqueViolation, type Db, type Statement } from "./db";
import { chunk } from "./content-guard";
import { acceptedMessages, messageContent, messageLog, refusedAnonymous } from "./schema";

/** A log row; values may be SQL (e.g. a note decided inside the batch). */
export type MessageLogEntry = SQLiteInsertValue<typeof messageLog>;

export function selectAcceptedMessage(db: Db, groupId: string, msgId: string) {
  return db
    .select({ contentSm3: acceptedMessages.contentSm3 })
    .from(acceptedMessages)
    .where(and(eq(acceptedMessages.groupId, groupId), eq(acceptedMessages.msgId, msgId)))
    .limit(1);
}

/** Fails the batch with a UNIQUE violation when a racing copy with the same msgId won. */
export function recordAcceptedMessage(db: Db, groupId: string, msgId: string, contentSm3: string, now: number) {
  return db.insert(acceptedMessages).values({ groupId, msgId, contentSm3, acceptedAt: now });
}

export function insertMessageLog(db: Db, entry: MessageLogEntry) {
  return db.insert(messageLog).values(entry);
}

export function isAcceptedMessageConflict(err: unknown): boolean {
  return isUniqueViolation(err, "accepted_messages");
}

/** Refused requests carry no body; their rows are purged after the retention period. */
export function purgeRefusedLog(db: Db, before: number) {
  return db.delete(messageLog).where(and(lt(messageLog.receivedAt, before), ne(messageLog.resultCode, "ok"), isNull(messageLog.body)));
}

export function purgeRefusedAnonymous(db: Db, before: number) {
  return db.delete(refusedAnonymous).where(lt(refusedAnonymous.minute, before));
}

/** A refusal before `sign` verified: nothing in it is authenticated, so it is counted, not logged per request. */
export interface AnonymousRefusal {
  receivedAt: number;
  source: string;
  claimedGroupId: string | null;
  path: string;
  nonce: string | null;
  httpStatus: number;
  resultCode: string;
  resultMsg: string;
  bodySm3: string | null;
}

const MINUTE = 60_000;

/**
 * One batch: count the refusal under (source, minute, path, code), and write a message_log
 * sample row (verified = false) only for the first of that key. Bound: at most one
 * refused_anonymous row and one message_log row per source, minute, path and result code,
 * however many requests arrive (the batch is one transaction, so racing copies agree).
 */
export function recordAnonymousRefusal(db: Db, r: AnonymousRefusal): Statement[] {
  const minute = Math.floor(r.receivedAt / MINUTE) * MINUTE;
  const key = sql`minute = ${minute} AND source = ${r.source} AND path = ${r.path} AND result_code = ${r.resultCode}`;
  return [
    db
      .insert(refusedAnonymous)
      .values({ minute, source: r.source, path: r.path, resultCode: r.resultCode, count: 1, claimedGroupId: r.claimedGroupId, lastAt: r.receivedAt })
      .onConflictDoUpdate({
        target: [refusedAnonymous.minute, refusedAnonymous.source, refusedAnonymous.path, refusedAnonymous.resultCode],
        set: { count: sql`${refusedAnonymous.count} + 1`, lastAt: r.receivedAt },
      }),
    sql`INSERT INTO message_log (received_at, group_id, path, nonce, msg_id, msg_type, http_status, result_code, result_msg, body_sm3, body, verified)
      SELECT ${r.receivedAt}, ${r.claimedGroupId}, ${r.path}, ${r.nonce}, NULL, NULL, ${r.httpStatus}, ${r.resultCode}, ${r.resultMsg}, ${r.bodySm3}, NULL, 0
      WHERE (SELECT count FROM refused_anonymous WHERE ${key}) = 1`,
  ];
}

/** Which series or programs an accepted message concerns (the console's per-content history). */
export function recordMessageContent(db: Db, groupId: string, msgId: string, kind: "series" | "program", contentIds: readonly string[]) {
  return chunk([...new Set(contentIds)], 20).map((ids) =>
    db
      .insert(messageContent)
      .values(ids.map((contentId) => ({ groupId, kind, contentId, msgId })))
      .onConflictDoNothing(),
  );
}
