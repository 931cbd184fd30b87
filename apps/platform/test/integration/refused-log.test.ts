/**
 * The refused-request log writes in a CP's name only once that CP is authenticated (`sign`
 * verified). Before that, a request's groupId is only a claim: such refusals are counted per
 * source (cf-connecting-ip), minute, path and result code, with one unverified sample row in
 * message_log per key.
 *
 * BOUND: anonymous traffic writes at most ONE refused_anonymous row and ONE message_log row
 * (verified = 0) per (source, minute, path, result code), whatever its request count.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callWorker } from "../helpers/direct";
import { loginAdmin, onboardCp, PATHS, seriesMessage, uniqueNonce, type TestCp } from "../helpers/platform";

let cp: TestCp;
beforeAll(async () => {
  cp = await onboardCp(await loginAdmin(), "mac");
});

/** A request from `source` (the header Cloudflare sets and a client cannot). */
function from(source: string, request: Request): Request {
  const r = new Request(request);
  r.headers.set("cf-connecting-ip", source);
  return r;
}

async function rowsOf(groupId: string) {
  return (await env.DB.prepare("SELECT result_code, verified, nonce, http_status FROM message_log WHERE group_id = ? ORDER BY id").bind(groupId).all<Record<string, unknown>>()).results;
}

describe("anonymous refusals are bounded", () => {
  it("1,000 unauthenticated requests naming a CP's groupId leave at most one log row per source, minute, path and code", async () => {
    const source = `203.0.113.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`;
    const started = Date.now();
    const forged = cp.request(PATHS.seriesInject, seriesMessage(), { query: (q) => q.set("sign", "00".repeat(32)) });
    const staleTs = cp.request(PATHS.seriesInject, seriesMessage(), { ts: String(Date.now() - 3_600_000) });
    for (let batch = 0; batch < 20; batch++) {
      // 50 at a time, interleaving: the counter must not lose or duplicate under concurrency.
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => callWorker(from(source, (i % 2 ? forged : staleTs)()))));
      expect(answers.map((r) => r.status).sort()).toEqual([...Array(25).fill(400), ...Array(25).fill(403)]);
    }
    const minutes = Math.floor(Date.now() / 60_000) - Math.floor(started / 60_000) + 1; // 1, or 2 across a minute boundary
    const rows = await rowsOf(cp.groupId);
    // Two result codes (InvalidParameter ts, Forbidden), one path.
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.length).toBeLessThanOrEqual(2 * minutes);
    expect(rows.every((r) => r.verified === 0)).toBe(true);
    const counted = await env.DB.prepare("SELECT result_code, sum(count) AS n, count(*) AS keys FROM refused_anonymous WHERE source = ? GROUP BY result_code ORDER BY result_code")
      .bind(source)
      .all<{ result_code: string; n: number; keys: number }>();
    expect(counted.results.map((r) => [r.result_code, r.n])).toEqual([
      ["Forbidden", 500],
      ["InvalidParameter", 500],
    ]);
    expect(counted.results.every((r) => r.keys <= minutes)).toBe(true);
  }, 120_000);

  it("another source is counted apart, and its sample row says which groupId was claimed (unverified)", async () => {
    const other = await onboardCp(await loginAdmin(), "mac");
    const res = await callWorker(from(`198.51.100.9-${crypto.randomUUID()}`, other.request(PATHS.programInject, {}, { query: (q) => q.set("sign", "11".repeat(32)) })()));
    expect(res.status).toBe(403);
    expect(await rowsOf(other.groupId)).toEqual([{ result_code: "Forbidden", verified: 0, nonce: expect.any(String), http_status: 403 }]);
  });
});

describe("refusals after `sign` verified are the CP's own: one row each, in its name", () => {
  it("nonce reuse, a bad msgSign and an invalid field are each logged as verified", async () => {
    const nonce = uniqueNonce();
    const source = `192.0.2.44-${crypto.randomUUID()}`;
    expect((await callWorker(from(source, cp.request(PATHS.seriesInject, seriesMessage(), { nonce })()))).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await callWorker(from(source, cp.request(PATHS.seriesInject, seriesMessage(), { nonce })()))).status).toBe(400);
    expect((await callWorker(from(source, cp.request(PATHS.seriesInject, { ...seriesMessage(), msgSign: "00".repeat(32) }, { unsignedBody: true })()))).status).toBe(403);
    expect((await callWorker(from(source, cp.request(PATHS.seriesInject, seriesMessage({ definition: "FHD" }))()))).status).toBe(400);
    const rows = (await rowsOf(cp.groupId)).filter((r) => r.verified === 1);
    expect(rows.map((r) => r.result_code)).toEqual(["ok", "InvalidParameter", "InvalidParameter", "InvalidParameter", "Forbidden", "InvalidParameter"]);
    expect(rows.slice(1, 4).every((r) => r.nonce === nonce)).toBe(true);
  });
});
