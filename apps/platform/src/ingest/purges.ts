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
import { purgeTargets } from "../offline/targets";

export interface IngestPurgePorts {
  db: Db;
  /** The platform's public origin (terminal URLs). */
  origin: string;
  cdnAdapter: string;
  queue: Queue;
}

/**
 * A guarded purge row. What the statement cannot name without a read is captured inside it:
 * `programPlayUrlsOf` adds that program's stored play URLs, `seriesEpisodesOf` the series'
 * current episode ids (before this message replaces them); `expand` asks the queue consumer to
 * widen the ref to episodes and play URLs when it sends (catalog/terminal affectedContent).
 */
function insertPurgeWhere(
  p: {
    id: string;
    groupId: string;
    adapter: string;
    targets: PurgeTargets;
    now: number;
    programPlayUrlsOf?: string;
    seriesEpisodesOf?: string;
    expand?: { origin: string; seriesIds: readonly string[]; programIds: readonly string[] };
  },
  guard: SQL,
): SQL {
  const urls = p.programPlayUrlsOf
    ? sql`(SELECT json_group_array(u) FROM (SELECT value AS u FROM json_each(${JSON.stringify(p.targets.urls)})
        UNION SELECT json_extract(j.value, '$.playUrl') FROM programs pp, json_each(pp.play_infos) j
        WHERE pp.group_id = ${p.groupId} AND pp.program_id = ${p.programPlayUrlsOf}))`
    : sql`json(${JSON.stringify(p.targets.urls)})`;
  const episodes = p.seriesEpisodesOf
    ? sql`(SELECT json_group_array(program_id) FROM (SELECT program_id FROM series_programs WHERE group_id = ${p.groupId} AND series_id = ${p.seriesEpisodesOf}
        UNION SELECT program_id FROM programs WHERE group_id = ${p.groupId} AND series_id = ${p.seriesEpisodesOf}))`
    : sql`json(${JSON.stringify(p.expand?.programIds ?? [])})`;
  const expand = p.expand
    ? sql`json_object('origin', ${p.expand.origin}, 'groupId', ${p.groupId}, 'seriesIds', json(${JSON.stringify(p.expand.seriesIds)}), 'programIds', ${episodes})`
    : sql`NULL`;
  return sql`INSERT INTO outbox (id, kind, takedown_id, group_id, payload, status, generation, created_at, updated_at)
    SELECT ${p.id}, 'purge', NULL, ${p.groupId},
      json_object('adapter', ${p.adapter}, 'targets', json_object('urls', ${urls}, 'tags', json(${JSON.stringify(p.targets.tags)}), 'prefixes', json(${JSON.stringify(p.targets.prefixes)})), 'expand', ${expand}),
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
 * 100/101/102, placed BEFORE the series upsert: purges when the upsert will take effect and
 * changes the delete flag or the CP's status. The episodes are captured inside the statement,
 * before this message may replace the list; the consumer adds their play URLs when it sends.
 */
export function seriesPurge(ports: IngestPurgePorts, row: SeriesUpsert, now: number): Statement {
  const ref = { groupId: row.groupId, seriesIds: [row.seriesId], programIds: [] };
  const guard = sql`EXISTS (SELECT 1 FROM series WHERE group_id = ${row.groupId} AND series_id = ${row.seriesId}
    AND last_msg_time <= ${row.lastMsgTime} AND (deleted IS NOT ${row.deleted ? 1 : 0} OR status IS NOT ${row.status}))`;
  return insertPurgeWhere(
  { id: newId("pg"), groupId: row.groupId, adapter: ports.cdnAdapter, targets: purgeTargets(ports.origin, ref, []), now, seriesEpisodesOf: row.seriesId, expand: { origin: ports.origin, seriesIds: [], programIds: [] } },
    guard,
  );
}

/**
 * 103/203, placed AFTER the offline updates: purges if any of the ids now carries this msgId.
 * The consumer widens the ids to their episodes and play URLs when it sends.
 */
export function offlinePurge(ports: IngestPurgePorts, kind: "series" | "programs", groupId: string, ids: readonly string[], msgId: string, now: number): Statement {
  const column = sql.raw(kind === "series" ? "series_id" : "program_id");
  const list = sql`SELECT value FROM json_each(${JSON.stringify(ids)})`;
  const guard = sql`EXISTS (SELECT 1 FROM ${sql.raw(kind)} WHERE group_id = ${groupId} AND ${column} IN (${list}) AND last_msg_id = ${msgId})`;
  const ref = { groupId, seriesIds: kind === "series" ? [...ids] : [], programIds: kind === "programs" ? [...ids] : [] };
  return insertPurgeWhere(
    { id: newId("pg"), groupId, adapter: ports.cdnAdapter, targets: purgeTargets(ports.origin, ref, []), now, expand: { origin: ports.origin, seriesIds: ref.seriesIds, programIds: ref.programIds } },
    guard,
  );
}

/** Outbox ids the batch really inserted: the purge statements RETURN their id only when inserted. */
export function insertedOutboxIds(results: D1Result<Record<string, unknown>>[], indexes: readonly number[]): string[] {
  return indexes.flatMap((i) => (results[i]?.results ?? []).map((row) => row.id).filter((id): id is string => typeof id === "string"));
}
