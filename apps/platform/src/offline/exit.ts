/**
 * CP exit (退出): everything of the CP leaves terminals at once (the terminal visibility rule
 * requires an active CP) and the CDN is purged by the CP's tag and URL prefixes. No 301/302:
 * the CP is leaving, not being told to take content down.
 */
import type { Db, Statement } from "../catalog/db";
import { insertOutbox } from "../catalog/outbox";
import { playUrlsOf } from "../catalog/terminal";
import { allContentIds } from "../catalog/takedowns";
import { evictTerminalCache } from "../terminal/cache";
import { dispatchOutbox } from "./outbox";
import { cpPurgeTargets } from "./targets";
import { purgeRow } from "./takedown";

export interface ExitPorts {
  db: Db;
  queue: Queue;
  origin: string;
  cdnAdapter: string;
  now: number;
}

/** At most this many ids are evicted from this location's cache before the answer (the zone purge and the short TTL cover the rest). */
const MAX_EVICT = 500;

/** The statements to put in the exit's batch, and what to do once it committed. */
export async function cpExitChanges(ports: ExitPorts, groupId: string): Promise<{ statements: Statement[]; afterCommit: () => Promise<void> }> {
  const ids = await allContentIds(ports.db, groupId);
  const row = purgeRow(ports.cdnAdapter, groupId, cpPurgeTargets(ports.origin, groupId, await playUrlsOf(ports.db, groupId, ids.programIds)), ports.now);
  return {
    statements: [insertOutbox(ports.db, row)],
    afterCommit: async () => {
      await evictTerminalCache(ports.origin, { groupId, seriesIds: ids.seriesIds.slice(0, MAX_EVICT), programIds: ids.programIds.slice(0, MAX_EVICT) });
      await dispatchOutbox(ports.db, ports.queue, [{ id: row.id, kind: "purge" }], ports.now);
    },
  };
}
