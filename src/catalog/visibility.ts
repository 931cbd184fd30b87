/**
 * What terminals may see (profile section 6): content is visible only while its CP is active
 * and the content is online, not deleted and not under emergency offline. A program that
 * belongs to a series — by its own seriesId or by a series' episode list (series_programs) —
 * is visible only while that series is too: a series offline (103, 102 or an operator's
 * emergency offline) takes its episodes off terminals. A series the platform has not received
 * yet hides nothing.
 *
 * The conditions are SQL over the `series` / `programs` rows of the query they are used in,
 * so terminal and console queries filter in D1; the functions below answer for one item.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "./db";
import { programs, series } from "./schema";

const cpActive = (groupId: typeof series.groupId | typeof programs.groupId): SQL =>
  sql`EXISTS (SELECT 1 FROM cps WHERE cps.group_id = ${groupId} AND cps.status = 'active')`;

/** A series row `s` that is not visible. */
const hidingSeries = (): SQL => sql`(s.status <> 'online' OR s.deleted = 1 OR s.emergency_locked = 1)`;

/** The series `s` lists the program in its episode list. */
const listingSeries = (): SQL =>
  sql`s.series_id IN (SELECT sp.series_id FROM series_programs sp WHERE sp.group_id = ${programs.groupId} AND sp.program_id = ${programs.programId})`;

/** True for a `series` row terminals may show. */
export function seriesVisible(): SQL {
  return sql`(${series.status} = 'online' AND ${series.deleted} = 0 AND ${series.emergencyLocked} = 0 AND ${cpActive(series.groupId)})`;
}

/** True for a `programs` row terminals may show. */
export function programVisible(): SQL {
  return sql`(${programs.status} = 'online' AND ${programs.deleted} = 0 AND ${programs.emergencyLocked} = 0 AND ${cpActive(programs.groupId)}
    AND NOT EXISTS (SELECT 1 FROM series s WHERE s.group_id = ${programs.groupId}
      AND (s.series_id = ${programs.seriesId} OR ${listingSeries()}) AND ${hidingSeries()}))`;
}

export async function isSeriesVisible(db: Db, groupId: string, seriesId: string): Promise<boolean> {
  const rows = await db
    .select({ id: series.id })
    .from(series)
    .where(and(eq(series.groupId, groupId), eq(series.seriesId, seriesId), seriesVisible()))
    .limit(1);
  return rows.length > 0;
}

export async function isProgramVisible(db: Db, groupId: string, programId: string): Promise<boolean> {
  const rows = await db
    .select({ id: programs.id })
    .from(programs)
    .where(and(eq(programs.groupId, groupId), eq(programs.programId, programId), programVisible()))
    .limit(1);
  return rows.length > 0;
}
