/** 节目集 storage: upsert with msgTime ordering, episode-list replacement, CP offline. */
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db, Statement } from "./db";
import { appliedBy, appliedByText, chunk, msgTimeNotOlder } from "./content-guard";
import { series, seriesPrograms } from "./schema";
import { searchTextOf, type SeriesNames } from "./search";

export type SeriesUpsert = typeof series.$inferInsert;
export type EpisodeRow = Omit<typeof seriesPrograms.$inferInsert, "groupId" | "seriesId">;

/** Create-or-replace (100/101, and 102 with deleted=true); a no-op when the row is newer. */
export function upsertSeries(db: Db, input: SeriesUpsert) {
  // The console's search text travels with the row (triggers keep its n-gram index in step).
  const row = { ...input, searchText: searchTextOf({ ...(input.data as Partial<SeriesNames>), title: input.title }) };
  const { id: _i, groupId: _g, seriesId: _s, createdAt: _c, emergencyLocked: _l, ...replaced } = row;
  return db
    .insert(series)
    .values(row)
    .onConflictDoUpdate({ target: [series.groupId, series.seriesId], set: replaced, setWhere: msgTimeNotOlder("series") })
    .returning({ seriesId: series.seriesId });
}

/** Replaces the episode list, only if the upsert of the same batch took effect. */
export function replaceEpisodes(db: Db, groupId: string, seriesId: string, msgId: string, episodes: readonly EpisodeRow[]) {
  const guard = appliedBy("series", groupId, seriesId, msgId);
  const statements: Statement[] = [
    db.delete(seriesPrograms).where(and(eq(seriesPrograms.groupId, groupId), eq(seriesPrograms.seriesId, seriesId), guard)),
  ];
  // 7 parameters a row + 5 fixed stays under D1's 100 bound parameters. Built as text: drizzle's
  // sql template costs ~0.15 ms per 13-row statement, a tenth of a 200-episode message's CPU.
  const text = (n: number) =>
    `INSERT INTO series_programs (group_id, series_id, program_id, title, program_type, seq, stage, paid, status)
        SELECT ?, ?, column1, column2, column3, column4, column5, column6, column7
        FROM (VALUES ${Array(n).fill("(?, ?, ?, ?, ?, ?, ?)").join(", ")}) WHERE ${appliedByText("series")}`;
  for (const rows of chunk(episodes, 13)) {
    const params: unknown[] = [groupId, seriesId];
    for (const e of rows) params.push(e.programId, e.title, e.programType, e.seq, e.stage ?? null, e.paid ?? null, e.status);
    params.push(groupId, seriesId, msgId);
    const sqlText = text(rows.length);
    statements.push({ toSQL: () => ({ sql: sqlText, params }) });
  }
  return statements;
}

/** Ids among `ids` this CP has and has not deleted, as statements of the caller's batch (one per 90 ids). */
export function selectExistingSeriesIds(db: Db, groupId: string, ids: readonly string[]) {
  return chunk(ids, 90).map((part) =>
    db
      .select({ id: series.seriesId })
      .from(series)
      .where(and(eq(series.groupId, groupId), inArray(series.seriesId, part), eq(series.deleted, false))),
  );
}

/** 103: the CP takes its own series offline; stale rows (newer msgTime) are left alone. */
export function offlineSeries(db: Db, groupId: string, seriesIds: readonly string[], msgId: string, msgTime: number, now: number) {
  return chunk(seriesIds, 90).map((ids) =>
    db
      .update(series)
      .set({ status: "offline", lastMsgId: msgId, lastMsgTime: msgTime, updatedAt: now })
      .where(and(eq(series.groupId, groupId), inArray(series.seriesId, ids), eq(series.deleted, false), lte(series.lastMsgTime, msgTime)))
      .returning({ id: series.seriesId }),
  );
}

export function getSeries(db: Db, groupId: string, seriesId: string) {
  return db.query.series.findFirst({ where: and(eq(series.groupId, groupId), eq(series.seriesId, seriesId)) });
}

export function listEpisodes(db: Db, groupId: string, seriesId: string) {
  return db
    .select()
    .from(seriesPrograms)
    .where(and(eq(seriesPrograms.groupId, groupId), eq(seriesPrograms.seriesId, seriesId)))
    .orderBy(seriesPrograms.seq, seriesPrograms.programId);
}
