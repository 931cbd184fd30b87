/**
 * Emergency offline (紧急下线, GY/T 345 4 g, 5.4) and its lift, as plain functions.
 *
 * One D1 batch per action: the lock on every known id (a series takes its episodes off
 * terminals with it — visibility of an episode follows its series), the takedown record, the
 * audit record and the outbox rows (one 301 and/or one 302 per CP, one CDN purge, one
 * verification job). After the commit: this location's terminal cache is evicted (the very
 * next terminal request says 404), then the queue messages go out (the sweep covers a failure).
 */
import * as v from "valibot";
import { runAuditedBatch } from "../catalog/audit";
import type { Db, Statement } from "../catalog/db";
import { findCp } from "../catalog/cps";
import { insertOutbox, type NoticePayload, type PurgePayload, type PurgeTargets } from "../catalog/outbox";
import { selectExistingProgramIds } from "../catalog/programs";
import { selectExistingSeriesIds } from "../catalog/series";
import { insertTakedown, setEmergencyLock } from "../catalog/takedowns";
import type { CpRow } from "../catalog/schema";
import type { TakedownAnswer } from "../admin/api-types";
import { AdminError } from "../admin/errors";
import type { OfflineConfig } from "../config";
import { evictTerminalCache, type ContentRef } from "../terminal/cache";
import { dispatchOutbox, type OutboxRef } from "./outbox";
import { isEmptyRef, purgeTargetsOf } from "./targets";
import { planVerification } from "./verify";

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(128), v.regex(/^[^\s,]+$/, "no whitespace or commas"));

export const EmergencyOfflineInput = v.pipe(
  v.object({
    groupId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, "1–64 of A-Z a-z 0-9 _ -")),
    seriesIds: v.optional(v.pipe(v.array(Id), v.maxLength(100))),
    programIds: v.optional(v.pipe(v.array(Id), v.maxLength(100))),
    reason: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500)),
  }),
  v.transform((i) => ({ ...i, seriesIds: [...new Set(i.seriesIds ?? [])], programIds: [...new Set(i.programIds ?? [])] })),
);
export type EmergencyOfflineInput = v.InferOutput<typeof EmergencyOfflineInput>;

export interface TakedownPorts {
  db: Db;
  queue: Queue;
  config: OfflineConfig;
  /** The platform's public origin: terminal URLs to evict, purge and verify. */
  origin: string;
  actor: string;
  now: number;
  /** Work that may finish after the answer (queue sends are awaited; this is for extras). */
  waitUntil?: (p: Promise<unknown>) => void;
}

export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll("-", "")}`;
}

/** The purge outbox row of a visibility change (emergency offline, lift, CP exit, ingest). */
export function purgeRow(adapter: string, groupId: string, targets: PurgeTargets, now: number, takedownId: string | null = null) {
  const payload: PurgePayload = { adapter, targets };
  return { id: newId("pg"), kind: "purge" as const, takedownId, groupId, payload, createdAt: now, updatedAt: now };
}

function noticeRow(cp: CpRow, msgType: 301 | 302, ids: string[], takedownId: string, now: number) {
  const payload: NoticePayload = {
    msgType,
    msgId: crypto.randomUUID(),
    msgTime: now,
    ids,
    url: msgType === 301 ? cp.seriesOfflineUrl : cp.programOfflineUrl,
  };
  return { id: newId("nt"), kind: "notice" as const, takedownId, groupId: cp.groupId, payload, createdAt: now, updatedAt: now };
}

/** Takes content down (action "takedown") or lifts the lock ("lift"). */
export async function emergencyOffline(ports: TakedownPorts, input: EmergencyOfflineInput, action: "takedown" | "lift"): Promise<TakedownAnswer> {
  const { db, now } = ports;
  if (input.seriesIds.length + input.programIds.length === 0) throw new AdminError("InvalidInput", "Name at least one seriesId or programId.", "seriesIds");
  if (input.seriesIds.length + input.programIds.length > ports.config.maxTakedownIds) {
    throw new AdminError("InvalidInput", `At most ${ports.config.maxTakedownIds} ids per request.`, "seriesIds");
  }
  const cp = await findCp(db, input.groupId);
  if (!cp) throw new AdminError("NotFound", `No CP ${input.groupId}.`, "groupId");
  const [knownSeries, knownPrograms] = await Promise.all([idsOf(selectExistingSeriesIds(db, cp.groupId, input.seriesIds)), idsOf(selectExistingProgramIds(db, cp.groupId, input.programIds))]);
  const ref: ContentRef = {
    groupId: cp.groupId,
    seriesIds: input.seriesIds.filter((id) => knownSeries.has(id)),
    programIds: input.programIds.filter((id) => knownPrograms.has(id)),
  };
  const unknown = { seriesIds: input.seriesIds.filter((id) => !knownSeries.has(id)), programIds: input.programIds.filter((id) => !knownPrograms.has(id)) };
  const takedownId = newId("td");

  const rows: ReturnType<typeof purgeRow | typeof noticeRow>[] = [];
  const refs: OutboxRef[] = [];
  // The ref with what else changes: episodes of the series, the series listing the programs.
  let expanded = ref;
  if (!isEmptyRef(ref)) {
    const purge = await purgeTargetsOf(db, ports.origin, ref);
    expanded = purge.ref;
    if (action === "takedown") {
      // One notice per CP per action: 301 for the series, 302 for the programs (6.8, 6.9).
      if (ref.seriesIds.length) rows.push(noticeRow(cp, 301, ref.seriesIds, takedownId, now));
      if (ref.programIds.length) rows.push(noticeRow(cp, 302, ref.programIds, takedownId, now));
    }
    rows.push(purgeRow(ports.config.cdnAdapter, cp.groupId, purge.targets, now, takedownId));
    for (const r of rows) refs.push({ id: r.id, kind: r.kind });
  }
  const verify =
    action === "takedown" && !isEmptyRef(ref)
      ? { id: newId("vf"), kind: "verify" as const, takedownId, groupId: cp.groupId, payload: { takedownId, ...planVerification({ ...ref, programIds: expanded.programIds }, ports.origin) }, createdAt: now, updatedAt: now }
      : undefined;
  if (verify) refs.push({ id: verify.id, kind: "verify", payload: verify.payload });

  const statements: Statement[] = [
    ...setEmergencyLock(db, cp.groupId, ref, action === "takedown", now),
    insertTakedown(db, {
      id: takedownId,
      action,
      groupId: cp.groupId,
      seriesIds: ref.seriesIds,
      programIds: ref.programIds,
      unknownSeriesIds: unknown.seriesIds,
      unknownProgramIds: unknown.programIds,
      reason: input.reason,
      actor: ports.actor,
      at: now,
      verificationStatus: action === "takedown" && !isEmptyRef(ref) ? "pending" : "gone",
    }),
    ...rows.map((r) => insertOutbox(db, r)),
    ...(verify ? [insertOutbox(db, verify)] : []),
  ];
  await runAuditedBatch(
    db,
    {
      at: now,
      actor: ports.actor,
      action: action === "takedown" ? "emergency-offline" : "emergency-offline.lift",
      target: `cp:${cp.groupId}`,
      detail: { takedownId, reason: input.reason, seriesIds: ref.seriesIds, programIds: ref.programIds, unknown },
    },
    statements,
  );
  // This location's copies go before the answer: the very next terminal request sees the change.
  if (!isEmptyRef(expanded)) await evictTerminalCache(ports.origin, expanded);
  await dispatchOutbox(db, ports.queue, refs, now);
  return {
    takedownId,
    takenDown: { seriesIds: ref.seriesIds, programIds: ref.programIds },
    unknown,
    notices: rows.filter((r) => r.kind === "notice").map((r) => ({ id: r.id, kind: String((r.payload as NoticePayload).msgType) as "301" | "302", status: "pending" })),
    purges: rows.filter((r) => r.kind === "purge").map((r) => ({ id: r.id, status: "pending" })),
  };
}

/** Runs the catalog's existing-id selects (one per 90 ids) and collects the ids. */
async function idsOf(selects: PromiseLike<{ id: string }[]>[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const rows of await Promise.all(selects)) for (const r of rows) found.add(r.id);
  return found;
}
