/**
 * Pure decisions of ingestion (profile section 6): what rows a message becomes.
 * No I/O here, so the rules are unit-testable without HTTP or D1.
 */
import type { ProgramUpsert } from "../catalog/programs";
import type { EpisodeRow, SeriesUpsert } from "../catalog/series";
import type { MessageOf } from "@gyt345/protocol/parse-message";

export type SeriesInjectMessage = MessageOf<"seriesInject">;
export type ProgramInjectMessage = MessageOf<"programInject">;
type SeriesProgramEntry = NonNullable<SeriesInjectMessage["msgData"]["seriesPrograms"]>[number];

/** 102 / 202 delete: the row stays for audit, flagged deleted. */
const DELETE_TYPES: ReadonlySet<number> = new Set([102, 202]);

/** The CP's status, delete flag and message ordering columns a 1xx/2xx message sets. */
function contentState(msg: { msgType: number; msgId: string; msgTime: number }, status: "online" | "offline", now: number) {
  return { status, deleted: DELETE_TYPES.has(msg.msgType), lastMsgId: msg.msgId, lastMsgTime: msg.msgTime, createdAt: now, updatedAt: now };
}

export function episodeRow(e: SeriesProgramEntry): EpisodeRow {
  return { programId: e.programId, title: e.title, programType: e.programType, seq: e.seq, stage: e.stage ?? null, paid: e.paid ?? null, status: e.status };
}

/** 100/101/102 → the series row (create-or-replace) and, when the message carries one, its new episode list. */
export function planSeries(groupId: string, msg: SeriesInjectMessage, now: number): { row: SeriesUpsert; episodes: EpisodeRow[] | undefined } {
  const { seriesPrograms, ...info } = msg.msgData;
  const row: SeriesUpsert = {
    groupId,
    seriesId: info.seriesId,
    title: info.title,
    category: info.category,
    year: info.year,
    area: info.areas?.[0] ?? null,
    definition: info.definition,
    completed: info.completed,
    paid: info.paid ?? null,
    episodeCount: info.episodeCount ?? null,
    episodeLast: info.episodeLast ?? null,
    vImageUrl: info.vImageUrl,
    data: info,
    ...contentState(msg, info.status, now),
  };
  return { row, episodes: seriesPrograms?.map(episodeRow) };
}

/** 200/201/202 → the program row and its place in a series' episode list (if it belongs to one). */
export function planProgram(groupId: string, msg: ProgramInjectMessage, now: number): { row: ProgramUpsert; episode: EpisodeRow | undefined } {
  const { playInfos, seriesProgram, ...info } = msg.msgData;
  const row: ProgramUpsert = {
    groupId,
    programId: info.programId,
    title: info.title,
    category: info.category,
    area: info.areas?.[0] ?? null,
    definition: info.definition,
    seriesId: info.seriesId ?? null,
    paid: info.paid ?? null,
    duration: info.duration ?? null,
    playInfos,
    data: info,
    ...contentState(msg, info.status, now),
  };
  return { row, episode: seriesProgram ? episodeRow(seriesProgram) : undefined };
}

/** The `msg` of a 103/203 answer: ids the CP does not have, and ids a newer message already covers. */
export function offlineNote(kind: "seriesIds" | "programIds", unknown: readonly string[], stale: readonly string[]): string {
  const parts = ["success"];
  if (unknown.length > 0) parts.push(`unknown ${kind}: ${unknown.join(",")}`);
  if (stale.length > 0) parts.push(`not applied (newer msgTime stored): ${stale.join(",")}`);
  return parts.join("; ");
}

export const STALE_NOTE = "ignored: a newer msgTime is already applied";
export const DUPLICATE_NOTE = "ignored: duplicate msgId";
