/**
 * What a terminal may see, read with the visibility rule of ./visibility.ts.
 *
 * A series is visible when the CP is active, the CP's own status is online, it is not deleted
 * and not under an operator's emergency lock. A program is visible on the same terms and, when
 * it belongs to a series that the platform knows, only while that series is visible too (a
 * series takedown takes its episodes off terminals with it). An episode is listed only when
 * its Table 3 entry is online and its program is visible.
 */
import { sql } from "drizzle-orm";
import type { Db } from "./db";
import type { PlayInfo } from "@gyt345/protocol/schemas/program-inject";
import { programVisible, seriesVisible } from "./visibility";

const SERIES_VISIBLE = seriesVisible();
const PROGRAM_VISIBLE = programVisible();

export interface VisibleSeries {
  groupId: string;
  seriesId: string;
  /** Table 2 fields as the CP sent them (without the episode list). */
  data: Record<string, unknown>;
  updatedAt: number;
}

export interface VisibleEpisode {
  programId: string;
  title: string;
  programType: string;
  seq: number;
  stage: number | null;
  paid: number | null;
}

export interface VisibleProgram {
  groupId: string;
  programId: string;
  seriesId: string | null;
  definition: string;
  data: Record<string, unknown>;
  playInfos: PlayInfo[];
  updatedAt: number;
}

function json<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

export async function visibleSeries(db: Db, groupId: string, seriesId: string): Promise<{ series: VisibleSeries; episodes: VisibleEpisode[] } | null> {
  const [seriesRows, episodeRows] = await Promise.all([
    db.all<{ data: string; updated_at: number }>(sql`SELECT s.data, s.updated_at FROM series s
      WHERE s.group_id = ${groupId} AND s.series_id = ${seriesId} AND ${SERIES_VISIBLE}`),
    db.all<{ program_id: string; title: string; program_type: string; seq: number; stage: number | null; paid: number | null }>(
      sql`SELECT sp.program_id, sp.title, sp.program_type, sp.seq, sp.stage, sp.paid
        FROM series_programs sp
        JOIN programs p ON p.group_id = sp.group_id AND p.program_id = sp.program_id
        WHERE sp.group_id = ${groupId} AND sp.series_id = ${seriesId} AND sp.status = 'online' AND ${PROGRAM_VISIBLE}
        ORDER BY sp.seq, sp.program_id`,
    ),
  ]);
  const row = seriesRows[0];
  if (!row) return null;
  return {
    series: { groupId, seriesId, data: json(row.data), updatedAt: row.updated_at },
    episodes: episodeRows.map((e) => ({ programId: e.program_id, title: e.title, programType: e.program_type, seq: e.seq, stage: e.stage, paid: e.paid })),
  };
}

export async function visibleProgram(db: Db, groupId: string, programId: string): Promise<VisibleProgram | null> {
  const rows = await db.all<{ series_id: string | null; definition: string; data: string; play_infos: string; updated_at: number }>(
    sql`SELECT p.series_id, p.definition, p.data, p.play_infos, p.updated_at FROM programs p
      WHERE p.group_id = ${groupId} AND p.program_id = ${programId} AND ${PROGRAM_VISIBLE}`,
  );
  const row = rows[0];
  if (!row) return null;
  return { groupId, programId, seriesId: row.series_id, definition: row.definition, data: json(row.data), playInfos: json(row.play_infos), updatedAt: row.updated_at };
}

/**
 * Everything whose terminal answers change when `ref` changes visibility, for cache eviction
 * and CDN purges: a series' episodes (Table 3 list and programs naming it) go with it, and a
 * program's series lists it as an episode, so that series' answer changes too.
 */
export async function affectedContent<R extends ContentIds>(db: Db, ref: R): Promise<R> {
  const withThem = await withEpisodes(db, ref);
  const seriesIds = new Set(withThem.seriesIds);
  for (let i = 0; i < ref.programIds.length; i += 90) {
    const list = sql.join(ref.programIds.slice(i, i + 90).map((id) => sql`${id}`), sql`, `);
    const rows = await db.all<{ series_id: string }>(
      sql`SELECT series_id FROM series_programs WHERE group_id = ${ref.groupId} AND program_id IN (${list})
        UNION SELECT series_id FROM programs WHERE group_id = ${ref.groupId} AND program_id IN (${list}) AND series_id IS NOT NULL`,
    );
    for (const r of rows) seriesIds.add(r.series_id);
  }
  return { ...withThem, seriesIds: [...seriesIds] };
}

type ContentIds = { groupId: string; seriesIds: string[]; programIds: string[] };

/** The content that goes with `ref` when it is taken down: its series' episodes (Table 3 list and programs naming the series). */
export async function withEpisodes<R extends ContentIds>(db: Db, ref: R): Promise<R> {
  const programIds = new Set(ref.programIds);
  for (let i = 0; i < ref.seriesIds.length; i += 90) {
    const list = sql.join(ref.seriesIds.slice(i, i + 90).map((id) => sql`${id}`), sql`, `);
    const rows = await db.all<{ program_id: string }>(
      sql`SELECT program_id FROM series_programs WHERE group_id = ${ref.groupId} AND series_id IN (${list})
        UNION SELECT program_id FROM programs WHERE group_id = ${ref.groupId} AND series_id IN (${list})`,
    );
    for (const r of rows) programIds.add(r.program_id);
  }
  return { ...ref, programIds: [...programIds] };
}

/** The CDN play URLs of programs (visible or not): what a takedown must purge and verify. */
export async function playUrlsOf(db: Db, groupId: string, programIds: readonly string[]): Promise<string[]> {
  const urls = new Set<string>();
  for (let i = 0; i < programIds.length; i += 90) {
    const list = sql.join(programIds.slice(i, i + 90).map((id) => sql`${id}`), sql`, `);
    const rows = await db.all<{ play_infos: string }>(sql`SELECT play_infos FROM programs WHERE group_id = ${groupId} AND program_id IN (${list})`);
    for (const r of rows) for (const p of json<PlayInfo[]>(r.play_infos)) urls.add(p.playUrl);
  }
  return [...urls];
}
