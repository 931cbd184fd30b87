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

const EPISODES_PER_STATEMENT = 1000;
const INSERT_EPISODES = `INSERT INTO series_programs (group_id, series_id, program_id, title, program_type, seq, stage, paid, status)
  SELECT ?, ?, json_extract(e.value, '$[0]'), json_extract(e.value, '$[1]'), json_extract(e.value, '$[2]'), json_extract(e.value, '$[3]'),
    json_extract(e.value, '$[4]'), json_extract(e.value, '$[5]'), json_extract(e.value, '$[6]')
  FROM json_each(?) AS e WHERE ${appliedByText("series")}`;

/** Replaces the episode list, only if the upsert of the same batch took effect. */
export function replaceEpisodes(db: Db, groupId: string, seriesId: string, msgId: string, episodes: readonly EpisodeRow[]) {
  const guard = appliedBy("series", groupId, seriesId, msgId);
  const statements: Statement[] = [
    db.delete(seriesPrograms).where(and(eq(seriesPrograms.groupId, groupId), eq(seriesPrograms.seriesId, seriesId), guard)),
  ];
  // The rows travel as one JSON parameter read by json_each: one statement per 1,000 episodes
  // instead of one per 13 (D1 binds at most 100 parameters), and no SQL built per row.
  for (const rows of chunk(episodes, EPISODES_PER_STATEMENT)) {
    const json = JSON.stringify(rows.map((e) => [e.programId, e.title, e.programType, e.seq, e.stage ?? null, e.paid ?? null, e.status]));
    const params = [groupId, seriesId, json, groupId, seriesId, msgId];
    statements.push({ toSQL: () => ({ sql: INSERT_EPISODES, params }) });
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
