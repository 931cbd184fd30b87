/**
 * The transactional outbox's sending half: after the batch that wrote the rows commits, their
 * queue messages go out and `sent_at` records it. A crash or a queue fault between the two
 * leaves `sent_at` NULL, and the cron sweep sends the message later — a notice or a purge is
 * delayed, never lost. Messages carry only the row id and generation; the consumer reads the rest.
 */
import type { Db } from "../catalog/db";
import { markSent, unsentOutbox, type OutboxKind } from "../catalog/outbox";
import { loadOfflineConfig } from "../config";
import type { AppBindings } from "../env";

export interface OutboxMessage {
  kind: OutboxKind;
  /** outbox row id */
  id: string;
  generation: number;
  /** kind "verify": the verification job (src/offline/verify.ts) as planned at takedown time. */
  job?: unknown;
}

export interface OutboxRef {
  id: string;
  kind: OutboxKind;
  generation?: number;
  payload?: unknown;
}

export function outboxMessage(ref: OutboxRef): OutboxMessage {
  return { kind: ref.kind, id: ref.id, generation: ref.generation ?? 1, ...(ref.kind === "verify" ? { job: ref.payload } : {}) };
}

/**
 * Sends the rows' queue messages and marks them sent. Never throws: a failure is logged and
 * left to the sweep (the caller's change is already committed and must still be answered).
 */
export async function dispatchOutbox(db: Db, queue: Queue, refs: readonly OutboxRef[], now = Date.now()): Promise<boolean> {
  if (refs.length === 0) return true;
  try {
    // sendBatch takes at most 100 messages.
    for (let i = 0; i < refs.length; i += 100) {
      await queue.sendBatch(refs.slice(i, i + 100).map((r) => ({ body: outboxMessage(r), contentType: "json" as const })));
    }
  } catch (err) {
    console.error("outbox: queue send failed, the sweep will retry:", String(err));
    return false;
  }
  try {
    for (let i = 0; i < refs.length; i += 90) await markSent(db, refs.slice(i, i + 90).map((r) => r.id), now);
  } catch (err) {
    // Sent but not marked: the sweep sends it again; the consumer's generation/status check makes that harmless.
    console.error("outbox: marking sent failed:", String(err));
  }
  return true;
}

/** Cron: re-sends outbox rows not confirmed sent `sweepAfterMs` after they were written. */
export async function sweepOutbox(db: Db, env: Pick<AppBindings, "NOTICE_QUEUE"> & Parameters<typeof loadOfflineConfig>[0], now: number): Promise<number> {
  const config = loadOfflineConfig(env);
  let total = 0;
  for (let round = 0; round < 10; round++) {
    const rows = await unsentOutbox(db, now - config.sweepAfterMs, 100);
    if (rows.length === 0) break;
    if (!(await dispatchOutbox(db, env.NOTICE_QUEUE, rows, now))) break;
    total += rows.length;
    if (rows.length < 100) break;
  }
  return total;
}
