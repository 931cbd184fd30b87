/** Operator audit trail (CP onboarding and status changes; emergency offline later). */
import type { Db } from "./db";
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
