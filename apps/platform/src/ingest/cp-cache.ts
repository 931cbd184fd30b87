/**
 * The CP row and its decrypted credential, cached per isolate so that an accepted message
 * costs one D1 round trip (the write batch). Staleness is bounded by `config.cpCacheTtlMs`:
 * a CP suspended or exited from another isolate is refused here at the latest that long after
 * the change; a change made through this isolate's admin API is seen at once (`forgetCp`).
 */
import type { Credential } from "@gyt345/protocol/crypto";
import { cpCredential } from "../catalog/cp-credentials";
import { findCp } from "../catalog/cps";
import type { CpRow } from "../catalog/schema";
import type { IngestPorts } from "./authenticate";

export interface KnownCp {
  cp: CpRow;
  credential: Credential;
}

interface Entry extends KnownCp {
  loadedAt: number;
}

/** Bounded: an LRU of this many CPs (a Map's insertion order, a hit moves to the back). */
export const CP_CACHE_MAX = 1000;
const cache = new Map<string, Entry>();

/** The CP named by groupId, from the cache when fresh enough; null when D1 has no such CP. */
export async function knownCp(ports: IngestPorts, groupId: string): Promise<KnownCp | null> {
  const now = ports.now();
  const hit = cache.get(groupId);
  if (hit && now - hit.loadedAt < ports.config.cpCacheTtlMs && now >= hit.loadedAt) {
    cache.delete(groupId);
    cache.set(groupId, hit);
    return hit;
  }
  const cp = await findCp(ports.db, groupId);
  if (!cp) {
    cache.delete(groupId);
    return null; // unknown CPs are not cached: nothing to keep fresh, and no memory for anonymous names
  }
  const entry: Entry = { cp, credential: await cpCredential(cp, ports.cpSecretKey), loadedAt: now };
  cache.delete(groupId);
  if (cache.size >= CP_CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(groupId, entry);
  return entry;
}

/** Drops a CP from this isolate's cache (after an admin change). */
export function forgetCp(groupId: string): void {
  cache.delete(groupId);
}
