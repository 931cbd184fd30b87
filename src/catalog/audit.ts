/** Operator audit trail (CP onboarding and status changes; emergency offline later). */
import { runBatch, type Db, type Statement } from "./db";
import { auditLog } from "./schema";

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  target: string;
  detail?: unknown;
}

export function recordAudit(db: Db, entry: AuditEntry) {
  return db.insert(auditLog).values({ ...entry, detail: entry.detail ?? null });
}

/**
 * Every operator action writes its audit record in the same D1 batch as the action
 * (CONTRACT). Returns the results of `statements` in order. Branch issue-12 replaces the body
 * with the SM3 hash chain, keeping this signature.
 */
export async function runAuditedBatch(db: Db, entry: AuditEntry, statements: Statement[]): Promise<D1Result<Record<string, unknown>>[]> {
  const results = await runBatch(db, [...statements, recordAudit(db, entry)]);
  return results.slice(0, statements.length);
}
