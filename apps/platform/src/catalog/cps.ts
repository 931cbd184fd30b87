/** CP registry (内容服务平台接入管理) storage. */
import { asc, eq } from "drizzle-orm";
import type { Db } from "./db";
import { cps, type CpRow } from "./schema";

export type NewCp = typeof cps.$inferInsert;
export type CpPatch = Partial<Pick<CpRow, "name" | "status" | "seriesOfflineUrl" | "programOfflineUrl" | "noticeIdFormat">>;

export function selectCp(db: Db, groupId: string) {
  return db.select().from(cps).where(eq(cps.groupId, groupId)).limit(1);
}

export async function findCp(db: Db, groupId: string): Promise<CpRow | undefined> {
  const [row] = await selectCp(db, groupId);
  return row;
}

export function listCps(db: Db): Promise<CpRow[]> {
  return db.select().from(cps).orderBy(asc(cps.groupId));
}

export function insertCp(db: Db, cp: NewCp) {
  return db.insert(cps).values(cp);
}

export function updateCp(db: Db, groupId: string, patch: CpPatch, now: number) {
  return db
    .update(cps)
    .set({ ...patch, updatedAt: now })
    .where(eq(cps.groupId, groupId));
}
