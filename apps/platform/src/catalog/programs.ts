/** 节目 storage: upsert with msgTime ordering, the program's own episode entry, CP offline. */
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db, Statement } from "./db";
import { appliedBy, chunk, msgTimeNotOlder } from "./content-guard";
import { programs } from "./schema";
import { searchTextOf } from "./search";
import type { EpisodeRow } from "./series";

export type ProgramUpsert = typeof programs.$inferInsert;

/** Create-or-replace (200/201, and 202 with deleted=true); a no-op when the row is newer. */
export function upsertProgram(db: Db, input: ProgramUpsert) {
  // Programs are found by title and subtitle (Table 9 carries no other names).
  const data = input.data as { subTitle?: string | null };
  const row = { ...input, searchText: searchTextOf({ title: input.title, subTitle: data.subTitle }) };
  const { id: _i, groupId: _g, programId: _p, createdAt: _c, emergencyLocked: _l, ...replaced } = row;
  return db
    .insert(programs)
    .values(row)
    .onConflictDoUpdate({ target: [programs.groupId, programs.programId], set: replaced, setWhere: msgTimeNotOlder("programs") })
    .returning({ programId: programs.programId });
}

/**
 * A program message's seriesPrograms entry (Table 9) puts the program in its series' episode
 * list, and out of any other series' list — only if the program upsert took effect.
 */
export function placeInSeries(db: Db, groupId: string, programId: string, msgId: string, seriesId: string | undefined, episode: EpisodeRow | undefined) {
  const guard = appliedBy("programs", groupId, programId, msgId);
  const statements: Statement[] = [
    sql`DELETE FROM series_programs WHERE group_id = ${groupId} AND program_id = ${programId}
      AND series_id IS NOT ${seriesId ?? null} AND ${guard}`,
  ];
  if (seriesId !== undefined && episode !== undefined) {
    statements.push(
      sql`INSERT INTO series_programs (group_id, series_id, program_id, title, program_type, seq, stage, paid, status)
        SELECT ${groupId}, ${seriesId}, ${programId}, ${episode.title}, ${episode.programType}, ${episode.seq}, ${episode.stage ?? null}, ${episode.paid ?? null}, ${episode.status}
        WHERE ${guard}
        ON CONFLICT (group_id, series_id, program_id) DO UPDATE SET title = excluded.title, program_type = excluded.program_type,
          seq = excluded.seq, stage = excluded.stage, paid = excluded.paid, status = excluded.status`,
    );
  }
  return statements;
}

/** Ids among `ids` this CP has and has not deleted, as statements for the caller's batch (one per 90 ids). */
export function selectExistingProgramIds(db: Db, groupId: string, ids: readonly string[]) {
  return chunk(ids, 90).map((part) =>
    db
      .select({ id: programs.programId })
      .from(programs)
      .where(and(eq(programs.groupId, groupId), inArray(programs.programId, part), eq(programs.deleted, false))),
  );
}

/** 203: the CP takes its own programs offline; stale rows are left alone. */
export function offlinePrograms(db: Db, groupId: string, programIds: readonly string[], msgId: string, msgTime: number, now: number) {
  return chunk(programIds, 90).map((ids) =>
    db
      .update(programs)
      .set({ status: "offline", lastMsgId: msgId, lastMsgTime: msgTime, updatedAt: now })
      .where(and(eq(programs.groupId, groupId), inArray(programs.programId, ids), eq(programs.deleted, false), lte(programs.lastMsgTime, msgTime)))
      .returning({ id: programs.programId }),
  );
}

export function getProgram(db: Db, groupId: string, programId: string) {
  return db.query.programs.findFirst({ where: and(eq(programs.groupId, groupId), eq(programs.programId, programId)) });
}
