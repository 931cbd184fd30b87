/**
 * Issue 13: an accepted message costs one D1 round trip once the CP is cached, and the CP cache
 * has a bounded staleness. The Worker is called directly with an env whose DB counts calls.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { loadConfig } from "../../src/config";
import { signBody, signRequest } from "@gyt345/protocol/crypto";
import { createDb } from "../../src/catalog/db";
import { authenticate, type IngestPorts } from "../../src/ingest/authenticate";
import { countingD1 } from "@gyt345/testkit/counting-d1";
import { ORIGIN, loginAdmin, offlineMessage, onboardCp, PATHS, seriesMessage, uniqueNonce, type AdminClient, type TestCp } from "../helpers/platform";

/**
 * Sends through the Worker; `answeredAfter` is the DB calls made before the answer (the CP's
 * latency), the rest run after it (waitUntil: a purge's outbox row marked sent).
 */
async function send(
  cp: TestCp,
  path: string,
  body: Record<string, unknown>,
  DB: D1Database,
  calls: string[] = [],
): Promise<{ status: number; json: { code: string; msg: string }; answeredAfter: string[] }> {
  const text = JSON.stringify(signBody(cp.credential, body));
  const { query } = signRequest(cp.credential, { path, groupId: cp.groupId, nonce: uniqueNonce(), ts: String(Date.now()), body: text });
  const ctx = createExecutionContext();
  const req = new Request(`${ORIGIN}${path}?${query}`, { method: "POST", headers: { "content-type": "application/json" }, body: text });
  const res = await worker.fetch(req, { ...env, DB }, ctx);
  const answeredAfter = [...calls];
  await waitOnExecutionContext(ctx);
  return { status: res.status, json: (await res.json()) as { code: string; msg: string }, answeredAfter };
}

let admin: AdminClient;
beforeAll(async () => {
  admin = await loginAdmin();
});

describe("D1 round trips per accepted message", () => {
  for (const mode of ["sm2", "mac"] as const) {
    it(`${mode}: the first message reads the CP once; every later one is exactly one batch`, async () => {
      const cp = await onboardCp(admin, mode);
      const first = countingD1(env.DB);
      expect((await send(cp, PATHS.seriesInject, seriesMessage({ seriesId: "S-RT1" }), first.db)).status).toBe(200);
      expect(first.calls).toEqual(["raw", "batch"]); // the CP row (cache miss), then the write batch

      for (const [i, path, body] of [
        [2, PATHS.seriesInject, seriesMessage({ seriesId: "S-RT2" })],
        [3, PATHS.programInject, { ...seriesMessage(), msgType: 200, msgData: { programId: "P-RT3", title: "t", category: "电视剧", definition: "HD", status: "online", playInfos: [{ videoId: "v", definition: "HD", playUrl: "https://cdn.example.com/p.m3u8" }] } }],
      ] as const) {
        const counted = countingD1(env.DB);
        const res = await send(cp, path, body as Record<string, unknown>, counted.db);
        expect(res, `message ${i}`).toMatchObject({ status: 200, json: { code: "ok", msg: "success" } });
        expect(counted.calls).toEqual(["batch"]);
      }
    });
  }

  it("103 names unknown and stale ids as before, in the same single batch", async () => {
    const cp = await onboardCp(admin, "mac");
    const warm = countingD1(env.DB);
    await send(cp, PATHS.seriesInject, seriesMessage({ seriesId: "S-K1", seriesPrograms: [] }), warm.db);
    await send(cp, PATHS.seriesInject, seriesMessage({ seriesId: "S-NEW", seriesPrograms: [] }, { msgTime: Date.now() + 60_000 }), warm.db);
    const counted = countingD1(env.DB);
    const res = await send(cp, PATHS.seriesOffline, offlineMessage(103, { seriesIds: ["S-K1", "S-NOPE", "S-NEW"] }), counted.db, counted.calls);
    expect(res).toMatchObject({ status: 200, json: { code: "ok", msg: "success; unknown seriesIds: S-NOPE; not applied (newer msgTime stored): S-NEW" } });
    expect(res.answeredAfter).toEqual(["batch"]);
    // S-K1 went offline: its CDN purge row (written in the batch) is marked sent after the answer.
    expect(counted.calls).toEqual(["batch", "run"]);
    const log = await env.DB.prepare("SELECT result_msg FROM message_log WHERE group_id = ? AND msg_type = 103").bind(cp.groupId).first<{ result_msg: string }>();
    expect(log?.result_msg).toBe("success; unknown seriesIds: S-NOPE");
  });
});

describe("the CP cache's staleness is bounded by config.cpCacheTtlMs", () => {
  it("a CP suspended by another isolate is still served from the cache inside the bound and refused once it has passed", async () => {
    const cp = await onboardCp(admin, "sm2");
    const config = loadConfig(env);
    const t0 = Date.now();
    let clock = t0;
    const counted = countingD1(env.DB);
    const ports: IngestPorts = { db: createDb(counted.db), kv: env.NONCE_KV, config, cpSecretKey: env.CP_SECRET_KEY, now: () => clock };
    const request = () => {
      const body = JSON.stringify(signBody(cp.credential, seriesMessage()));
      const { query } = signRequest(cp.credential, { path: PATHS.seriesInject, groupId: cp.groupId, nonce: uniqueNonce(), ts: String(clock), body });
      return new Request(`${ORIGIN}${PATHS.seriesInject}?${query}`, { method: "POST", body });
    };
    await authenticate(request(), ports); // loads the CP into the cache
    // Another isolate (or the console on another machine) suspends the CP: only D1 changes.
    await env.DB.prepare("UPDATE cps SET status = 'suspended' WHERE group_id = ?").bind(cp.groupId).run();

    clock = t0 + config.cpCacheTtlMs - 1;
    counted.calls.length = 0;
    await expect(authenticate(request(), ports)).resolves.toMatchObject({ cp: { status: "active" } });
    expect(counted.calls).toEqual([]); // served from the cache

    clock = t0 + config.cpCacheTtlMs;
    await expect(authenticate(request(), ports)).rejects.toMatchObject({ code: "Forbidden" });
  });

  it("a change through this isolate's admin API takes effect at once", async () => {
    const cp = await onboardCp(admin, "mac");
    expect((await send(cp, PATHS.seriesInject, seriesMessage(), env.DB)).status).toBe(200);
    expect((await admin.call("PATCH", `/cps/${cp.groupId}`, { status: "exited" })).status).toBe(200);
    expect(await send(cp, PATHS.seriesInject, seriesMessage(), env.DB)).toMatchObject({ status: 403, json: { code: "Forbidden" } });
  });
});
