/** The console's dashboard figures: content by CP and state, messages per hour, notices, takedowns. */
import type { StatsAnswer } from "../admin/api-types";
import type { Db } from "./db";
import { tableExists, type Row } from "./history";

const HOUR = 3_600_000;

interface StateCounts {
  online: number;
  offline: number;
  deleted: number;
  locked: number;
}

const STATE_SQL = (table: string) =>
  `SELECT group_id AS groupId,
     sum(status = 'online' AND deleted = 0) AS online, sum(status = 'offline' AND deleted = 0) AS offline,
     sum(deleted) AS deleted, sum(emergency_locked) AS locked
   FROM ${table} GROUP BY group_id`;

export async function dashboardStats(db: Db, now: number, hours = 48): Promise<StatsAnswer> {
  const d1 = db.$client;
  const since = Math.floor((now - hours * HOUR) / HOUR) * HOUR;
  const [cpRows, seriesRows, programRows, perHour] = await d1.batch<Row>([
    d1.prepare("SELECT group_id AS groupId, name, status FROM cps ORDER BY group_id"),
    d1.prepare(STATE_SQL("series")),
    d1.prepare(STATE_SQL("programs")),
    d1
      .prepare(
        `SELECT (received_at / ${HOUR}) * ${HOUR} AS hour, result_code AS resultCode, count(*) AS count FROM message_log
         WHERE received_at >= ? GROUP BY 1, 2 ORDER BY 1, 2`,
      )
      .bind(since),
  ]);
  const byGroup = (rows: Row[]) => new Map(rows.map((r) => [r.groupId as string, counts(r)]));
  const seriesBy = byGroup(seriesRows!.results);
  const programsBy = byGroup(programRows!.results);
  const empty: StateCounts = { online: 0, offline: 0, deleted: 0, locked: 0 };
  const groups = new Map<string, { name: string | null; status: string | null }>();
  for (const r of cpRows!.results) groups.set(r.groupId as string, { name: r.name as string, status: r.status as string });
  for (const g of [...seriesBy.keys(), ...programsBy.keys()]) if (!groups.has(g)) groups.set(g, { name: null, status: null });
  const contentByCp = [...groups].map(([groupId, cp]) => ({
    groupId,
    name: cp.name,
    status: cp.status,
    series: seriesBy.get(groupId) ?? empty,
    programs: programsBy.get(groupId) ?? empty,
  }));
  return {
    contentByCp,
    messagesPerHour: perHour!.results.map((r) => ({ hour: Number(r.hour), resultCode: String(r.resultCode), count: Number(r.count) })),
    notices: await noticeCounts(db),
    takedowns: await takedownCounts(db, now),
  };
}

function counts(r: Row): StateCounts {
  return { online: Number(r.online ?? 0), offline: Number(r.offline ?? 0), deleted: Number(r.deleted ?? 0), locked: Number(r.locked ?? 0) };
}

/** Notice backlog and failures from the emergency-offline branch's `notices` table, when present. */
async function noticeCounts(db: Db) {
  const out = { pending: 0, failed: 0, delivered: 0 };
  if (!(await tableExists(db, "notices"))) return out;
  const { results } = await db.$client.prepare("SELECT status, count(*) AS n FROM notices GROUP BY status").all<Row>();
  for (const r of results) {
    const status = String(r.status);
    if (status === "pending" || status === "sending") out.pending += Number(r.n);
    else if (status === "failed") out.failed += Number(r.n);
    else if (status === "delivered") out.delivered += Number(r.n);
  }
  return out;
}

async function takedownCounts(db: Db, now: number) {
  if (!(await tableExists(db, "takedowns"))) return { total: 0, last24h: 0 };
  const row = await db.$client
    .prepare("SELECT count(*) AS total, sum(at >= ?) AS last24h FROM takedowns WHERE action = 'takedown'")
    .bind(now - 24 * HOUR)
    .first<Row>();
  return { total: Number(row?.total ?? 0), last24h: Number(row?.last24h ?? 0) };
}
