/** Message log (every request that reached the interfaces) and msgId idempotency. */
import { and, eq, isNull, lt, ne } from "drizzle-orm";
import type { SQLiteInsertValue } from "drizzle-orm/sqlite-core";
import { isUniqueViolation, type Db } from "./db";
import { chunk } from "./content-guard";
import { acceptedMessages, messageContent, messageLog } from "./schema";

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

/** Which series or programs an accepted message concerns (the console's per-content history). */
export function recordMessageContent(db: Db, groupId: string, msgId: string, kind: "series" | "program", contentIds: readonly string[]) {
  return chunk([...new Set(contentIds)], 20).map((ids) =>
    db
      .insert(messageContent)
      .values(ids.map((contentId) => ({ groupId, kind, contentId, msgId })))
      .onConflictDoNothing(),
  );
}
