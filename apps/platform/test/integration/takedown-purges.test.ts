/**
 * CDN control (Annex A.4, issue 11 item 4): every visibility change writes a purge in its own
 * batch — emergency offline and lift, CP 103/203, 102/202 delete, a changed playInfo, CP exit —
 * a stale or no-op message purges nothing; the adapters make the calls their CDN wants.
 */
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { requestStringToSign, sm3Hex, verifySignature } from "@gyt345/protocol/crypto";
import { createDb } from "../../src/catalog/db";
import type { PurgePayload } from "../../src/catalog/outbox";
import { platformPublicKey } from "../../src/offline/platform-key";
import { purgeTargetsOfPayload } from "../../src/offline/targets";
import { offlineMessage, PATHS, seriesMessage } from "../helpers/platform";
import { adminCall, consume, fakeRemote, outboxRows, program, pushContent, testEnv } from "../offline/harness";

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

type Targets = { urls: string[]; tags: string[]; prefixes: string[] };
// What the purge call covers: the row's targets widened as the consumer widens them when it sends.
const targetsOf = async (row: { payload: Record<string, unknown> }) => (await purgeTargetsOfPayload(createDb(env.DB), row.payload as unknown as PurgePayload)) as Targets;

describe("a purge for every visibility change", () => {
  it("emergency offline and lift purge the terminal URLs, play redirects, tags and CDN play URLs of the series and its episodes", async () => {
    const c = await pushContent();
    const t = testEnv();
    await adminCall(c.admin, t.env, "POST", "/emergency-offline", { groupId: c.groupId, seriesIds: [c.seriesId], reason: "r" });
    await adminCall(c.admin, t.env, "POST", "/emergency-offline/lift", { groupId: c.groupId, seriesIds: [c.seriesId], reason: "r" });
    const purges = await outboxRows(c.groupId, "purge");
    const fromTakedowns = purges.filter((p) => p.takedown_id !== null);
    expect(fromTakedowns).toHaveLength(2);
    for (const p of fromTakedowns) {
      const { urls, tags } = await targetsOf(p);
      expect(urls).toContain(`https://platform.test/api/v1/terminal/series/${c.groupId}/${c.seriesId}`);
      expect(urls).toContain(`https://platform.test/api/v1/terminal/programs/${c.groupId}/${c.episodes[0]}`);
      expect(urls).toContain(`https://platform.test/play/${c.groupId}/${c.episodes[1]}?definition=HD`);
      expect(urls).toContain(`https://cdn.example.com/${c.episodes[0]}/hd.m3u8?v=1`);
      expect(urls.some((u) => u.includes(c.standalone))).toBe(false);
      expect(tags).toContain(`gyt-series-${c.groupId}-${c.seriesId}`);
    }
  });

  it("CP 103 and 203 offline purge; a stale 203 purges nothing", async () => {
    const c = await pushContent();
    const before = (await outboxRows(c.groupId, "purge")).length;
    expect((await c.cp.post(PATHS.programOffline, offlineMessage(203, { programIds: [c.standalone] }))).status).toBe(200);
    let rows = await outboxRows(c.groupId, "purge");
    expect(rows).toHaveLength(before + 1);
    expect((await targetsOf(rows.at(-1)!)).urls).toContain(`https://platform.test/api/v1/terminal/programs/${c.groupId}/${c.standalone}`);
    // Older than what is stored: acknowledged, not applied, no purge.
    expect((await c.cp.post(PATHS.programOffline, offlineMessage(203, { programIds: [c.standalone] }, { msgTime: Date.now() - 3_600_000 }))).status).toBe(200);
    expect(await outboxRows(c.groupId, "purge")).toHaveLength(before + 1);

    expect((await c.cp.post(PATHS.seriesOffline, offlineMessage(103, { seriesIds: c.seriesId }))).status).toBe(200);
    rows = await outboxRows(c.groupId, "purge");
    expect(rows).toHaveLength(before + 2);
    const urls = (await targetsOf(rows.at(-1)!)).urls;
    expect(urls).toContain(`https://platform.test/api/v1/terminal/series/${c.groupId}/${c.seriesId}`);
    expect(urls).toContain(`https://platform.test/api/v1/terminal/programs/${c.groupId}/${c.episodes[0]}`);
  });

  it("102 and 202 delete purge", async () => {
    const c = await pushContent();
    const before = (await outboxRows(c.groupId, "purge")).length;
    expect((await c.cp.post(PATHS.programInject, program(c.standalone, undefined, undefined, 1, {}), {})).status).toBe(200);
    expect(await outboxRows(c.groupId, "purge")).toHaveLength(before); // same content again: no change, no purge
    const del202 = { ...program(c.standalone), msgType: 202 };
    expect((await c.cp.post(PATHS.programInject, del202)).status).toBe(200);
    expect(await outboxRows(c.groupId, "purge")).toHaveLength(before + 1);
    const del102 = { ...seriesMessage({ seriesId: c.seriesId, seriesPrograms: [] }), msgType: 102 };
    expect((await c.cp.post(PATHS.seriesInject, del102)).status).toBe(200);
    const rows = await outboxRows(c.groupId, "purge");
    expect(rows).toHaveLength(before + 2);
    expect((await targetsOf(rows.at(-1)!)).tags).toContain(`gyt-series-${c.groupId}-${c.seriesId}`);
  });

  it("a changed playInfo purges the program's URLs and both the old and the new play URL; an unchanged one does not", async () => {
    const c = await pushContent();
    const before = (await outboxRows(c.groupId, "purge")).length;
    expect((await c.cp.post(PATHS.programInject, program(c.standalone, undefined, undefined, 2))).status).toBe(200);
    const rows = await outboxRows(c.groupId, "purge");
    expect(rows).toHaveLength(before + 1);
    const { urls, tags } = await targetsOf(rows.at(-1)!);
    expect(urls).toEqual(
      expect.arrayContaining([
        `https://platform.test/api/v1/terminal/programs/${c.groupId}/${c.standalone}`,
        `https://platform.test/play/${c.groupId}/${c.standalone}?definition=HD`,
        `https://cdn.example.com/${c.standalone}/hd.m3u8?v=1`,
        `https://cdn.example.com/${c.standalone}/hd.m3u8?v=2`,
      ]),
    );
    expect(tags).toContain(`gyt-program-${c.groupId}-${c.standalone}`);
    expect((await c.cp.post(PATHS.programInject, program(c.standalone, undefined, undefined, 2))).status).toBe(200);
    expect(await outboxRows(c.groupId, "purge")).toHaveLength(before + 1);
  });

  it("CP exit purges everything of the CP by tag and prefix, and takes it off terminals", async () => {
    const c = await pushContent();
    expect((await c.admin.call("PATCH", `/cps/${c.groupId}`, { status: "exited" })).status).toBe(200);
    const rows = await outboxRows(c.groupId, "purge");
    const exit = await targetsOf(rows.at(-1)!);
    expect(exit.tags).toEqual([`gyt-cp-${c.groupId}`]);
    expect(exit.prefixes).toEqual([
      `https://platform.test/api/v1/terminal/series/${c.groupId}/`,
      `https://platform.test/api/v1/terminal/programs/${c.groupId}/`,
      `https://platform.test/play/${c.groupId}/`,
    ]);
    expect(exit.urls).toContain(`https://cdn.example.com/${c.standalone}/hd.m3u8?v=1`);
    expect(await outboxRows(c.groupId, "notice")).toHaveLength(0);
  });
});

describe("CDN adapters", () => {
  it("webhook: one signed POST per kind of target, verifiable with the platform public key; a 5xx is retried", async () => {
    const c = await pushContent();
    const t = testEnv({ CDN_ADAPTER: "webhook", CDN_WEBHOOK_URL: "https://cdn-control.example.net/purge" });
    await adminCall(c.admin, t.env, "POST", "/emergency-offline", { groupId: c.groupId, programIds: [c.standalone], reason: "r" });
    const purge = t.notices.bodies.find((b) => (b as { kind: string }).kind === "purge")!;
    const cdn = fakeRemote((_, n) => (n === 1 ? { status: 503, json: {} } : { json: {} }), (req) => req.url.hostname === "cdn-control.example.net");
    restore = cdn.restore;
    const first = await consume(t.env, [purge], 1);
    expect(first.delays).toEqual([10]);
    await consume(t.env, [purge], 2);
    const ok = cdn.calls.slice(1);
    expect(ok.map((call) => (JSON.parse(call.body) as { op: string }).op)).toEqual(["purge-urls", "purge-tags"]);
    const pub = platformPublicKey(env.PLATFORM_SM2_PRIVATE_KEY);
    for (const call of ok) {
      const q = call.url.searchParams;
      expect(q.get("groupId")).toBe("platform");
      const signed = requestStringToSign({ path: call.url.pathname, groupId: "platform", nonce: q.get("nonce")!, ts: q.get("ts")!, bodySm3: sm3Hex(call.body) });
      expect(verifySignature({ mode: "sm2", publicKey: pub }, signed, q.get("sign")!)).toBe(true);
    }
    const row = (await outboxRows(c.groupId, "purge")).find((p) => p.takedown_id !== null)!;
    expect(row.status).toBe("delivered");
    const attempts = await env.DB.prepare("SELECT http_status FROM outbox_attempts WHERE outbox_id = ? ORDER BY id").bind(row.id).all<{ http_status: number }>();
    expect(attempts.results.map((a) => a.http_status)).toEqual([503, 200]);
  });

  it("cloudflare: files, tags and prefixes in separate calls of at most CDN_PURGE_BATCH items, with the API token", async () => {
    const c = await pushContent();
    const t = testEnv({ CDN_ADAPTER: "cloudflare", CF_ZONE_ID: "023e105f4ecef8ad9ca31a8372d0c353", CF_API_TOKEN: "test-token-0123456789abcdefghij", CDN_PURGE_BATCH: "5" });
    await adminCall(c.admin, t.env, "POST", "/emergency-offline", { groupId: c.groupId, seriesIds: [c.seriesId], reason: "r" });
    const purge = t.notices.bodies.find((b) => (b as { kind: string }).kind === "purge")!;
    const cf = fakeRemote(() => ({ json: { success: true, errors: [], result: { id: "x" } } }), (req) => req.url.hostname === "api.cloudflare.com");
    restore = cf.restore;
    await consume(t.env, [purge], 1);
    expect(cf.calls.length).toBeGreaterThan(2);
    for (const call of cf.calls) {
      expect(call.url.toString()).toBe("https://api.cloudflare.com/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache");
      const body = JSON.parse(call.body) as Record<string, string[]>;
      expect(Object.keys(body)).toHaveLength(1);
      expect(Object.values(body)[0]!.length).toBeLessThanOrEqual(5);
    }
    const files = cf.calls.flatMap((call) => (JSON.parse(call.body) as { files?: string[] }).files ?? []);
    const row = (await outboxRows(c.groupId, "purge")).find((p) => p.takedown_id !== null)!;
    expect(files).toEqual((await targetsOf(row)).urls);
    expect(row.status).toBe("delivered");
  });
});
