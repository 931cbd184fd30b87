/**
 * Every admin route, read from the Hono app itself: anonymous → 401, a role the route does not
 * allow → 403, an allowed role → neither. A route added without a role check fails here.
 */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { adminRoutes } from "../../src/admin/routes";
import { ALL_ROLES, type Role } from "../../src/admin/session";
import { ORIGIN, plantSession } from "../helpers/platform";

/** The one route reachable without a session. */
const PUBLIC = new Set(["POST /session"]);

interface RouteRule {
  method: string;
  path: string;
  roles: readonly Role[] | undefined;
}

function routeTable(): RouteRule[] {
  const rules = new Map<string, RouteRule>();
  for (const r of adminRoutes().routes) {
    if (r.method === "ALL") continue; // middleware and the not-found catch-all
    const key = `${r.method} ${r.path}`;
    const rule = rules.get(key) ?? { method: r.method, path: r.path, roles: undefined };
    const roles = (r.handler as { roles?: readonly Role[] }).roles;
    if (roles) rule.roles = roles;
    rules.set(key, rule);
  }
  return [...rules.values()];
}

/** A live session of a fresh operator account of this role; returns the cookie token. */
const sessionOf = (role: Role): Promise<string> => plantSession(role, Date.now() + 600_000, `rt-${role}-${crypto.randomUUID().slice(0, 8)}`);

function call(method: string, path: string, token?: string): Promise<Response> {
  const url = `${ORIGIN}/admin/api${path.replace(/:[A-Za-z]+/g, "x")}`;
  const hasBody = method === "POST" || method === "PATCH" || method === "PUT";
  return SELF.fetch(url, {
    method,
    headers: { origin: ORIGIN, "content-type": "application/json", ...(token ? { cookie: `gyt345_session=${token}`, "x-csrf-token": "c" } : {}) },
    ...(hasBody ? { body: "{}" } : {}),
  });
}

const table = routeTable();

describe("admin route table", () => {
  it("is read from the app and has the console's routes", () => {
    const keys = table.map((r) => `${r.method} ${r.path}`);
    for (const k of ["GET /series", "GET /programs/:groupId/:programId", "GET /audit/verify", "PATCH /operators/:username", "GET /stats", "POST /cps"]) expect(keys).toContain(k);
  });

  for (const rule of table) {
    const key = `${rule.method} ${rule.path}`;
    if (PUBLIC.has(key)) continue;
    it(`${key}: has a role check; anonymous 401, other roles 403, allowed roles pass`, async () => {
      expect(rule.roles, `${key} has no requireRole(...)`).toBeDefined();
      const res = await call(rule.method, rule.path);
      expect(res.status, `${key} anonymous`).toBe(401);
      for (const role of ALL_ROLES) {
        const status = (await call(rule.method, rule.path, await sessionOf(role))).status;
        if (rule.roles!.includes(role)) expect([401, 403], `${key} as ${role}`).not.toContain(status);
        else expect(status, `${key} as ${role}`).toBe(403);
      }
    });
  }
});
