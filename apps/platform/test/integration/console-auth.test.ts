/**
 * Operator accounts and sign-in: D1 accounts with PBKDF2 hashes, admin-only management,
 * disabled accounts lose their sessions, a login throttle that holds under truly interleaved
 * concurrent attempts (per client and per account, failing closed), and a body limit (413).
 */
import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { loginAdmin, ORIGIN, type AdminClient } from "../helpers/platform";

let admin: AdminClient;
beforeAll(async () => {
  admin = await loginAdmin();
});

function loginRequest(username: string, password: string, client: string): Request {
  return new Request(`${ORIGIN}/admin/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": client },
    body: JSON.stringify({ username, password }),
  });
}

/** Calls the Worker directly, one execution context per copy, so the copies interleave. */
async function burst(requests: Request[]): Promise<number[]> {
  return Promise.all(
    requests.map(async (req) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(req, env, ctx);
      await waitOnExecutionContext(ctx);
      return res.status;
    }),
  );
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

async function createOperator(username: string, role: string, password: string) {
  const res = await admin.call("POST", "/operators", { username, role, password });
  expect(res.status, await res.clone().text()).toBe(201);
}

describe("operator accounts", () => {
  it("admins create operators; passwords are PBKDF2-SHA256 with 100 000 iterations and a salt of their own", async () => {
    await createOperator("op-alice", "operator", "alice-password-1");
    await createOperator("op-bob", "auditor", "alice-password-1");
    const rows = await env.DB.prepare("SELECT username, password_hash, password_salt, password_iterations FROM operators WHERE username IN ('op-alice', 'op-bob')").all<{
      password_hash: string;
      password_salt: string;
      password_iterations: number;
    }>();
    expect(rows.results).toHaveLength(2);
    const [a, b] = rows.results;
    expect(a!.password_iterations).toBe(100_000);
    expect(a!.password_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a!.password_salt).not.toBe(b!.password_salt);
    expect(a!.password_hash).not.toBe(b!.password_hash);
    const list = (await (await admin.call("GET", "/operators")).json()) as { items: Record<string, unknown>[] };
    expect(list.items.find((i) => i.username === "op-alice")).toEqual({ username: "op-alice", role: "operator", disabled: false, createdAt: expect.any(Number), lastLoginAt: null, builtIn: false });
    expect(JSON.stringify(list)).not.toMatch(/password/i);
    expect((await admin.call("POST", "/operators", { username: "op-alice", role: "auditor", password: "another-password" })).status).toBe(409);
    expect((await admin.call("POST", "/operators", { username: "admin", role: "auditor", password: "another-password" })).status).toBe(409);
    expect((await admin.call("POST", "/operators", { username: "op-short", role: "auditor", password: "short" })).status).toBe(400);
  });

  it("an operator signs in with its role; only admins manage operators", async () => {
    await createOperator("op-carol", "operator", "carol-password-1");
    const carol = await loginAdmin("op-carol", "carol-password-1");
    expect(await (await carol.call("GET", "/session")).json()).toEqual({ username: "op-carol", role: "operator" });
    expect((await carol.call("GET", "/operators")).status).toBe(403);
    expect((await carol.call("POST", "/operators", { username: "op-x", role: "admin", password: "xxxxxxxxxxxxxxx" })).status).toBe(403);
    const row = await env.DB.prepare("SELECT last_login_at FROM operators WHERE username = 'op-carol'").first<{ last_login_at: number }>();
    expect(row!.last_login_at).toBeGreaterThan(0);
  });

  it("disabling ends the operator's sessions and refuses new ones; re-enabling and a reset password work", async () => {
    await createOperator("op-dave", "operator", "dave-password-1");
    const dave = await loginAdmin("op-dave", "dave-password-1");
    expect((await dave.call("GET", "/series")).status).toBe(200);
    expect((await admin.call("PATCH", "/operators/op-dave", { disabled: true })).status).toBe(200);
    expect((await dave.call("GET", "/series")).status).toBe(401);
    await expect(loginAdmin("op-dave", "dave-password-1")).rejects.toThrow(/401/);
    expect((await admin.call("PATCH", "/operators/op-dave", { disabled: false, password: "dave-password-2" })).status).toBe(200);
    await expect(loginAdmin("op-dave", "dave-password-1")).rejects.toThrow(/401/);
    const again = await loginAdmin("op-dave", "dave-password-2");
    // A new role applies at once to live sessions.
    expect((await admin.call("PATCH", "/operators/op-dave", { role: "auditor" })).status).toBe(200);
    const relogged = await loginAdmin("op-dave", "dave-password-2");
    expect(await (await relogged.call("GET", "/session")).json()).toEqual({ username: "op-dave", role: "auditor" });
    expect((await again.call("GET", "/session")).status).toBe(401); // ended by the change
    expect((await admin.call("PATCH", "/operators/admin", { disabled: true })).status).toBe(403);
    expect((await admin.call("PATCH", "/operators/nobody", { disabled: true })).status).toBe(404);
  });
});

describe("login throttle under concurrency", () => {
  it("200 interleaved wrong logins from one client: at most the limit is checked; then the right password in a burst is refused", async () => {
    await createOperator("op-erin", "operator", "erin-password-1");
    // Arrival order inside one burst is not fixed: the invariant is how many were checked.
    const first = await burst(Array.from({ length: 200 }, (_, i) => loginRequest("op-erin", `wrong-${i}`, "198.51.100.1")));
    expect(count(first, 401)).toBeLessThanOrEqual(10);
    expect(count(first, 429)).toBeGreaterThanOrEqual(190);
    // A burst with the right password once the limit is hit: nothing is checked, the right one is refused.
    const second = await burst(Array.from({ length: 50 }, (_, i) => loginRequest("op-erin", i === 25 ? "erin-password-1" : `wrong-${i}`, "198.51.100.1")));
    expect(second).toEqual(Array(50).fill(429));
    // The limit holds after the burst, for the right password too.
    expect((await burst([loginRequest("op-erin", "erin-password-1", "198.51.100.1")]))[0]).toBe(429);
  });

  it("200 interleaved wrong logins for one account from rotating clients: at most the limit is checked; then the right password is refused", async () => {
    await createOperator("op-frank", "operator", "frank-password-1");
    const first = await burst(Array.from({ length: 200 }, (_, i) => loginRequest("op-frank", `wrong-${i}`, `192.0.2.${i % 250}`)));
    expect(count(first, 401)).toBeLessThanOrEqual(10);
    const second = await burst(Array.from({ length: 50 }, (_, i) => loginRequest("op-frank", i === 25 ? "frank-password-1" : `wrong-${i}`, `198.18.0.${i}`)));
    expect(second).toEqual(Array(50).fill(429));
    expect((await burst([loginRequest("op-frank", "frank-password-1", "203.0.113.200")]))[0]).toBe(429);
  });

  it("a burst mixing the right password with wrong ones: at most the limit is checked, whatever the order", async () => {
    await createOperator("op-gina", "operator", "gina-password-1");
    const statuses = await burst(Array.from({ length: 200 }, (_, i) => loginRequest("op-gina", i === 150 ? "gina-password-1" : `wrong-${i}`, "198.51.100.9")));
    // At most the limit of wrong passwords is checked (a right one gives its attempt back).
    expect(count(statuses, 401)).toBeLessThanOrEqual(10);
    expect(count(statuses, 429)).toBeGreaterThanOrEqual(189);
  });

  it("one client rotating accounts is limited too", async () => {
    const statuses = await burst(Array.from({ length: 50 }, (_, i) => loginRequest(`nobody-${i}`, "guess", "198.51.100.2")));
    expect(count(statuses, 401)).toBeLessThanOrEqual(10);
  });

  it("a successful login does not use up the budget", async () => {
    for (let i = 0; i < 12; i++) expect((await burst([loginRequest("admin", "test-admin-password", "198.51.100.3")]))[0]).toBe(200);
  });

  it("fails closed when the counter store fails", async () => {
    await env.DB.prepare("ALTER TABLE login_attempts RENAME TO login_attempts_away").run();
    try {
      expect((await burst([loginRequest("admin", "test-admin-password", "198.51.100.4")]))[0]).toBe(503);
    } finally {
      await env.DB.prepare("ALTER TABLE login_attempts_away RENAME TO login_attempts").run();
    }
  });
});

describe("body limit", () => {
  it("an oversized login body is 413 before it is read, with or without a Content-Length", async () => {
    const big = JSON.stringify({ username: "admin", password: "x".repeat(200_000) });
    const res = await SELF.fetch(`${ORIGIN}/admin/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: big });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: "PayloadTooLarge", message: expect.any(String) } });
    const chunk = new TextEncoder().encode("x".repeat(8192));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ >= 20) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const streamed = await SELF.fetch(`${ORIGIN}/admin/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it("every admin route has the limit (a CP onboarding body too)", async () => {
    const res = await admin.call("POST", "/cps", { groupId: "cp-big", name: "x".repeat(100_000) });
    expect(res.status).toBe(413);
  });
});
