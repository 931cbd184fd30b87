/**
 * Applies one authenticated, validated message atomically: one D1 batch holds the nonce,
 * the msgId record, the catalog changes and the message-log row, so nothing is ever
 * half-written and a storage fault loses nothing the CP was told is accepted.
 */
import { sql, type SQL } from "drizzle-orm";
import { appliedBy } from "../catalog/content-guard";
import { runBatch, type Statement } from "../catalog/db";
import { insertMessageLog, isAcceptedMessageConflict, recordAcceptedMessage, recordMessageContent, selectAcceptedMessage } from "../catalog/messages";
import { consumeNonce, isNonceConflict, nonceKvKey } from "../catalog/nonces";
import { offlinePrograms, placeInSeries, selectExistingProgramIds, upsertProgram } from "../catalog/programs";
import { offlineSeries, replaceEpisodes, selectExistingSeriesIds, upsertSeries } from "../catalog/series";
import { ProtocolError } from "@gyt345/protocol/errors";
import type { InterfaceName } from "@gyt345/protocol/msg-types";
import type { MessageOf } from "@gyt345/protocol/parse-message";
import type { AuthenticatedRequest, IngestPorts } from "./authenticate";
import { dispatchOutbox } from "../offline/outbox";
import { insertedOutboxIds, offlinePurge, programPurge, seriesPurge } from "./purges";
import { DUPLICATE_NOTE, offlineNote, planProgram, planSeries, STALE_NOTE } from "./plan";

type AnyMessage = MessageOf<InterfaceName>;

export interface IngestInput {
  path: string;
  auth: AuthenticatedRequest;
  message: AnyMessage;
  /** SM3 of the JCS form without msgSign: identifies "the same body" for msgId idempotency. */
  contentSm3: string;
  receivedAt: number;
  /** Lets the platform keep the KV fast check warm after the response. */
  waitUntil: (p: Promise<unknown>) => void;
}

type BatchResults = D1Result<Record<string, unknown>>[];

/** The catalog statements of one message, the log row's note, and how to read the answer. */
interface Changes {
  statements: Statement[];
  /** Indexes in `statements` of guarded purge outbox rows (src/ingest/purges.ts). */
  purges?: number[];
  logNote: string | SQL;
  answer: (results: BatchResults) => string;
}

function changesFor(ports: Pick<IngestPorts, "db" | "purge">, groupId: string, message: AnyMessage, now: number): Changes {
  const { db } = ports;
  // Purge rows are guarded statements of this same batch (no read first: one round trip).
  const purge = ports.purge ? { ...ports.purge, db } : undefined;
  switch (message.msgType) {
    case 100:
    case 101:
    case 102: {
      const { row, episodes } = planSeries(groupId, message as MessageOf<"seriesInject">, now);
      const pre = purge ? [seriesPurge(purge, row, now)] : [];
      return {
        statements: [...pre, upsertSeries(db, row), ...(episodes ? replaceEpisodes(db, groupId, row.seriesId, message.msgId, episodes) : [])],
        purges: pre.map((_, i) => i),
        logNote: appliedOrStale(appliedBy("series", groupId, row.seriesId, message.msgId)),
        answer: (results) => (applied(results[pre.length]) ? "success" : STALE_NOTE),
      };
    }
    case 200:
    case 201:
    case 202: {
      const { row, episode } = planProgram(groupId, message as MessageOf<"programInject">, now);
      const pre = purge ? [programPurge(purge, row, now)] : [];
      return {
        statements: [...pre, upsertProgram(db, row), ...placeInSeries(db, groupId, row.programId, message.msgId, row.seriesId ?? undefined, episode)],
        purges: pre.map((_, i) => i),
        logNote: appliedOrStale(appliedBy("programs", groupId, row.programId, message.msgId)),
        answer: (results) => (applied(results[pre.length]) ? "success" : STALE_NOTE),
      };
    }
    case 103: {
      const ids = (message as MessageOf<"seriesOffline">).msgData.seriesIds;
      const post = purge ? [offlinePurge(purge, "series", groupId, ids, message.msgId, now)] : [];
      return offlineChanges("seriesIds", ids, selectExistingSeriesIds(db, groupId, ids), offlineSeries(db, groupId, ids, message.msgId, message.msgTime, now), post, unknownIdsNote("series", groupId, ids));
    }
    case 203: {
      const ids = (message as MessageOf<"programOffline">).msgData.programIds;
      const post = purge ? [offlinePurge(purge, "programs", groupId, ids, message.msgId, now)] : [];
      return offlineChanges("programIds", ids, selectExistingProgramIds(db, groupId, ids), offlinePrograms(db, groupId, ids, message.msgId, message.msgTime, now), post, unknownIdsNote("programs", groupId, ids));
    }
    default:
      throw ProtocolError.invalid("msgType");
  }
}

/** Returns the success `msg` (B.2 "success", or a note). */
export async function ingestMessage(ports: IngestPorts, input: IngestInput): Promise<string> {
  const groupId = input.auth.cp.groupId;
  const plan = planBatch(ports, input);
  // No read for msgId first: the accepted_messages primary key in the batch finds a repeated
  // msgId (also between racing copies), which keeps the common path at one write round trip.
  let results: BatchResults;
  try {
    results = await runBatch(ports.db, plan.statements);
  } catch (err) {
    // A used nonce (a racing copy, or a replay KV had not seen yet) fails the batch on its primary key.
    if (isNonceConflict(err)) throw ProtocolError.invalid("nonce");
    // This msgId was accepted before (or by a racing copy): answer as its duplicate.
    if (isAcceptedMessageConflict(err)) {
      const [previous] = await selectAcceptedMessage(ports.db, groupId, input.message.msgId);
      if (previous) return acknowledgeDuplicate(ports, input, previous.contentSm3);
    }
    throw err;
  }
  rememberNonce(ports, input);
  sendPurges(ports, input, insertedOutboxIds(results, plan.purges));
  return plan.answer(results);
}

/** The one write batch of a message's first acceptance, where its purge rows are, and how to read the answer. */
export function planBatch(
  ports: Pick<IngestPorts, "db" | "config" | "purge">,
  input: IngestInput,
): { statements: Statement[]; purges: number[]; answer: (results: BatchResults) => string } {
  const changes = changesFor(ports, input.auth.cp.groupId, input.message, input.receivedAt);
  return {
    statements: [...changes.statements, ...bookkeeping(ports, input, changes.logNote, true)],
    purges: changes.purges ?? [],
    answer: (results) => changes.answer(results.slice(0, changes.statements.length)),
  };
}

/** Same msgId: the same content is acknowledged and changes nothing; other content is refused. */
async function acknowledgeDuplicate(ports: IngestPorts, input: IngestInput, previousContentSm3: string): Promise<string> {
  if (previousContentSm3 !== input.contentSm3) throw ProtocolError.invalid("msgId");
  try {
    await runBatch(ports.db, bookkeeping(ports, input, DUPLICATE_NOTE, false));
  } catch (err) {
    if (isNonceConflict(err)) throw ProtocolError.invalid("nonce");
    throw err;
  }
  rememberNonce(ports, input);
  return DUPLICATE_NOTE;
}

/** Nonce consumption, msgId record (first acceptance only) and the message-log row. */
function bookkeeping(ports: Pick<IngestPorts, "db" | "config">, input: IngestInput, note: string | SQL, firstAcceptance: boolean): Statement[] {
  const { auth, message } = input;
  const groupId = auth.cp.groupId;
  const items: Statement[] = [consumeNonce(ports.db, groupId, auth.params.nonce, input.receivedAt + ports.config.nonceTtlMs)];
  if (firstAcceptance) items.push(recordAcceptedMessage(ports.db, groupId, message.msgId, input.contentSm3, input.receivedAt));
  if (firstAcceptance) items.push(...recordMessageContent(ports.db, groupId, message.msgId, ...contentOf(message)));
  items.push(
    insertMessageLog(ports.db, {
      receivedAt: input.receivedAt,
      groupId,
      path: input.path,
      nonce: auth.params.nonce,
      msgId: message.msgId,
      msgType: message.msgType,
      httpStatus: 200,
      resultCode: "ok",
      resultMsg: note,
      bodySm3: auth.bodySm3,
      body: new TextDecoder().decode(auth.body),
    }),
  );
  return items;
}

/** After the commit: the purges' queue messages (the outbox sweep covers a failed send). */
function sendPurges(ports: IngestPorts, input: IngestInput, ids: string[]): void {
  if (ids.length === 0 || !ports.purge) return;
  input.waitUntil(dispatchOutbox(ports.db, ports.purge.queue, ids.map((id) => ({ id, kind: "purge" as const }))));
}

/** The series or programs a message concerns, for the console's message history. */
function contentOf(message: AnyMessage): ["series" | "program", string[]] {
  const data = message.msgData as { seriesId?: string; programId?: string; seriesIds?: string[]; programIds?: string[] };
  if (message.msgType === 103) return ["series", data.seriesIds ?? []];
  if (message.msgType === 203) return ["program", data.programIds ?? []];
  if (message.msgType >= 200) return ["program", data.programId ? [data.programId] : []];
  return ["series", data.seriesId ? [data.seriesId] : []];
}

function rememberNonce(ports: IngestPorts, input: IngestInput): void {
  const ttlSeconds = Math.max(60, Math.ceil(ports.config.nonceTtlMs / 1000));
  input.waitUntil(
    ports.kv.put(nonceKvKey(input.auth.cp.groupId, input.auth.params.nonce), "1", { expirationTtl: ttlSeconds }).catch(() => undefined),
  );
}

/** The log row's note, decided inside the batch once the upsert did or did not take effect. */
function appliedOrStale(guard: SQL): SQL {
  return sql`CASE WHEN ${guard} THEN 'success' ELSE ${STALE_NOTE} END`;
}

/** The upsert's RETURNING row is there only when it took effect. */
function applied(result: D1Result | undefined): boolean {
  return (result?.results.length ?? 0) > 0;
}

/**
 * 103/203 in the same single batch: SELECTs of the ids the CP has (run before the UPDATEs), then
 * the UPDATEs whose RETURNING names the ids taken offline. unknown = requested − existing;
 * stale (a newer msgTime stored) = existing − updated.
 */
function offlineChanges(kind: "seriesIds" | "programIds", ids: readonly string[], selects: Statement[], updates: Statement[], purges: Statement[], logNote: SQL): Changes {
  return {
    statements: [...selects, ...updates, ...purges],
    purges: purges.map((_, i) => selects.length + updates.length + i),
    logNote,
    answer: (results) => {
      // runBatch returns rows under their SQL column names.
      const known = new Set<unknown>();
      for (const r of results.slice(0, selects.length)) for (const row of r.results) known.add(row.series_id ?? row.program_id);
      const done = new Set<unknown>();
      for (const r of results.slice(selects.length, selects.length + updates.length)) for (const row of r.results) done.add(row.series_id ?? row.program_id);
      const unknown = ids.filter((id) => !known.has(id));
      const stale = [...new Set(ids)].filter((id) => known.has(id) && !done.has(id));
      return offlineNote(kind, unknown, stale);
    },
  };
}

/** The log row's note of a 103/203 (`offlineNote` without the stale part), computed inside the batch. */
function unknownIdsNote(table: "series" | "programs", groupId: string, ids: readonly string[]): SQL {
  const idColumn = sql.raw(table === "series" ? "series_id" : "program_id");
  const kind = table === "series" ? "seriesIds" : "programIds";
  return sql`(SELECT CASE WHEN count(*) = 0 THEN 'success' ELSE ${`success; unknown ${kind}: `} || group_concat(j.value, ',') END
    FROM json_each(${JSON.stringify(ids)}) AS j
    WHERE NOT EXISTS (SELECT 1 FROM ${sql.raw(table)} AS t WHERE t.group_id = ${groupId} AND t.${idColumn} = j.value AND t.deleted = 0))`;
}
