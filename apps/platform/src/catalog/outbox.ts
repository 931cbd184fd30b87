/**
 * Transactional outbox storage (notices 301/302, CDN purges, verification jobs) and the
 * attempt log. Rows are inserted in the batch of the change that causes them; the queue
 * message goes out after the batch commits and `sent_at` records that it did.
 */
import { and, asc, desc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db, Statement } from "./db";
import { outbox, outboxAttempts, type OutboxAttemptRow, type OutboxRow } from "./schema";
import type { NoticeContent } from "@gyt345/protocol/notice";

export type OutboxKind = OutboxRow["kind"];
export type OutboxStatus = OutboxRow["status"];
export type NewOutboxRow = typeof outbox.$inferInsert;

/** A 301/302 notice as queued: its content and where it went last. */
export interface NoticePayload extends NoticeContent {
  /** The CP URL of the last attempt (the CP's registered URL is re-read at send time). */
  url: string;
}

export interface PurgeTargets {
  urls: string[];
  tags: string[];
  prefixes: string[];
}

export interface PurgePayload {
  adapter: string;
  targets: PurgeTargets;
  /** Content the consumer widens to episodes and play URLs when it sends (ingest purges: no read in the message's batch). */
  expand?: { origin: string; groupId: string; seriesIds: string[]; programIds: string[] } | null;
}

export function insertOutbox(db: Db, row: NewOutboxRow) {
  return db.insert(outbox).values(row);
}

/**
 * An outbox row inserted only when `guard` holds inside the batch (ingest: only when the
 * message's change took effect, so a stale message purges nothing). RETURNING says whether it was.
 */
export function insertOutboxWhere(row: { id: string; kind: OutboxKind; groupId: string; payload: unknown; createdAt: number }, guard: Statement & object) {
  return sql`INSERT INTO outbox (id, kind, takedown_id, group_id, payload, status, generation, created_at, updated_at)
    SELECT ${row.id}, ${row.kind}, NULL, ${row.groupId}, ${JSON.stringify(row.payload)}, 'pending', 1, ${row.createdAt}, ${row.createdAt}
    WHERE ${guard} RETURNING id`;
}

export async function getOutbox(db: Db, id: string): Promise<OutboxRow | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id)).limit(1);
  return row;
}

export function markSent(db: Db, ids: readonly string[], now: number) {
  return db.update(outbox).set({ sentAt: now }).where(and(inArray(outbox.id, [...ids]), isNull(outbox.sentAt)));
}

/** Rows whose queue message was never confirmed sent, older than `before` (the cron sweep). */
export function unsentOutbox(db: Db, before: number, limit: number) {
  return db
    .select({ id: outbox.id, kind: outbox.kind, generation: outbox.generation, payload: outbox.payload })
    .from(outbox)
    .where(and(isNull(outbox.sentAt), lte(outbox.createdAt, before)))
    .orderBy(asc(outbox.createdAt))
    .limit(limit);
}

export function recordAttempt(db: Db, attempt: typeof outboxAttempts.$inferInsert) {
  return db.insert(outboxAttempts).values(attempt);
}

/** Status change of the row's current generation only (a stale message changes nothing). */
export function setOutboxStatus(
  db: Db,
  id: string,
  generation: number,
  change: { status: OutboxStatus; feedbackCode?: string | null; feedbackMsg?: string | null; payload?: unknown },
  now: number,
) {
  return db
    .update(outbox)
    .set({ ...change, updatedAt: now })
    .where(and(eq(outbox.id, id), eq(outbox.generation, generation)));
}

/** A resend: a new generation, back to pending and unsent; msgId (in the payload) unchanged. */
export function resetForResend(db: Db, id: string, now: number) {
  return db
    .update(outbox)
    .set({ status: "pending", generation: sql`${outbox.generation} + 1`, sentAt: null, updatedAt: now })
    .where(and(eq(outbox.id, id), inArray(outbox.status, ["failed", "delivered"])))
    .returning({ generation: outbox.generation });
}

export function outboxOfTakedowns(db: Db, takedownIds: readonly string[]) {
  if (takedownIds.length === 0) return Promise.resolve([] as OutboxRow[]);
  return db.select().from(outbox).where(inArray(outbox.takedownId, [...takedownIds])).orderBy(asc(outbox.createdAt), asc(outbox.id));
}

export async function attemptsOf(db: Db, outboxIds: readonly string[]): Promise<Map<string, OutboxAttemptRow[]>> {
  const out = new Map<string, OutboxAttemptRow[]>();
  for (let i = 0; i < outboxIds.length; i += 90) {
    const rows = await db
      .select()
      .from(outboxAttempts)
      .where(inArray(outboxAttempts.outboxId, outboxIds.slice(i, i + 90)))
      .orderBy(asc(outboxAttempts.id));
    for (const r of rows) out.set(r.outboxId, [...(out.get(r.outboxId) ?? []), r]);
  }
  return out;
}

export function latestOutbox(db: Db, kind: OutboxKind, groupId: string, limit = 20) {
  return db.select().from(outbox).where(and(eq(outbox.kind, kind), eq(outbox.groupId, groupId))).orderBy(desc(outbox.createdAt)).limit(limit);
}
