/**
 * Configuration errors say what is missing (issue 11 item 10): a missing or malformed secret is
 * named (never its value) in the log and in GET /healthz, and the routes that need it answer
 * 503 in their own wire format instead of a bare 500.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { loginAdmin, ORIGIN, PATHS, uniqueGroupId } from "../helpers/platform";

async function call(vars: Record<string, string | undefined>, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, init), { ...env, ...vars } as typeof env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const SERVICE_UNAVAILABLE = { code: "ServiceUnAvailable", msg: "The request has failed due to a temporary failure of the server." };

afterEach(() => vi.restoreAllMocks());

describe("configuration errors", () => {
  it("/healthz is ok with every secret in place", async () => {
    const res = await call({}, "/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("names missing and malformed secrets in /healthz and the log, never their values", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const zeroKey = "0".repeat(64); // 64 hex but not a valid SM2 private scalar
    const vars = { CP_SECRET_KEY: undefined, PLATFORM_SM2_PRIVATE_KEY: zeroKey, CDN_ADAPTER: "cloudflare", CF_API_TOKEN: "secret token value!", CF_ZONE_ID: undefined };
    const res = await call(vars, "/healthz");
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ ok: false, missing: ["CP_SECRET_KEY", "CF_ZONE_ID"], malformed: ["PLATFORM_SM2_PRIVATE_KEY", "CF_API_TOKEN"] });
    expect(text).not.toContain(zeroKey);
    expect(text).not.toContain("secret token value");
    await call(vars, "/healthz");
    const logged = errors.mock.calls.map((c) => c.join(" ")).filter((l) => l.includes("configuration error"));
    expect(logged).toHaveLength(1); // once per isolate for the same problems
    expect(logged[0]).toContain("CP_SECRET_KEY");
    expect(logged[0]).not.toContain(zeroKey);
    expect(logged[0]).not.toContain("secret token value");
  });

  it("CP routes answer Annex C 503 when CP_SECRET_KEY is missing; the platform key route when its key is malformed", async () => {
    const res = await call({ CP_SECRET_KEY: "not-hex" }, `${PATHS.seriesInject}?groupId=${uniqueGroupId()}&nonce=n12345678&ts=${Date.now()}&sign=00`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual(SERVICE_UNAVAILABLE);
    const key = await call({ PLATFORM_SM2_PRIVATE_KEY: "xyz" }, "/api/v1/platform/public-key");
    expect(key.status).toBe(503);
    expect(await key.json()).toEqual(SERVICE_UNAVAILABLE);
    // Routes that need neither still work.
    expect((await call({ CP_SECRET_KEY: undefined }, "/api/v1/openapi.json")).status).toBe(200);
  });

  it("admin CP routes answer an AdminError 503 naming the secret", async () => {
    const admin = await loginAdmin();
    const res = await call({ CP_SECRET_KEY: undefined }, "/admin/api/cps", { headers: { cookie: admin.cookie, "x-csrf-token": admin.csrfToken } });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("ServiceUnavailable");
    expect(body.error.message).toContain("CP_SECRET_KEY");
    // With the secret in place the same call works.
    expect((await call({}, "/admin/api/cps", { headers: { cookie: admin.cookie, "x-csrf-token": admin.csrfToken } })).status).toBe(200);
  });
});
