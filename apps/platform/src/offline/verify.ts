/**
 * Takedown verification (issue 11 item 6): "is it really gone?". After a takedown a queue job
 * probes, with backoff and a bounded number of URLs and checks:
 *  - the terminal API URLs and play redirects through the public routes (in-process, so the
 *    answer includes this location's Worker cache), gone = 404/410;
 *  - the CDN play URLs themselves (HEAD, no redirects), gone = 403/404/410.
 * Each URL's row in `takedown_checks` records its checks, last status and when it first
 * answered gone; the takedown's verification status becomes "gone" when all did, or
 * "still-served" once a URL still answers after VERIFY_FLAG_AFTER_SECONDS (checking goes on a
 * while longer and can still turn it to "gone").
 */
import { and, eq, sql } from "drizzle-orm";
import { loadConfig } from "../config";
import { createDb, runBatch, type Db } from "../catalog/db";
import { playUrlsOf } from "../catalog/terminal";
import { takedownChecks, takedowns } from "../catalog/schema";
import type { AppBindings } from "../env";
import { playPath, programPath, seriesPath, type ContentRef } from "../terminal/cache";
import { signPlayUrl } from "../terminal/play-token";
import { terminalRoutes } from "../terminal/routes";

/** What the takedown plans (no storage needed): the outbox payload of its verify job. */
export interface VerificationPlan {
  groupId: string;
  origin: string;
  /** Terminal API and play redirect URLs on the platform's origin. */
  urls: string[];
  /** Programs whose CDN play URLs are probed too (looked up at the first run). */
  programIds: string[];
  plannedAt: number;
}

export interface VerifyJob extends VerificationPlan {
  takedownId: string;
}

export interface Verification {
  status: "pending" | "gone" | "still-served";
  urls: { url: string; goneAt: number | null; lastStatus: number | null; checks: number }[];
}

/** Delay before the next round after `round` rounds: quick at first, then backing off. */
export const VERIFY_BACKOFF_SECONDS = [2, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 3600, 3600];

/** `ref` already holds a series' episodes (the caller expands it): every URL that must go. */
export function planVerification(ref: ContentRef, origin: string, now = Date.now()): VerificationPlan {
  const paths = [
    ...ref.seriesIds.map((id) => seriesPath(ref.groupId, id)),
    ...ref.programIds.flatMap((id) => [programPath(ref.groupId, id), playPath(ref.groupId, id)]),
  ];
  return { groupId: ref.groupId, origin, urls: paths.map((p) => new URL(p, origin).toString()), programIds: [...ref.programIds], plannedAt: now };
}

export interface VerifyPorts {
  /** Probes a URL off the platform (the CDN); tests stand in for it. */
  fetch: typeof fetch;
  now: () => number;
}

function isGone(onPlatform: boolean, status: number | null): boolean {
  if (status === null) return false;
  return onPlatform ? status === 404 || status === 410 : status === 403 || status === 404 || status === 410;
}

/** Runs one round; answers when to come back (none: verification is settled). */
export async function handleVerifyJob(
  job: VerifyJob,
  env: AppBindings,
  ctx: ExecutionContext,
  ports: VerifyPorts = { fetch: (i, init) => globalThis.fetch(i, init), now: Date.now },
): Promise<{ retryAfterSeconds?: number }> {
  const db = createDb(env.DB);
  const config = loadConfig(env);
  let rows = await db.select().from(takedownChecks).where(eq(takedownChecks.takedownId, job.takedownId));
  if (rows.length === 0) {
    const cdnUrls = (await playUrlsOf(db, job.groupId, job.programIds)).filter((u) => /^https?:/i.test(u));
    const urls = [...new Set([...job.urls, ...cdnUrls])].slice(0, config.verifyMaxUrls);
    await runBatch(db, urls.map((url) => db.insert(takedownChecks).values({ takedownId: job.takedownId, url, checks: 0 }).onConflictDoNothing()));
    rows = await db.select().from(takedownChecks).where(eq(takedownChecks.takedownId, job.takedownId));
  }
  const origin = new URL(job.origin).origin;
  const routes = terminalRoutes();
  const now = ports.now();
  const probed = await Promise.all(
    rows
      .filter((r) => r.goneAt === null)
      .map(async (r) => {
        const onPlatform = new URL(r.url).origin === origin;
        let status: number | null = null;
        try {
          const res = onPlatform
            ? await routes.fetch(new Request(r.url, { redirect: "manual" }), env, ctx)
            : // With play auth on, an unsigned CDN URL is always refused: probe as a terminal would, signed.
              await ports.fetch(signPlayUrl(r.url, config.playAuth, now), { method: "HEAD", redirect: "manual", signal: AbortSignal.timeout(10_000) });
          status = res.status;
          await res.body?.cancel();
        } catch {
          status = null; // unreachable: not proof that it is gone
        }
        return { url: r.url, status, gone: isGone(onPlatform, status) };
      }),
  );
  await runBatch(
    db,
    probed.map((p) =>
      db
        .update(takedownChecks)
        .set({ checks: sql`${takedownChecks.checks} + 1`, lastStatus: p.status, lastCheckedAt: now, ...(p.gone ? { goneAt: now } : {}) })
        .where(and(eq(takedownChecks.takedownId, job.takedownId), eq(takedownChecks.url, p.url))),
    ),
  );
  const stillServed = probed.filter((p) => !p.gone).length;
  const round = Math.max(0, ...rows.map((r) => r.checks)) + 1;
  let status: Verification["status"] = "pending";
  if (stillServed === 0) status = "gone";
  else if (now - job.plannedAt >= config.verifyFlagAfterMs || round >= VERIFY_BACKOFF_SECONDS.length) status = "still-served";
  await db.update(takedowns).set({ verificationStatus: status }).where(eq(takedowns.id, job.takedownId));
  if (status === "gone" || round >= VERIFY_BACKOFF_SECONDS.length) return {};
  return { retryAfterSeconds: VERIFY_BACKOFF_SECONDS[round - 1]! };
}

/** The `verification` object of GET /admin/api/takedowns/:id (CONTRACT). */
export async function verificationOf(db: Db, takedownId: string): Promise<Verification> {
  const [t] = await db.select({ status: takedowns.verificationStatus }).from(takedowns).where(eq(takedowns.id, takedownId)).limit(1);
  const checks = await db.select().from(takedownChecks).where(eq(takedownChecks.takedownId, takedownId)).orderBy(takedownChecks.url);
  return {
    status: (t?.status ?? "pending") as Verification["status"],
    urls: checks.map((c) => ({ url: c.url, goneAt: c.goneAt, lastStatus: c.lastStatus, checks: c.checks })),
  };
}
