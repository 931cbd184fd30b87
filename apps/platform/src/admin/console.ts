/**
 * The console's read API: search, detail, message log, dashboard and audit. Query strings are
 * validated here; the catalog modules run the queries.
 */
import * as v from "valibot";
import type { PlayInfo, ProgramInfo, SeriesInfo } from "@gyt345/protocol/schemas";
import { listAudit, verifyAuditChain } from "../catalog/audit";
import type { Db } from "../catalog/db";
import { listMessages, messageHistory, takedownHistory } from "../catalog/history";
import { getProgram } from "../catalog/programs";
import { searchContent, type SearchKind } from "../catalog/search";
import { getSeries, listEpisodes } from "../catalog/series";
import { dashboardStats } from "../catalog/stats";
import type { SeriesRow } from "../catalog/schema";
import type { AuditItem, MessageView, Page, ProgramDetailAnswer, ProgramSearchItem, SearchAnswer, SeriesDetailAnswer, SeriesSearchItem } from "./api-types";
import { AdminError } from "./errors";

/** Opaque keyset cursor: base64url of a JSON array. */
export function encodeCursor(values: readonly (string | number)[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(values));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string | undefined, shape: readonly ("string" | "number")[]): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const binary = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const values: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0))));
    if (Array.isArray(values) && values.length === shape.length && values.every((x, i) => typeof x === shape[i])) return values as (string | number)[];
  } catch {
    /* answered below */
  }
  throw new AdminError("InvalidInput", "cursor is not valid.", "cursor");
}

const Text = v.optional(v.pipe(v.string(), v.maxLength(256)));
const Int = v.optional(v.pipe(v.string(), v.regex(/^\d{1,16}$/), v.transform(Number)));
const Bool = v.optional(v.pipe(v.picklist(["true", "false", "1", "0"]), v.transform((x) => x === "true" || x === "1")));
const Limit = v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number), v.minValue(1), v.maxValue(100)), "50");
const Cursor = v.optional(v.pipe(v.string(), v.maxLength(2048)));

export const ContentQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.maxLength(128))),
  groupId: Text,
  seriesId: Text,
  category: Text,
  year: v.optional(v.pipe(v.string(), v.regex(/^\d{4}$/))),
  area: Text,
  definition: v.optional(v.picklist(["SD", "HD", "4K", "8K"])),
  status: v.optional(v.picklist(["online", "offline"])),
  paid: v.optional(v.pipe(v.picklist(["0", "1"]), v.transform(Number))),
  locked: Bool,
  deleted: Bool,
  updatedFrom: Int,
  updatedTo: Int,
  sort: v.optional(v.picklist(["updated", "title"]), "updated"),
  order: v.optional(v.picklist(["desc", "asc"])),
  cursor: Cursor,
  limit: Limit,
});

export const MessageQuery = v.object({ groupId: Text, msgId: Text, resultCode: Text, from: Int, to: Int, cursor: Cursor, limit: Limit });
export const AuditQuery = v.object({ actor: Text, action: Text, target: Text, from: Int, to: Int, cursor: Cursor, limit: Limit });

/** Validates a query string against a schema; unknown parameters are ignored. */
export function parseQuery<S extends v.GenericSchema>(schema: S, query: Record<string, string>): v.InferOutput<S> {
  const result = v.safeParse(schema, query, { abortEarly: true });
  if (!result.success) {
    const field = v.getDotPath(result.issues[0]) ?? undefined;
    throw new AdminError("InvalidInput", `${field ?? "query"} is not valid.`, field);
  }
  return result.output;
}

export async function searchList(db: Db, kind: SearchKind, q: v.InferOutput<typeof ContentQuery>): Promise<SearchAnswer<SeriesSearchItem | ProgramSearchItem>> {
  // Titles read naturally A→Z, update times newest first.
  const order = q.order ?? (q.sort === "title" ? "asc" : "desc");
  // The cursor carries the position and the first page's total.
  const after = decodeCursor(q.cursor, [q.sort === "title" ? "string" : "number", "number", "number", "number"]);
  const page = await searchContent<SeriesSearchItem | ProgramSearchItem>(db, kind, {
    ...q,
    order,
    after: after ? { value: after[0]!, id: after[1] as number } : undefined,
    knownTotal: after ? { total: after[2] as number, totalIsEstimate: after[3] === 1 } : undefined,
  });
  const last = page.rows.at(-1);
  return {
    items: page.rows.map(({ id: _id, sortValue: _s, ...item }) => item),
    nextCursor: page.hasMore && last ? encodeCursor([last.sortValue, last.id, page.total, page.totalIsEstimate ? 1 : 0]) : null,
    total: page.total,
    totalIsEstimate: page.totalIsEstimate,
  };
}

export async function seriesDetail(db: Db, groupId: string, seriesId: string): Promise<SeriesDetailAnswer> {
  const row = await getSeries(db, groupId, seriesId);
  if (!row) throw new AdminError("NotFound", `No series ${seriesId} of ${groupId}.`);
  const [episodes, messages, takedowns] = await Promise.all([
    listEpisodes(db, groupId, seriesId),
    messageHistory(db, groupId, "series", seriesId),
    takedownHistory(db, groupId, "series", seriesId),
  ]);
  const { seriesPrograms: _sp, ...data } = row.data as SeriesInfo;
  return {
    series: {
      ...data,
      groupId,
      seriesId,
      ...platformState(row),
    },
    episodes: episodes.map((e) => ({ programId: e.programId, title: e.title, programType: e.programType, seq: e.seq, stage: e.stage, paid: e.paid, status: e.status })),
    messages,
    takedowns,
  };
}

/** What the platform keeps beside the CP's fields: status, delete flag, lock, ordering, times. */
function platformState(row: Pick<SeriesRow, "status" | "deleted" | "emergencyLocked" | "lastMsgId" | "lastMsgTime" | "createdAt" | "updatedAt">) {
  const { status, deleted, emergencyLocked, lastMsgId, lastMsgTime, createdAt, updatedAt } = row;
  return { status, deleted, emergencyLocked, lastMsgId, lastMsgTime, createdAt, updatedAt };
}

export async function programDetail(db: Db, groupId: string, programId: string): Promise<ProgramDetailAnswer> {
  const row = await getProgram(db, groupId, programId);
  if (!row) throw new AdminError("NotFound", `No program ${programId} of ${groupId}.`);
  const [parent, messages, takedowns] = await Promise.all([
    row.seriesId ? getSeries(db, groupId, row.seriesId) : Promise.resolve(undefined),
    messageHistory(db, groupId, "program", programId),
    takedownHistory(db, groupId, "program", programId),
  ]);
  return {
    program: {
      ...(row.data as Omit<ProgramInfo, "playInfos" | "seriesProgram">),
      groupId,
      programId,
      playInfos: row.playInfos as PlayInfo[],
      ...platformState(row),
    },
    series: parent ? { groupId, seriesId: parent.seriesId, title: parent.title } : null,
    messages,
    takedowns,
  };
}

export async function messageList(db: Db, q: v.InferOutput<typeof MessageQuery>): Promise<Page<MessageView>> {
  const after = decodeCursor(q.cursor, ["number", "number"]);
  const page = await listMessages(db, { ...q, after: after ? { receivedAt: after[0] as number, id: after[1] as number } : undefined });
  const last = page.rows.at(-1);
  return { items: page.rows, nextCursor: page.hasMore && last ? encodeCursor([last.receivedAt, last.id]) : null };
}

export async function auditList(db: Db, q: v.InferOutput<typeof AuditQuery>): Promise<Page<AuditItem>> {
  const after = decodeCursor(q.cursor, ["number"]);
  const page = await listAudit(db, { ...q, beforeId: after?.[0] as number | undefined });
  const last = page.rows.at(-1);
  return { items: page.rows, nextCursor: page.hasMore && last ? encodeCursor([last.id]) : null };
}

export { dashboardStats, verifyAuditChain };
