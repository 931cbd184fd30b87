/**
 * What a visibility change purges (Annex A.4 缓存清除): the terminal API URLs and play
 * redirects of the content (a series with its episodes), their Cache-Tags, and the CDN play
 * URLs of its playInfos. A CP exit adds URL prefixes covering everything of that CP.
 */
import type { Db } from "../catalog/db";
import { affectedContent, playUrlsOf } from "../catalog/terminal";
import type { PurgePayload, PurgeTargets } from "../catalog/outbox";
import { cacheTags, cpTag, terminalPaths, type ContentRef } from "../terminal/cache";

export function isEmptyRef(ref: ContentRef): boolean {
  return ref.seriesIds.length === 0 && ref.programIds.length === 0;
}

/** The ref widened to every episode of its series (a series takedown takes its episodes along). */
export function expandRef(db: Db, ref: ContentRef): Promise<ContentRef> {
  return affectedContent(db, ref);
}

/** Purge targets of an (already expanded) ref; `playUrls` are the programs' CDN play URLs. */
export function purgeTargets(origin: string, ref: ContentRef, playUrls: readonly string[]): PurgeTargets {
  return {
    urls: [...new Set([...terminalPaths(ref).map((p) => new URL(p, origin).toString()), ...playUrls])],
    tags: cacheTags(ref),
    prefixes: [],
  };
}

export async function purgeTargetsOf(db: Db, origin: string, ref: ContentRef): Promise<{ ref: ContentRef; targets: PurgeTargets }> {
  const expanded = await expandRef(db, ref);
  return { ref: expanded, targets: purgeTargets(origin, expanded, await playUrlsOf(db, ref.groupId, expanded.programIds)) };
}

/** Everything of one CP (exit): its tag and the terminal/play URL prefixes under its groupId. */
export function cpPurgeTargets(origin: string, groupId: string, playUrls: readonly string[]): PurgeTargets {
  const g = encodeURIComponent(groupId);
  return {
    urls: [...new Set(playUrls)],
    tags: [cpTag(groupId)],
    prefixes: [`${origin}/api/v1/terminal/series/${g}/`, `${origin}/api/v1/terminal/programs/${g}/`, `${origin}/play/${g}/`],
  };
}

/**
 * What a purge row's call covers: its targets, widened — for the purges an ingest batch writes
 * without a read — to the episodes and play URLs of its content, read when the purge is sent.
 */
export async function purgeTargetsOfPayload(db: Db, payload: PurgePayload): Promise<PurgeTargets> {
  if (!payload.expand) return payload.targets;
  const { origin, ...ref } = payload.expand;
  const { targets: more } = await purgeTargetsOf(db, origin, ref);
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
  return { urls: union(payload.targets.urls, more.urls), tags: union(payload.targets.tags, more.tags), prefixes: union(payload.targets.prefixes, more.prefixes) };
}
