/**
 * The OpenSSL-made whole-request vectors are accepted by the platform exactly as sent,
 * with the clock set to their ts.
 */
import { env, SELF } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { encryptMacSecret } from "../../src/catalog/cp-credentials";
import { forgetCp } from "../../src/ingest/cp-cache";
import vectors from "@gyt345/protocol/fixtures/gm-vectors.json";
import { ORIGIN } from "../helpers/platform";

const TS = 1_700_000_000_000;

/** The vectors' CP, "cp-demo", registered in the mode a vector was signed in. */
async function registerCpDemo(mode: "sm2" | "mac"): Promise<void> {
  const macSecretEnc = mode === "mac" ? await encryptMacSecret(env.CP_SECRET_KEY, "cp-demo", vectors.keys.macKey) : null;
  await env.DB.prepare(
    `INSERT INTO cps (group_id, name, status, mode, public_key, mac_secret_enc, series_offline_url, program_offline_url, notice_id_format, created_at, updated_at)
     VALUES ('cp-demo', 'Demo', 'active', ?1, ?2, ?3, 'https://cp.example.com/s', 'https://cp.example.com/p', 'string', 0, 0)
     ON CONFLICT (group_id) DO UPDATE SET mode = ?1, public_key = ?2, mac_secret_enc = ?3`,
  )
    .bind(mode, mode === "sm2" ? vectors.keys.cp.publicKey : null, macSecretEnc)
    .run();
  // Changed in D1 directly, not through the admin API: drop the isolate's cached row (src/ingest/cp-cache.ts).
  forgetCp("cp-demo");
}

beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TS + 5_000);
});
afterAll(() => {
  vi.useRealTimers();
});

describe("OpenSSL whole-request vectors", () => {
  for (const [i, vector] of vectors.requests.entries()) {
    it(`request ${i + 1} (${vector.mode}, ${vector.signatureEncoding}, ${vector.path}) is accepted`, async () => {
      await registerCpDemo(vector.mode as "sm2" | "mac");
      const res = await SELF.fetch(`${ORIGIN}${vector.path}?${vector.query}`, { method: "POST", headers: { "content-type": "application/json" }, body: vector.body });
      expect(await res.json()).toMatchObject({ code: "ok" });
      expect(res.status).toBe(200);
    });
  }

  it("the same vector is refused once the clock has moved past the window", async () => {
    vi.setSystemTime(TS + 301_000);
    const v = vectors.requests[0]!;
    await registerCpDemo("sm2");
    const res = await SELF.fetch(`${ORIGIN}${v.path}?${v.query.replace("nonce-000000000001", "nonce-000000000009")}`, { method: "POST", headers: { "content-type": "application/json" }, body: v.body });
    expect(await res.json()).toEqual({ code: "InvalidParameter", msg: 'The specified parameter "ts" is not valid.' });
  });
});
