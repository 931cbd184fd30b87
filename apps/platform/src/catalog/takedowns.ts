/** 紧急下线 storage: the emergency lock on series/programs and the takedown records. */
import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { chunk } from "./content-guard";
import type { Db } from "./db";
import { programs, series, takedowns, type TakedownRow } from "./schema";

/** Sets or lifts the operator's lock; the CP's own status is untouched (it decides again after a lift). */
export function setEmergencyLock(db: Db, groupId: string, ref: { seriesIds: readonly string[]; programIds: readonly string[] }, locked: boolean, now: number) {
  return [
    ...chunk(ref.seriesIds, 90).map((ids) =>
      db.update(series).set({ emergencyLocked: locked, updatedAt: now }).where(and(eq(series.groupId, groupId), inArray(series.seriesId, ids))),
    ),
    ...chunk(ref.programIds, 90).map((ids) =>
      db.update(programs).set({ emergencyLocked: locked, updatedAt: now }).where(and(eq(programs.groupId, groupId), inArray(programs.programId, ids))),
    ),
  ];
}

export function insertTakedown(db: Db, row: typeof takedowns.$inferInsert) {
  return db.insert(takedowns).values(row);
}

export async function getTakedown(db: Db, id: string): Promise<TakedownRow | undefined> {
  const [row] = await db.select().from(takedowns).where(eq(takedowns.id, id)).limit(1);
  return row;
}

/** Newest first, keyset-paged by (at, id). */
export function listTakedowns(db: Db, opts: { groupId?: string; after?: { at: number; id: string }; limit: number }) {
  const conditions = [
    opts.groupId !== undefined ? eq(takedowns.groupId, opts.groupId) : undefined,
    opts.after ? or(lt(takedowns.at, opts.after.at), and(eq(takedowns.at, opts.after.at), lt(takedowns.id, opts.after.id))) : undefined,
  ].filter((c) => c !== undefined);
  return db
    .select()
    .from(takedowns)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(takedowns.at), desc(takedowns.id))
    .limit(opts.limit);
}

/** Every series and program id of a CP that is not yet deleted (CP exit takes them all off). */
export async function allContentIds(db: Db, groupId: string): Promise<{ seriesIds: string[]; programIds: string[] }> {
  const [s, p] = await Promise.all([
    db.all<{ id: string }>(sql`SELECT series_id AS id FROM series WHERE group_id = ${groupId} AND deleted = 0`),
    db.all<{ id: string }>(sql`SELECT program_id AS id FROM programs WHERE group_id = ${groupId} AND deleted = 0`),
  ]);
  return { seriesIds: s.map((r) => r.id), programIds: p.map((r) => r.id) };
}
