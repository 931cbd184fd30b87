/**
 * Applies one authenticated, validated message atomically: one D1 batch holds the nonce,
 * the msgId record, the catalog changes and the message-log row, so nothing is ever
 * half-written and a storage fault loses nothing the CP was told is accepted.
 */
import { sql, type SQL } from "drizzle-orm";
import { appliedBy } from "../catalog/content-guard";
import { runBatch, type Statement } from "../catalog/db";
import { insertMessageLog, isAcceptedMessageConflict, recordAcceptedMessage, selectAcceptedMessage } from "../catalog/messages";
import { consumeNonce, isNonceConflict, nonceKvKey } from "../catalog/nonces";
import { existingProgramIds, offlinePrograms, placeInSeries, upsertProgram } from "../catalog/programs";
import { existingSeriesIds, offlineSeries, replaceEpisodes, upsertSeries } from "../catalog/series";
import { ProtocolError } from "../protocol/errors";
import type { InterfaceName } from "../protocol/msg-types";
import type { MessageOf } from "../protocol/parse-message";
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

async function changesFor(ports: IngestPorts, groupId: string, message: AnyMessage, now: number): Promise<Changes> {
  const { db } = ports;
  switch (message.msgType) {
    case 100:
    case 101:
    case 102: {
      const { row, episodes } = planSeries(groupId, message as MessageOf<"seriesInject">, now);
      const pre = ports.purge ? await seriesPurge({ ...ports.purge, db }, row, now) : [];
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
      const pre = ports.purge ? [programPurge({ ...ports.purge, db }, row, now)] : [];
      return {
        statements: [...pre, upsertProgram(db, row), ...placeInSeries(db, groupId, row.programId, message.msgId, row.seriesId ?? undefined, episode)],
        purges: pre.map((_, i) => i),
        logNote: appliedOrStale(appliedBy("programs", groupId, row.programId, message.msgId)),
        answer: (results) => (applied(results[pre.length]) ? "success" : STALE_NOTE),
      };
    }
    case 103: {
      const ids = (message as MessageOf<"seriesOffline">).msgData.seriesIds;
      const known = await existingSeriesIds(db, groupId, ids);
      const unknown = ids.filter((id) => !known.has(id));
      const updates = offlineSeries(db, groupId, [...known], message.msgId, message.msgTime, now);
      const post = ports.purge ? await offlinePurge({ ...ports.purge, db }, "series", groupId, [...known], message.msgId, now) : [];
      return {
        statements: [...updates, ...post],
        purges: post.map((_, i) => updates.length + i),
        logNote: offlineNote("seriesIds", unknown, []),
        answer: (results) => offlineNote("seriesIds", unknown, staleIds(known, results)),
      };
    }
    case 203: {
      const ids = (message as MessageOf<"programOffline">).msgData.programIds;
      const known = await existingProgramIds(db, groupId, ids);
      const unknown = ids.filter((id) => !known.has(id));
      const updates = offlinePrograms(db, groupId, [...known], message.msgId, message.msgTime, now);
      const post = ports.purge ? await offlinePurge({ ...ports.purge, db }, "programs", groupId, [...known], message.msgId, now) : [];
      return {
        statements: [...updates, ...post],
        purges: post.map((_, i) => updates.length + i),
        logNote: offlineNote("programIds", unknown, []),
        answer: (results) => offlineNote("programIds", unknown, staleIds(known, results)),
      };
    }
    default:
      throw ProtocolError.invalid("msgType");
  }
}

/** Returns the success `msg` (B.2 "success", or a note). */
export async function ingestMessage(ports: IngestPorts, input: IngestInput): Promise<string> {
  const groupId = input.auth.cp.groupId;
  const changes = await changesFor(ports, groupId, input.message, input.receivedAt);
  // No read for msgId first: the accepted_messages primary key in the batch finds a repeated
  // msgId (also between racing copies), which keeps the common path at one write round trip.
  let results: BatchResults;
  try {
    const all = await runBatch(ports.db, [...changes.statements, ...bookkeeping(ports, input, changes.logNote, true)]);
    results = all.slice(0, changes.statements.length);
  } catch (err) {
    if (isNonceConflict(err)) throw ProtocolError.invalid("nonce");
    // This msgId was accepted before (or by a racing copy): answer as its duplicate.
    if (isAcceptedMessageConflict(err)) {
      const [previous] = await selectAcceptedMessage(ports.db, groupId, input.message.msgId);
      if (previous) return acknowledgeDuplicate(ports, input, previous.contentSm3);
    }
    throw err;
  }
  rememberNonce(ports, input);
  sendPurges(ports, input, insertedOutboxIds(results, changes.purges ?? []));
  return changes.answer(results);
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
function bookkeeping(ports: IngestPorts, input: IngestInput, note: string | SQL, firstAcceptance: boolean): Statement[] {
  const { auth, message } = input;
  const groupId = auth.cp.groupId;
  const items: Statement[] = [consumeNonce(ports.db, groupId, auth.params.nonce, input.receivedAt + ports.config.nonceTtlMs)];
  if (firstAcceptance) items.push(recordAcceptedMessage(ports.db, groupId, message.msgId, input.contentSm3, input.receivedAt));
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

function staleIds(known: Set<string>, results: BatchResults): string[] {
  const done = new Set<unknown>();
  for (const r of results) for (const row of r.results) done.add(row.series_id ?? row.program_id);
  return [...known].filter((id) => !done.has(id));
}
