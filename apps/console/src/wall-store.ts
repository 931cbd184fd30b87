/** The monitoring wall's programs (up to 9), kept in localStorage. */
export interface WallItem {
  groupId: string;
  programId: string;
  title: string;
}
const KEY = "gyt345.wall";
export const WALL_MAX = 9;

export function wallItems(): WallItem[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? "[]") as unknown;
    return Array.isArray(v) ? (v as WallItem[]).filter((i) => typeof i?.groupId === "string" && typeof i?.programId === "string").slice(0, WALL_MAX) : [];
  } catch {
    return [];
  }
}

export function saveWall(items: WallItem[]): void {
  localStorage.setItem(KEY, JSON.stringify(items.slice(0, WALL_MAX)));
}

/** Adds what fits; answers how many were added. */
export function addToWall(items: WallItem[]): number {
  const current = wallItems();
  let added = 0;
  for (const item of items) {
    if (current.length >= WALL_MAX) break;
    if (current.some((c) => c.groupId === item.groupId && c.programId === item.programId)) continue;
    current.push(item);
    added++;
  }
  saveWall(current);
  return added;
}
