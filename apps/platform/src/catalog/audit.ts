/**
 * Operator audit trail as a hash chain (tamper-evident): each record carries
 * `hash = SM3(prevHash ‖ JCS(record))`, where the record holds its id, time, actor, action,
 * target, detail and the previous hash. Records get consecutive ids and a UNIQUE prev_hash, so
 * two writers appending to the same head conflict and the loser retries on the new head. Every
 * record is written in the same D1 batch as the action it records (runAuditedBatch).
 */
import { canonicalJson, sm3Hex } from "@gyt345/protocol/crypto";
import { isUniqueViolation, runBatch, type Db, type Statement } from "./db";
import { auditLog } from "./schema";
import { Where } from "./where";
import type { AuditVerifyAnswer as ChainCheck } from "../admin/api-types";

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  target: string;
  detail?: unknown;
}

/** The hash before the first record. */
export const GENESIS_HASH = "0".repeat(64);
const MAX_ATTEMPTS = 8;

interface ChainedRecord {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  detail: unknown;
  prevHash: string;
}

export function auditHash(record: ChainedRecord): string {
  return sm3Hex(record.prevHash + canonicalJson(record)!);
}

/** An unchained insert (kept for callers that need a statement only; prefer runAuditedBatch). */
export function recordAudit(db: Db, entry: AuditEntry) {
  return db.insert(auditLog).values({ ...entry, detail: entry.detail ?? null });
}

async function chainHead(db: Db): Promise<{ id: number; hash: string }> {
  const row = await db.$client.prepare("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").first<{ id: number; hash: string | null }>();
  return row ? { id: row.id, hash: row.hash ?? GENESIS_HASH } : { id: 0, hash: GENESIS_HASH };
}

/**
 * Runs `statements` and the audit record of `entry` as one D1 batch (all or nothing) and
 * returns the results of `statements`. A racing writer that took the same chain head makes the
 * batch fail on the UNIQUE prev_hash (or the id): the whole batch is retried on the new head.
 */
export async function runAuditedBatch(db: Db, entry: AuditEntry, statements: Statement[]): Promise<D1Result<Record<string, unknown>>[]> {
  // JSON round trip: the detail is hashed exactly as it is stored and read back.
  const detail = entry.detail === undefined ? null : (JSON.parse(JSON.stringify(entry.detail)) as unknown);
  for (let attempt = 1; ; attempt++) {
    const head = await chainHead(db);
    const record: ChainedRecord = { id: head.id + 1, at: entry.at, actor: entry.actor, action: entry.action, target: entry.target, detail, prevHash: head.hash };
    const insert = db.insert(auditLog).values({ ...record, hash: auditHash(record) });
    try {
      const results = await runBatch(db, [...statements, insert]);
      return results.slice(0, statements.length);
    } catch (err) {
      const chainConflict = isUniqueViolation(err, "audit_log");
      if (!chainConflict || attempt >= MAX_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}

export interface AuditFilters {
  actor?: string | undefined;
  action?: string | undefined;
  target?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  beforeId?: number | undefined;
  limit: number;
}

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
  prev_hash: string | null;
  hash: string | null;
}

function parseDetail(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Audit records newest first, keyset-paged by id. */
export async function listAudit(db: Db, f: AuditFilters) {
  const where = new Where()
    .add("actor = ?", f.actor)
    .add("action = ?", f.action)
    .add("target = ?", f.target)
    .add("at >= ?", f.from)
    .add("at <= ?", f.to)
    .add("id < ?", f.beforeId);
  const { results } = await db.$client
    .prepare(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT ?`)
    .bind(...where.params, f.limit + 1)
    .all<AuditRow>();
  const rows = results.slice(0, f.limit).map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, target: r.target, detail: parseDetail(r.detail), hash: r.hash }));
  return { rows, hasMore: results.length > f.limit };
}

/** Walks the whole chain from its start: the first record whose link or hash does not hold. */
export async function verifyAuditChain(db: Db, pageSize = 1000): Promise<ChainCheck> {
  let expectedPrev = GENESIS_HASH;
  let expectedId = 1;
  let count = 0;
  let unchained = 0;
  for (;;) {
    const { results } = await db.$client.prepare("SELECT * FROM audit_log WHERE id >= ? ORDER BY id LIMIT ?").bind(expectedId, pageSize).all<AuditRow>();
    for (const r of results) {
      const broken = (reason: string): ChainCheck => ({ ok: false, count, brokenAt: { id: r.id, reason } });
      // Records from before the chain (no hash, no link) may only precede its first record.
      if (count === 0 && r.hash === null && r.prev_hash === null) {
        unchained++;
        expectedId = r.id + 1;
        continue;
      }
      if (r.id !== expectedId) return { ok: false, count, brokenAt: { id: expectedId, reason: `record ${expectedId} is missing (next is ${r.id})` } };
      if (r.hash === null || r.prev_hash === null) return broken("record is not chained (no hash)");
      if (r.prev_hash !== expectedPrev) return broken("prev_hash does not match the hash of the record before it");
      const record: ChainedRecord = { id: r.id, at: r.at, actor: r.actor, action: r.action, target: r.target, detail: parseDetail(r.detail), prevHash: r.prev_hash };
      if (auditHash(record) !== r.hash) return broken("hash does not match the record's content");
      expectedPrev = r.hash;
      expectedId = r.id + 1;
      count++;
    }
    if (results.length < pageSize) return unchained > 0 ? { ok: true, count, unchained } : { ok: true, count };
  }
}
