/**
 * Conditions shared by the series and program statements of one batch.
 *
 * D1 has no interactive transactions, so ordering is decided inside the batch: the upsert
 * only takes effect when the message is not older than the row (`msgTimeNotOlder`), and the
 * statements that follow it (episode list, log note) only act when the row now carries this
 * message's msgId (`appliedBy`). Two racing messages for one series thus cannot interleave.
 */
import { sql, type SQL } from "drizzle-orm";

export function msgTimeNotOlder(table: "series" | "programs"): SQL {
  return sql.raw(`"${table}"."last_msg_time" <= excluded."last_msg_time"`);
}

export function appliedBy(table: "series" | "programs", groupId: string, id: string, msgId: string): SQL {
  const [a, b, c, d] = appliedByText(table).split("?") as [string, string, string, string];
  return sql`${sql.raw(a)}${groupId}${sql.raw(b)}${id}${sql.raw(c)}${msgId}${sql.raw(d)}`;
}

/** `appliedBy` as SQL text with three placeholders (group_id, the row's id, msgId), for hand-built statements. */
export function appliedByText(table: "series" | "programs"): string {
  const idColumn = table === "series" ? "series_id" : "program_id";
  return `EXISTS (SELECT 1 FROM ${table} WHERE group_id = ? AND ${idColumn} = ? AND last_msg_id = ?)`;
}

/** D1 binds at most 100 parameters per statement. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
