/**
 * CDN purges caused by CP messages (Annex A.4): a 102/202 delete, a 103/203 offline, a status
 * change and a changed playInfo change what terminals may see. The purge's outbox row is one
 * more statement of the message's batch, guarded like the others: it is inserted only if the
 * message takes effect and changes visibility, so a stale or no-op message purges nothing.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db, Statement } from "../catalog/db";
import type { PurgeTargets } from "../catalog/outbox";
import type { ProgramUpsert } from "../catalog/programs";
import type { SeriesUpsert } from "../catalog/series";
import { cacheTags, terminalPaths } from "../terminal/cache";
import { newId } from "../offline/takedown";
import { purgeTargetsOf } from "../offline/targets";

export interface IngestPurgePorts {
  db: Db;
  /** The platform's public origin (terminal URLs). */
  origin: string;
  cdnAdapter: string;
  queue: Queue;
}

/** A guarded purge row; `programPlayUrlsOf` adds that program's stored play URLs, read inside the statement. */
function insertPurgeWhere(
  p: { id: string; groupId: string; adapter: string; targets: PurgeTargets; now: number; programPlayUrlsOf?: string },
  guard: SQL,
): SQL {
  const urls = p.programPlayUrlsOf
    ? sql`(SELECT json_group_array(u) FROM (SELECT value AS u FROM json_each(${JSON.stringify(p.targets.urls)})
        UNION SELECT json_extract(j.value, '$.playUrl') FROM programs pp, json_each(pp.play_infos) j
        WHERE pp.group_id = ${p.groupId} AND pp.program_id = ${p.programPlayUrlsOf}))`
    : sql`json(${JSON.stringify(p.targets.urls)})`;
  return sql`INSERT INTO outbox (id, kind, takedown_id, group_id, payload, status, generation, created_at, updated_at)
    SELECT ${p.id}, 'purge', NULL, ${p.groupId},
      json_object('adapter', ${p.adapter}, 'targets', json_object('urls', ${urls}, 'tags', json(${JSON.stringify(p.targets.tags)}), 'prefixes', json(${JSON.stringify(p.targets.prefixes)}))),
      'pending', 1, ${p.now}, ${p.now}
    WHERE ${guard} RETURNING id`;
}

/**
 * 200/201/202, placed BEFORE the program upsert: purges when the upsert will take effect
 * (same msgTime rule) and changes the playInfos, the delete flag or the CP's status.
 * No read: the old play URLs are taken from the row inside the statement.
 */
export function programPurge(ports: IngestPurgePorts, row: ProgramUpsert, now: number): Statement {
  const ref = { groupId: row.groupId, seriesIds: row.seriesId ? [row.seriesId] : [], programIds: [row.programId] };
  const playUrls = (row.playInfos as { playUrl: string }[]).map((p) => p.playUrl);
  const targets: PurgeTargets = {
    urls: [...new Set([...terminalPaths(ref).map((path) => new URL(path, ports.origin).toString()), ...playUrls])],
    tags: cacheTags(ref),
    prefixes: [],
  };
  const guard = sql`EXISTS (SELECT 1 FROM programs WHERE group_id = ${row.groupId} AND program_id = ${row.programId}
    AND last_msg_time <= ${row.lastMsgTime}
    AND (play_infos IS NOT ${JSON.stringify(row.playInfos)} OR deleted IS NOT ${row.deleted ? 1 : 0} OR status IS NOT ${row.status}))`;
  return insertPurgeWhere({ id: newId("pg"), groupId: row.groupId, adapter: ports.cdnAdapter, targets, now, programPlayUrlsOf: row.programId }, guard);
}

/**
 * 100/101/102, placed BEFORE the series upsert. Reads the current row once: only a message
 * that changes the delete flag or the status needs the episode list for its targets.
 */
export async function seriesPurge(ports: IngestPurgePorts, row: SeriesUpsert, now: number): Promise<Statement[]> {
  const current = await ports.db.all<{ deleted: number; status: string; last_msg_time: number }>(
    sql`SELECT deleted, status, last_msg_time FROM series WHERE group_id = ${row.groupId} AND series_id = ${row.seriesId}`,
  );
  const cur = current[0];
  if (!cur || cur.last_msg_time > row.lastMsgTime || (Boolean(cur.deleted) === Boolean(row.deleted) && cur.status === row.status)) return [];
  const { targets } = await purgeTargetsOf(ports.db, ports.origin, { groupId: row.groupId, seriesIds: [row.seriesId], programIds: [] });
  const guard = sql`EXISTS (SELECT 1 FROM series WHERE group_id = ${row.groupId} AND series_id = ${row.seriesId}
    AND last_msg_time <= ${row.lastMsgTime} AND (deleted IS NOT ${row.deleted ? 1 : 0} OR status IS NOT ${row.status}))`;
  return [insertPurgeWhere({ id: newId("pg"), groupId: row.groupId, adapter: ports.cdnAdapter, targets, now }, guard)];
}

/** 103/203, placed AFTER the offline updates: purges if any of the ids now carries this msgId. */
export async function offlinePurge(ports: IngestPurgePorts, kind: "series" | "programs", groupId: string, ids: readonly string[], msgId: string, now: number): Promise<Statement[]> {
  if (ids.length === 0) return [];
  const ref = { groupId, seriesIds: kind === "series" ? [...ids] : [], programIds: kind === "programs" ? [...ids] : [] };
  const { targets } = await purgeTargetsOf(ports.db, ports.origin, ref);
  const column = sql.raw(kind === "series" ? "series_id" : "program_id");
  const list = sql.join(ids.slice(0, 90).map((id) => sql`${id}`), sql`, `);
  const guard = sql`EXISTS (SELECT 1 FROM ${sql.raw(kind)} WHERE group_id = ${groupId} AND ${column} IN (${list}) AND last_msg_id = ${msgId})`;
  return [insertPurgeWhere({ id: newId("pg"), groupId, adapter: ports.cdnAdapter, targets, now }, guard)];
}

/** Outbox ids the batch really inserted: the purge statements RETURN their id only when inserted. */
export function insertedOutboxIds(results: D1Result<Record<string, unknown>>[], indexes: readonly number[]): string[] {
  return indexes.flatMap((i) => (results[i]?.results ?? []).map((row) => row.id).filter((id): id is string => typeof id === "string"));
}
