/**
 * What the console shows around one series or program: the messages that concerned it and
 * the takedowns that named it. Tables of other branches (takedowns, a `verified` log column)
 * are read when present.
 */
import type { TakedownHistoryItem } from "../admin/api-types";
import type { Db } from "./db";
import { Where } from "./where";

export type Row = Record<string, unknown>;

const HISTORY_LIMIT = 200;

/** Whether a table exists (tables of branches merged later are optional here). */
export async function tableExists(db: Db, name: string): Promise<boolean> {
  const row = await db.$client.prepare("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?").bind(name).first();
  return row !== null;
}

/** A message-log row as the console shows it (never the raw body). */
export function messageView(r: Row) {
  return {
    id: r.id as number,
    receivedAt: r.received_at as number,
    groupId: (r.group_id as string | null) ?? null,
    // Added by the notice-verification branch; null until that column exists.
    verified: r.verified === undefined || r.verified === null ? null : r.verified === 1 || r.verified === true,
    path: r.path as string,
    nonce: (r.nonce as string | null) ?? null,
    msgId: (r.msg_id as string | null) ?? null,
    msgType: (r.msg_type as number | null) ?? null,
    httpStatus: r.http_status as number,
    resultCode: r.result_code as string,
    resultMsg: r.result_msg as string,
  };
}
export type MessageView = ReturnType<typeof messageView>;

/** Messages (accepted, and refused copies with the same msgId) that concerned one series or program, newest first. */
export async function messageHistory(db: Db, groupId: string, kind: "series" | "program", contentId: string): Promise<MessageView[]> {
  const { results } = await db.$client
    .prepare(
      `SELECT l.* FROM message_content c JOIN message_log l ON l.group_id = c.group_id AND l.msg_id = c.msg_id
       WHERE c.group_id = ? AND c.kind = ? AND c.content_id = ? ORDER BY l.received_at DESC, l.id DESC LIMIT ${HISTORY_LIMIT}`,
    )
    .bind(groupId, kind, contentId)
    .all<Row>();
  return results.map(messageView);
}

function jsonList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== "string") return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

/** A takedowns row (branch issue-11) as a takedown list item; columns it lacks are null. */
export function takedownView(r: Row) {
  return {
    id: r.id,
    action: r.action,
    groupId: r.group_id,
    seriesIds: jsonList(r.series_ids),
    programIds: jsonList(r.program_ids),
    reason: r.reason,
    actor: r.actor,
    at: r.at,
    noticeStatus: r.notice_status ?? null,
    purgeStatus: r.purge_status ?? null,
    verification: { status: r.verification_status ?? null },
  };
}

/**
 * Takedowns and lifts that named this series or program. Reads the `takedowns` table of the
 * emergency-offline branch (group_id, series_ids / program_ids JSON, reason, actor, at, action).
 * TODO(merge): when issue-11's list view computes noticeStatus/purgeStatus/verification, reuse it here.
 */
export async function takedownHistory(db: Db, groupId: string, kind: "series" | "program", contentId: string): Promise<TakedownHistoryItem[]> {
  if (!(await tableExists(db, "takedowns"))) return [];
  const column = kind === "series" ? "series_ids" : "program_ids";
  const { results } = await db.$client
    .prepare(`SELECT * FROM takedowns WHERE group_id = ? AND EXISTS (SELECT 1 FROM json_each(${column}) WHERE value = ?) ORDER BY at DESC LIMIT ${HISTORY_LIMIT}`)
    .bind(groupId, contentId)
    .all<Row>();
  // Raw rows: the takedowns table's columns, as takedownView names them.
  return results.map(takedownView) as TakedownHistoryItem[];
}

export interface MessageFilters {
  groupId?: string | undefined;
  msgId?: string | undefined;
  resultCode?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  after?: { receivedAt: number; id: number } | undefined;
  limit: number;
}

/** The message log, newest first, keyset-paged by (received_at, id). */
export async function listMessages(db: Db, f: MessageFilters): Promise<{ rows: MessageView[]; hasMore: boolean }> {
  const where = new Where()
    .add("group_id = ?", f.groupId)
    .add("msg_id = ?", f.msgId)
    .add("result_code = ?", f.resultCode)
    .add("received_at >= ?", f.from)
    .add("received_at <= ?", f.to)
    .add("(received_at, id) < (?, ?)", f.after?.receivedAt, f.after?.id);
  const { results } = await db.$client
    .prepare(`SELECT * FROM message_log ${where} ORDER BY received_at DESC, id DESC LIMIT ?`)
    .bind(...where.params, f.limit + 1)
    .all<Row>();
  return { rows: results.slice(0, f.limit).map(messageView), hasMore: results.length > f.limit };
}
