/**
 * Tamper-evident audit log: every operator action leaves a record chained by
 * hash = SM3(prevHash ‖ JCS(record)), written in the action's own batch; racing writers all
 * land on the chain; editing or deleting a row is found by GET /admin/api/audit/verify, which
 * names the first broken link.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { loginAdmin, ORIGIN, uniqueGroupId, type AdminClient } from "../helpers/platform";

let admin: AdminClient;
beforeAll(async () => {
  admin = await loginAdmin();
});

interface AuditItem {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  detail: unknown;
  hash: string;
}

async function audit(query = ""): Promise<{ items: AuditItem[]; nextCursor: string | null }> {
  const res = await admin.call("GET", `/audit${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { items: AuditItem[]; nextCursor: string | null };
}

async function verify() {
  return (await admin.call("GET", "/audit/verify")).json() as Promise<{ ok: boolean; count: number; brokenAt?: { id: number; reason: string } }>;
}

const cpInput = (groupId: string) => ({
  groupId,
  name: "审计CP",
  mode: "mac",
  seriesOfflineUrl: "https://cp.example.com/s",
  programOfflineUrl: "https://cp.example.com/p",
});

describe("every action leaves a chained record", () => {
  it("login, CP onboarding and change, operator creation and change, logout", async () => {
    const groupId = uniqueGroupId();
    expect((await admin.call("POST", "/cps", cpInput(groupId))).status).toBe(201);
    expect((await admin.call("PATCH", `/cps/${groupId}`, { status: "suspended" })).status).toBe(200);
    expect((await admin.call("POST", "/operators", { username: "aud-op", role: "operator", password: "aud-op-password" })).status).toBe(201);
    expect((await admin.call("PATCH", "/operators/aud-op", { password: "aud-op-password-2" })).status).toBe(200);
    const op = await loginAdmin("aud-op", "aud-op-password-2");
    expect((await op.call("DELETE", "/session")).status).toBe(204);

    const { items } = await audit("?limit=100");
    const actions = items.map((i) => `${i.actor} ${i.action} ${i.target}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        "admin session.login operator:admin",
        `admin cp.onboard cp:${groupId}`,
        `admin cp.update cp:${groupId}`,
        "admin operator.create operator:aud-op",
        "admin operator.update operator:aud-op",
        "aud-op session.login operator:aud-op",
        "aud-op session.logout operator:aud-op",
      ]),
    );
    // Newest first, hashes present, secrets never in the detail.
    expect(items.map((i) => i.id)).toEqual([...items.map((i) => i.id)].sort((a, b) => b - a));
    expect(items.every((i) => /^[0-9a-f]{64}$/.test(i.hash))).toBe(true);
    expect(JSON.stringify(items)).not.toContain("aud-op-password");
    expect(await verify()).toEqual({ ok: true, count: expect.any(Number) });
  });

  it("filters by actor, action and target, and pages", async () => {
    const byActor = await audit("?actor=aud-op");
    expect(byActor.items.map((i) => i.action).sort()).toEqual(["session.login", "session.logout"]);
    const byAction = await audit("?action=operator.create");
    expect(byAction.items.every((i) => i.action === "operator.create")).toBe(true);
    const page1 = await audit("?limit=2");
    const page2 = await audit(`?limit=2&cursor=${page1.nextCursor!}`);
    expect(page2.items[0]!.id).toBeLessThan(page1.items[1]!.id);
  });

  it("a refused action writes no record (the record is in the action's batch)", async () => {
    const before = (await audit("?limit=1")).items[0]!.id;
    expect((await admin.call("PATCH", "/cps/no-such-cp", { status: "suspended" })).status).toBe(404);
    expect((await admin.call("POST", "/operators", { username: "aud-op", role: "operator", password: "aud-op-password" })).status).toBe(409);
    expect((await audit("?limit=1")).items[0]!.id).toBe(before);
  });

  it("racing writers all land on one unbroken chain", async () => {
    const groupId = uniqueGroupId();
    expect((await admin.call("POST", "/cps", cpInput(groupId))).status).toBe(201);
    const statuses = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const req = new Request(`${ORIGIN}/admin/api/cps/${groupId}`, {
          method: "PATCH",
          headers: { cookie: admin.cookie, "x-csrf-token": admin.csrfToken, origin: ORIGIN, "content-type": "application/json" },
          body: JSON.stringify({ name: `并发 ${i}` }),
        });
        const ctx = createExecutionContext();
        const res = await worker.fetch(req, env, ctx);
        await waitOnExecutionContext(ctx);
        return res.status;
      }),
    );
    expect(statuses).toEqual(Array(8).fill(200));
    expect((await audit(`?target=cp:${groupId}&action=cp.update`)).items).toHaveLength(8);
    expect((await verify()).ok).toBe(true);
  });
});

describe("tampering is detected, naming the first broken link", () => {
  it("an edited row", async () => {
    const { items } = await audit("?limit=5");
    const victim = items[2]!;
    const original = await env.DB.prepare("SELECT actor FROM audit_log WHERE id = ?").bind(victim.id).first<{ actor: string }>();
    await env.DB.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE id = ?").bind(victim.id).run();
    const check = await verify();
    expect(check.ok).toBe(false);
    expect(check.brokenAt).toEqual({ id: victim.id, reason: expect.stringMatching(/hash/) });
    await env.DB.prepare("UPDATE audit_log SET actor = ? WHERE id = ?").bind(original!.actor, victim.id).run();
    expect((await verify()).ok).toBe(true);
  });

  it("an edited row whose hash was recomputed breaks the next link", async () => {
    const { items } = await audit("?limit=5");
    const victim = items[2]!;
    const original = await env.DB.prepare("SELECT hash FROM audit_log WHERE id = ?").bind(victim.id).first<{ hash: string }>();
    await env.DB.prepare("UPDATE audit_log SET hash = ? WHERE id = ?").bind("f".repeat(64), victim.id).run();
    const check = await verify();
    expect(check.brokenAt!.id).toBe(victim.id); // its own hash no longer matches
    await env.DB.prepare("UPDATE audit_log SET hash = ? WHERE id = ?").bind(original!.hash, victim.id).run();
  });

  it("a deleted row", async () => {
    const { items } = await audit("?limit=5");
    const victim = items[3]!;
    await env.DB.prepare("DELETE FROM audit_log WHERE id = ?").bind(victim.id).run();
    const check = await verify();
    expect(check.ok).toBe(false);
    expect(check.brokenAt).toEqual({ id: victim.id, reason: expect.stringMatching(/missing/) });
  });
});

describe("records from before the chain", () => {
  it("may only precede the chain's first record", async () => {
    // A fresh chain in this file's storage: legacy rows first, then chained ones.
    await env.DB.prepare("DELETE FROM audit_log").run();
    await env.DB.prepare("INSERT INTO audit_log (id, at, actor, action, target) VALUES (1, 0, 'old', 'cp.onboard', 'cp:x'), (2, 0, 'old', 'cp.update', 'cp:x')").run();
    expect((await admin.call("PATCH", "/operators/aud-op", { role: "auditor" })).status).toBe(200);
    expect(await verify()).toEqual({ ok: true, count: 1, unchained: 2 });
    await env.DB.prepare("INSERT INTO audit_log (id, at, actor, action, target) VALUES (100, 0, 'sneaky', 'cp.update', 'cp:x')").run();
    expect((await verify()).brokenAt).toEqual({ id: 4, reason: expect.stringMatching(/missing/) });
  });
});
