/** What operators see of takedowns and notices (CONTRACT: GET /takedowns, /takedowns/:id; resend). */
import { runAuditedBatch } from "../catalog/audit";
import type { Db } from "../catalog/db";
import { attemptsOf, getOutbox, outboxOfTakedowns, resetForResend, type NoticePayload, type PurgePayload } from "../catalog/outbox";
import type { OutboxAttemptRow, OutboxRow, TakedownRow } from "../catalog/schema";
import { getTakedown, listTakedowns } from "../catalog/takedowns";
import type { Page, TakedownDetailAnswer, TakedownListItem } from "../admin/api-types";
import { AdminError } from "../admin/errors";
import { dispatchOutbox } from "./outbox";
import { verificationOf } from "./verify";

/** Worst first: one failed notice makes the takedown's notices "failed". */
function overall(rows: OutboxRow[]): "none" | "pending" | "sending" | "delivered" | "failed" {
  if (rows.length === 0) return "none";
  for (const s of ["failed", "sending", "pending"] as const) if (rows.some((r) => r.status === s)) return s;
  return "delivered";
}

function publicAction(action: TakedownRow["action"]): "takedown" | "lift" {
  return action === "lift" ? "lift" : "takedown";
}

/** The fields a takedown shows in the list and in its detail. */
function takedownBase(t: TakedownRow) {
  return { id: t.id, action: publicAction(t.action), groupId: t.groupId, seriesIds: t.seriesIds, programIds: t.programIds, reason: t.reason, actor: t.actor, at: t.at };
}

export function encodeCursor(row: { at: number; id: string }): string {
  return btoa(JSON.stringify([row.at, row.id])).replace(/=+$/, "");
}

export function decodeCursor(cursor: string): { at: number; id: string } {
  try {
    const [at, id] = JSON.parse(atob(cursor)) as [unknown, unknown];
    if (typeof at === "number" && typeof id === "string") return { at, id };
  } catch {
    /* fall through */
  }
  throw new AdminError("InvalidInput", "cursor is not valid.", "cursor");
}

export async function takedownList(db: Db, query: { cursor?: string | undefined; limit?: string | undefined; groupId?: string | undefined }): Promise<Page<TakedownListItem>> {
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new AdminError("InvalidInput", "limit must be 1–100.", "limit");
  const rows = await listTakedowns(db, {
    ...(query.groupId ? { groupId: query.groupId } : {}),
    ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const outbox = await outboxOfTakedowns(db, page.map((r) => r.id));
  const items = page.map((t) => {
    const mine = outbox.filter((o) => o.takedownId === t.id);
    return {
      ...takedownBase(t),
      noticeStatus: overall(mine.filter((o) => o.kind === "notice")),
      purgeStatus: overall(mine.filter((o) => o.kind === "purge")),
      verification: { status: t.verificationStatus },
    };
  });
  return { items, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null };
}

function attemptView(a: OutboxAttemptRow) {
  return { at: a.at, httpStatus: a.httpStatus, latencyMs: a.latencyMs, code: a.code, msg: a.msg, error: a.error, nonce: a.nonce };
}

export function noticeView(row: OutboxRow, attempts: OutboxAttemptRow[]) {
  const p = row.payload as NoticePayload;
  return {
    id: row.id,
    kind: String(p.msgType) as "301" | "302",
    msgId: p.msgId,
    url: p.url,
    ids: p.ids,
    status: row.status,
    feedback: row.feedbackCode !== null || row.feedbackMsg !== null ? { code: row.feedbackCode, msg: row.feedbackMsg } : null,
    attempts: attempts.map(attemptView),
  };
}

export async function takedownDetail(db: Db, id: string): Promise<TakedownDetailAnswer> {
  const t = await getTakedown(db, id);
  if (!t) throw new AdminError("NotFound", `No takedown ${id}.`);
  const [outbox, verification] = await Promise.all([outboxOfTakedowns(db, [id]), verificationOf(db, id)]);
  const attempts = await attemptsOf(db, outbox.map((o) => o.id));
  return {
    ...takedownBase(t),
    unknown: { seriesIds: t.unknownSeriesIds, programIds: t.unknownProgramIds },
    notices: outbox.filter((o) => o.kind === "notice").map((o) => noticeView(o, attempts.get(o.id) ?? [])),
    purges: outbox
      .filter((o) => o.kind === "purge")
      .map((o) => {
        const p = o.payload as PurgePayload;
        return { id: o.id, adapter: p.adapter, targets: p.targets, status: o.status, attempts: (attempts.get(o.id) ?? []).map(attemptView) };
      }),
    verification,
  };
}

/** Sends a failed or delivered notice again: a new generation, the same msgId (the CP deduplicates by it). */
export async function resendNotice(ports: { db: Db; queue: Queue; actor: string; now: number }, id: string) {
  const row = await getOutbox(ports.db, id);
  if (!row || row.kind !== "notice") throw new AdminError("NotFound", `No notice ${id}.`);
  if (row.status !== "failed" && row.status !== "delivered") throw new AdminError("Conflict", `Notice ${id} is ${row.status}; only a failed or delivered notice is resent.`);
  const [result] = await runAuditedBatch(
    ports.db,
    { at: ports.now, actor: ports.actor, action: "notice.resend", target: `cp:${row.groupId}`, detail: { noticeId: id, takedownId: row.takedownId, msgId: (row.payload as NoticePayload).msgId } },
    [resetForResend(ports.db, id, ports.now)],
  );
  const generation = result?.results[0]?.generation;
  if (typeof generation !== "number") throw new AdminError("Conflict", `Notice ${id} changed meanwhile; try again.`);
  await dispatchOutbox(ports.db, ports.queue, [{ id, kind: "notice", generation }], ports.now);
  return { id, status: "pending" as const };
}
