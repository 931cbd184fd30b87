/**
 * Anti-hotlinking (A.5, issue 11 item 7): the play redirect hands out a URL signed the way
 * Alibaba Cloud CDN type A checks it (and an SM3 variant). A fake CDN origin, written here from
 * the CDN's documentation with independent MD5/SM3 code, lets a fresh URL through and refuses an
 * expired, forged or re-targeted one.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { createHash } from "node:crypto";
import { sm3 } from "sm-crypto-v2";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { signPlayUrl } from "../../src/terminal/play-token";
import { ORIGIN } from "../helpers/platform";
import { pushTerminalContent } from "./content";

const KEY = "CdnPrivateKey0123456789";
const TTL = 1800;

/** What the CDN does with `?auth_key=timestamp-rand-uid-hash` (type A): 200 or 403. */
function fakeCdn(url: string, scheme: "aliyun-a" | "sm3-a", nowSeconds: number, key = KEY): number {
  const u = new URL(url);
  const authKey = u.searchParams.get("auth_key");
  if (!authKey) return 403;
  const parts = authKey.split("-");
  if (parts.length !== 4) return 403;
  const [timestamp, rand, uid, hash] = parts as [string, string, string, string];
  if (!/^\d{10}$/.test(timestamp) || Number(timestamp) + TTL < nowSeconds) return 403;
  const sstring = `${u.pathname}-${timestamp}-${rand}-${uid}-${key}`;
  const expected = scheme === "aliyun-a" ? createHash("md5").update(sstring, "utf8").digest("hex") : sm3(sstring);
  return expected === hash ? 200 : 403;
}

async function call(path: string, vars: Record<string, string>): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, { redirect: "manual" }), { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("signed play URLs", () => {
  for (const scheme of ["aliyun-a", "sm3-a"] as const) {
    it(`${scheme}: a fresh redirect passes the CDN; expired, forged, re-targeted or wrong-key URLs are refused`, async () => {
      const t = await pushTerminalContent();
      const vars = { PLAY_AUTH: scheme, PLAY_AUTH_KEY: KEY, PLAY_AUTH_TTL: String(TTL) };
      const res = await call(`/play/${t.groupId}/${t.standalone}?definition=HD`, vars);
      expect(res.status).toBe(302);
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      const location = res.headers.get("location")!;
      expect(location).toMatch(new RegExp(`^https://cdn\\.example\\.com/${t.standalone}/hd\\.m3u8\\?v=1&auth_key=\\d{10}-[0-9a-f]{32}-0-[0-9a-f]{${scheme === "aliyun-a" ? 32 : 64}}$`));
      const now = Math.floor(Date.now() / 1000);
      expect(fakeCdn(location, scheme, now)).toBe(200);
      // A copied URL stops working after the TTL.
      expect(fakeCdn(location, scheme, now + TTL + 5)).toBe(403);
      // Forged: one hash character changed; another file with the same token; another key.
      const forged = location.replace(/.$/, (c) => (c === "0" ? "1" : "0"));
      expect(fakeCdn(forged, scheme, now)).toBe(403);
      expect(fakeCdn(location.replace("/hd.m3u8", "/sd.m3u8"), scheme, now)).toBe(403);
      expect(fakeCdn(location, scheme, now, "AnotherKey0123456789")).toBe(403);
      // Stale from the start: signed one TTL ago.
      const stale = signPlayUrl(`https://cdn.example.com/${t.standalone}/hd.m3u8`, { scheme, key: KEY, ttlSeconds: TTL }, Date.now() - (TTL + 10) * 1000);
      expect(fakeCdn(stale, scheme, now)).toBe(403);
      // Each redirect gets its own token.
      const again = (await call(`/play/${t.groupId}/${t.standalone}?definition=HD`, vars)).headers.get("location");
      expect(again).not.toBe(location);
    });
  }

  it("without play auth the redirect is the CP's play URL, which the CDN refuses", async () => {
    const t = await pushTerminalContent();
    const res = await call(`/play/${t.groupId}/${t.standalone}`, {});
    expect(res.headers.get("location")).toBe(`https://cdn.example.com/${t.standalone}/hd.m3u8?v=1`);
    expect(fakeCdn(res.headers.get("location")!, "aliyun-a", Math.floor(Date.now() / 1000))).toBe(403);
  });

  it("with play auth on and no PLAY_AUTH_KEY the redirect answers 503 and /healthz names it", async () => {
    const t = await pushTerminalContent();
    const vars = { PLAY_AUTH: "aliyun-a", PLAY_AUTH_KEY: "" };
    const res = await call(`/play/${t.groupId}/${t.standalone}`, vars);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ code: "ServiceUnAvailable", msg: "The request has failed due to a temporary failure of the server." });
    const health = await call("/healthz", vars);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false, missing: ["PLAY_AUTH_KEY"], malformed: [] });
  });
});
