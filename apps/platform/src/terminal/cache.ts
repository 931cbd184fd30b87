/**
 * The terminal API's edge cache (Workers Cache API, `caches.default`).
 *
 * Keys are canonical: built from the decoded ids, never from the request's own spelling or
 * query string, so `evictTerminalCache` can name every entry a piece of content has. The play
 * redirect is keyed per definition (the only query parameter it reads).
 * `caches.default` is per location: eviction here clears the location that runs the takedown;
 * the zone purge by URL/tag (CDN adapter) clears the others, and the short lifetime bounds the rest
 * (docs/offline.md, "How long can a terminal still see it?").
 */
import { sm3Hex } from "@gyt345/protocol/crypto";

export interface ContentRef {
  groupId: string;
  seriesIds: string[];
  programIds: string[];
}

/** Definitions a play redirect may be asked for (Table 10); "" is "no definition given". */
export const PLAY_DEFINITIONS = ["", "SD", "HD", "4K", "8K"] as const;
export type PlayDefinitionKey = (typeof PLAY_DEFINITIONS)[number];

const enc = encodeURIComponent;

export function seriesPath(groupId: string, seriesId: string): string {
  return `/api/v1/terminal/series/${enc(groupId)}/${enc(seriesId)}`;
}

export function programPath(groupId: string, programId: string): string {
  return `/api/v1/terminal/programs/${enc(groupId)}/${enc(programId)}`;
}

export function playPath(groupId: string, programId: string, definition: PlayDefinitionKey = ""): string {
  return `/play/${enc(groupId)}/${enc(programId)}${definition ? `?definition=${definition}` : ""}`;
}

/** Every terminal API path and play path of the content (callers add a series' episodes, see catalog/terminal `withEpisodes`). */
export function terminalPaths(ref: ContentRef): string[] {
  return [
    ...ref.seriesIds.map((id) => seriesPath(ref.groupId, id)),
    ...ref.programIds.map((id) => programPath(ref.groupId, id)),
    ...ref.programIds.flatMap((id) => PLAY_DEFINITIONS.map((d) => playPath(ref.groupId, id, d))),
  ];
}

/**
 * Ids may hold any character but whitespace and commas; a tag must be printable ASCII without
 * spaces or commas. Letters, digits, `.` and `-` pass; every other byte becomes `_XX`; a long
 * result becomes `~` + SM3 prefix. Injective on what fits, collision-free in practice beyond.
 */
function tagPart(id: string): string {
  const escaped = Array.from(new TextEncoder().encode(id), (b) => {
    const ch = String.fromCharCode(b);
    return /[A-Za-z0-9.-]/.test(ch) ? ch : `_${b.toString(16).padStart(2, "0")}`;
  }).join("");
  return escaped.length <= 200 ? escaped : `~${sm3Hex(id).slice(0, 40)}`;
}

export function cpTag(groupId: string): string {
  return `gyt-cp-${tagPart(groupId)}`;
}
export function seriesTag(groupId: string, seriesId: string): string {
  return `gyt-series-${tagPart(groupId)}-${tagPart(seriesId)}`;
}
export function programTag(groupId: string, programId: string): string {
  return `gyt-program-${tagPart(groupId)}-${tagPart(programId)}`;
}

/** Cache-Tag values of the content: its CP, each series, each program. */
export function cacheTags(ref: ContentRef): string[] {
  return [cpTag(ref.groupId), ...ref.seriesIds.map((id) => seriesTag(ref.groupId, id)), ...ref.programIds.map((id) => programTag(ref.groupId, id))];
}

function cacheKey(origin: string, path: string): Request {
  return new Request(new URL(path, origin).toString(), { method: "GET" });
}

/** Deletes the content's entries from this location's Worker cache; resolves when all are gone. */
export async function evictTerminalCache(origin: string, ref: ContentRef): Promise<void> {
  const cache = caches.default;
  await Promise.all(terminalPaths(ref).map((path) => cache.delete(cacheKey(origin, path))));
}

/**
 * Answers from the cache, or builds the answer and stores it when it is cacheable (200/302
 * with a public Cache-Control). The put is awaited, so a takedown's eviction that starts after
 * this answer is sent also removes it.
 */
export async function serveCached(origin: string, path: string, build: () => Promise<Response>): Promise<Response> {
  const cache = caches.default;
  const key = cacheKey(origin, path);
  const hit = await cache.match(key);
  // A cached Response has immutable headers; middleware (secure headers) still adds its own.
  if (hit) return new Response(hit.body, hit);
  const res = await build();
  if ((res.status === 200 || res.status === 302) && /\bpublic\b/.test(res.headers.get("cache-control") ?? "")) {
    await cache.put(key, res.clone());
  }
  return res;
}
