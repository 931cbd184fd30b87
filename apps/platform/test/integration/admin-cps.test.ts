/** Operator API, first slice: sessions (cookie + Origin + CSRF) and CP onboarding/exit. */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import vectors from "@gyt345/protocol/fixtures/gm-vectors.json";
import { loginAdmin, ORIGIN, plantSession, uniqueGroupId, type AdminClient } from "../helpers/platform";

let admin: AdminClient;
beforeAll(async () => {
  admin = await loginAdmin();
});

const cpInput = (groupId: string, extra: Record<string, unknown> = {}) => ({
  groupId,
  name: "芒果TV",
  mode: "mac",
  seriesOfflineUrl: "https://cp.example.com/emergency/series",
  programOfflineUrl: "https://cp.example.com/emergency/programs",
  ...extra,
});

describe("session", () => {
  it("login sets an HttpOnly SameSite cookie and returns a CSRF token", async () => {
    const res = await SELF.fetch(`${ORIGIN}/admin/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "test-admin-password" }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/);
    expect(await res.json()).toEqual({ csrfToken: expect.stringMatching(/^[0-9a-f]{64}$/), username: "admin", role: "admin" });
  });

  it("a wrong password is 401 and sets no cookie", async () => {
    const res = await SELF.fetch(`${ORIGIN}/admin/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "nope" }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("repeated failures for one username are throttled", async () => {
    const attempt = () =>
      SELF.fetch(`${ORIGIN}/admin/api/session`, {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": "203.0.113.7" },
        body: JSON.stringify({ username: "mallory", password: "guess" }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it("a login from another site's page is refused", async () => {
    const res = await SELF.fetch(`${ORIGIN}/admin/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ username: "admin", password: "test-admin-password" }),
    });
    expect(res.status).toBe(403);
  });

  it("anonymous calls are 401 on every admin route", async () => {
    for (const [method, path] of [["GET", "/cps"], ["POST", "/cps"], ["GET", "/cps/x"], ["PATCH", "/cps/x"], ["GET", "/session"], ["DELETE", "/session"]] as const) {
      const res = await SELF.fetch(`${ORIGIN}/admin/api${path}`, { method, headers: { origin: ORIGIN, "content-type": "application/json" }, ...(method === "POST" || method === "PATCH" ? { body: "{}" } : {}) });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it("without the CSRF header, with a wrong one, or from another origin → 403, nothing written", async () => {
    const groupId = uniqueGroupId();
    const body = JSON.stringify(cpInput(groupId));
    const base = { cookie: admin.cookie, "content-type": "application/json" };
    const tries = [
      { ...base, origin: ORIGIN },
      { ...base, origin: ORIGIN, "x-csrf-token": "0".repeat(64) },
      { ...base, origin: "https://evil.example", "x-csrf-token": admin.csrfToken },
      { ...base, "x-csrf-token": admin.csrfToken }, // state change without Origin
    ];
    for (const headers of tries) {
      const res = await SELF.fetch(`${ORIGIN}/admin/api/cps`, { method: "POST", headers, body });
      expect(res.status).toBe(403);
    }
    expect((await admin.call("GET", `/cps/${groupId}`)).status).toBe(404);
  });

  it("roles: an auditor may read CPs but not onboard or change them", async () => {
    // Operator accounts come with the console; a session row with another role stands in for one.
    const token = await plantSession("auditor", Date.now() + 60_000);
    const headers = { cookie: `gyt345_session=${token}`, "x-csrf-token": "c", origin: ORIGIN, "content-type": "application/json" };
    expect((await SELF.fetch(`${ORIGIN}/admin/api/cps`, { headers })).status).toBe(200);
    const groupId = uniqueGroupId();
    expect((await SELF.fetch(`${ORIGIN}/admin/api/cps`, { method: "POST", headers, body: JSON.stringify(cpInput(groupId)) })).status).toBe(403);
    expect((await SELF.fetch(`${ORIGIN}/admin/api/cps/${groupId}`, { method: "PATCH", headers, body: JSON.stringify({ status: "suspended" }) })).status).toBe(403);
    expect((await admin.call("GET", `/cps/${groupId}`)).status).toBe(404);
  });

  it("an expired session is refused", async () => {
    const token = await plantSession("admin", Date.now() - 1);
    const res = await SELF.fetch(`${ORIGIN}/admin/api/cps`, { headers: { cookie: `gyt345_session=${token}`, "x-csrf-token": "c" } });
    expect(res.status).toBe(401);
  });

  it("logout ends the session", async () => {
    const other = await loginAdmin();
    expect((await other.call("DELETE", "/session")).status).toBe(204);
    expect((await other.call("GET", "/cps")).status).toBe(401);
    expect((await admin.call("GET", "/session")).status).toBe(200);
  });
});

describe("CP onboarding", () => {
  it("mac mode: 201 with the secret shown once, stored encrypted, never returned again", async () => {
    const groupId = uniqueGroupId();
    const res = await admin.call("POST", "/cps", cpInput(groupId));
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, string>;
    expect(created).toEqual({ groupId, mode: "mac", macSecret: expect.stringMatching(/^[0-9a-f]{32}$/), platformPublicKey: vectors.keys.platform.publicKey });
    const row = await env.DB.prepare("SELECT * FROM cps WHERE group_id = ?").bind(groupId).first<Record<string, string>>();
    expect(row!.mac_secret_enc).not.toContain(created.macSecret);
    expect(JSON.stringify(row)).not.toContain(created.macSecret);
    const detail = await (await admin.call("GET", `/cps/${groupId}`)).text();
    const list = await (await admin.call("GET", "/cps")).text();
    expect(detail).not.toContain(created.macSecret);
    expect(list).not.toContain(created.macSecret);
    expect(JSON.parse(detail)).toMatchObject({ groupId, status: "active", mode: "mac", hasMacSecret: true, publicKey: null });
  });

  it("sm2 mode takes a 04… hex key or a PEM and stores the hex form", async () => {
    const a = uniqueGroupId();
    const resHex = await admin.call("POST", "/cps", cpInput(a, { mode: "sm2", publicKey: vectors.keys.cp.publicKey.toUpperCase().replace(/^04/, "04") }));
    expect(resHex.status).toBe(201);
    expect(await resHex.json()).toEqual({ groupId: a, mode: "sm2", platformPublicKey: vectors.keys.platform.publicKey });
    const b = uniqueGroupId();
    const resPem = await admin.call("POST", "/cps", cpInput(b, { mode: "sm2", publicKey: vectors.keys.cp.publicPem }));
    expect(resPem.status).toBe(201);
    expect(((await (await admin.call("GET", `/cps/${b}`)).json()) as { publicKey: string }).publicKey).toBe(vectors.keys.cp.publicKey);
  });

  it("refuses bad input naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [cpInput("bad id!"), "groupId"],
      [cpInput(uniqueGroupId(), { mode: "rsa" }), "mode"],
      [cpInput(uniqueGroupId(), { mode: "sm2" }), "publicKey"],
      [cpInput(uniqueGroupId(), { mode: "sm2", publicKey: "04" + "00".repeat(64) }), "publicKey"],
      [cpInput(uniqueGroupId(), { seriesOfflineUrl: "javascript:alert(1)" }), "seriesOfflineUrl"],
      [cpInput(uniqueGroupId(), { programOfflineUrl: "http://127.0.0.1:8080/x" }), "programOfflineUrl"],
      [cpInput(uniqueGroupId(), { programOfflineUrl: "https://user:pw@cp.example.com/x" }), "programOfflineUrl"],
      [cpInput(uniqueGroupId(), { seriesOfflineUrl: "http://192.168.1.5/x" }), "seriesOfflineUrl"],
    ];
    for (const [body, field] of cases) {
      const res = await admin.call("POST", "/cps", body);
      expect(res.status, field).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
    }
  });

  it("onboarding the same groupId twice is 409", async () => {
    const groupId = uniqueGroupId();
    expect((await admin.call("POST", "/cps", cpInput(groupId))).status).toBe(201);
    expect((await admin.call("POST", "/cps", cpInput(groupId))).status).toBe(409);
  });

  it("PATCH changes status, name and URLs; an exited CP stays exited; every change is audited", async () => {
    const groupId = uniqueGroupId();
    await admin.call("POST", "/cps", cpInput(groupId));
    const res = await admin.call("PATCH", `/cps/${groupId}`, { status: "suspended", name: "新名字", seriesOfflineUrl: "https://cp2.example.com/s" });
    expect(await res.json()).toMatchObject({ status: "suspended", name: "新名字", seriesOfflineUrl: "https://cp2.example.com/s" });
    const grouped = await admin.call("PATCH", `/cps/${groupId}`, { urls: { programOfflineUrl: "https://cp2.example.com/p" } });
    expect(await grouped.json()).toMatchObject({ seriesOfflineUrl: "https://cp2.example.com/s", programOfflineUrl: "https://cp2.example.com/p" });
    expect((await admin.call("PATCH", `/cps/${groupId}`, { urls: { seriesOfflineUrl: "http://10.0.0.1/x" } })).status).toBe(400);
    expect((await admin.call("PATCH", `/cps/${groupId}`, { status: "exited" })).status).toBe(200);
    expect((await admin.call("PATCH", `/cps/${groupId}`, { status: "active" })).status).toBe(409);
    expect((await admin.call("PATCH", `/cps/nobody-${groupId}`, { status: "active" })).status).toBe(404);
    const audit = await env.DB.prepare("SELECT actor, action FROM audit_log WHERE target = ? ORDER BY id").bind(`cp:${groupId}`).all();
    expect(audit.results).toEqual([
      { actor: "admin", action: "cp.onboard" },
      { actor: "admin", action: "cp.update" },
      { actor: "admin", action: "cp.update" },
      { actor: "admin", action: "cp.update" },
    ]);
  });

  it("the platform public key is published", async () => {
    const res = await SELF.fetch(`${ORIGIN}/api/v1/platform/public-key`);
    expect(await res.json()).toEqual({ publicKey: vectors.keys.platform.publicKey });
  });
});
