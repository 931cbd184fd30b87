/**
 * What terminals may see (profile section 6) — the one home of the rule. Content is visible
 * only while its CP is active and the content is online, not deleted and not under emergency
 * offline. A program that belongs to a series — by its own seriesId or by a series' episode
 * list (series_programs) — is visible only while that series is too: a series offline (103,
 * 102 or an operator's emergency offline) takes its episodes off terminals. A series the
 * platform has not received yet hides nothing.
 *
 * The predicates are SQL over fixed aliases — `s` (series), `p` (programs) — so terminal and
 * console queries filter in D1.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "./db";

/** The CP of the content row aliased `alias` is active (onboarded, not suspended or exited). */
const cpActive = (alias: "s" | "p"): SQL => sql`EXISTS (SELECT 1 FROM cps WHERE cps.group_id = ${sql.raw(alias)}.group_id AND cps.status = 'active')`;

/** A series row `hs` that hides its episodes. */
const hidingSeries = (): SQL => sql`(hs.status <> 'online' OR hs.deleted = 1 OR hs.emergency_locked = 1)`;

/** The series `hs` lists the program `p` in its episode list. */
const listingSeries = (): SQL => sql`hs.series_id IN (SELECT sp.series_id FROM series_programs sp WHERE sp.group_id = p.group_id AND sp.program_id = p.program_id)`;

/** True for a series row `s` that terminals may show. */
export function seriesVisible(): SQL {
  return sql`(s.status = 'online' AND s.deleted = 0 AND s.emergency_locked = 0 AND ${cpActive("s")})`;
}

/** True for a program row `p` that terminals may show. */
export function programVisible(): SQL {
  return sql`(p.status = 'online' AND p.deleted = 0 AND p.emergency_locked = 0 AND ${cpActive("p")}
    AND NOT EXISTS (SELECT 1 FROM series hs WHERE hs.group_id = p.group_id
      AND (hs.series_id = p.series_id OR ${listingSeries()}) AND ${hidingSeries()}))`;
}

export async function isSeriesVisible(db: Db, groupId: string, seriesId: string): Promise<boolean> {
  const rows = await db.all(sql`SELECT 1 FROM series s
    WHERE s.group_id = ${groupId} AND s.series_id = ${seriesId} AND ${seriesVisible()} LIMIT 1`);
  return rows.length > 0;
}

export async function isProgramVisible(db: Db, groupId: string, programId: string): Promise<boolean> {
  const rows = await db.all(sql`SELECT 1 FROM programs p
    WHERE p.group_id = ${groupId} AND p.program_id = ${programId} AND ${programVisible()} LIMIT 1`);
  return rows.length > 0;
}
