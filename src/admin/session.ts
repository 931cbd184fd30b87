/**
 * Operator sessions: an HttpOnly cookie holding a random token (D1 keeps only its SHA-256),
 * plus a CSRF token returned at login that every later call sends as `x-csrf-token`, and an
 * Origin check. The first admin account comes from ADMIN_USERNAME / ADMIN_PASSWORD.
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { loadConfig } from "../config";
import { bytesToHex, randomHex } from "../crypto";
import { createDb } from "../catalog/db";
import { deleteSession, findLiveSession, insertSession, purgeExpiredSessions } from "../catalog/sessions";
import type { HonoEnv } from "../env";
import { AdminError } from "./errors";

export const SESSION_COOKIE = "gyt345_session";
export type Role = "admin" | "operator" | "auditor";
export interface Operator {
  username: string;
  role: Role;
}
export type AdminEnv = HonoEnv & { Variables: { operator: Operator } };

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return bytesToHex(new Uint8Array(digest));
}

/** Compares secrets without leaking where they differ (hashing first equalises lengths). */
async function secretEquals(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([sha256Hex(a), sha256Hex(b)]);
  let diff = 0;
  for (let i = 0; i < ha.length; i++) diff |= ha.charCodeAt(i) ^ hb.charCodeAt(i);
  return diff === 0;
}

/** The one account configured by vars; operator accounts in D1 come with the console issue. */
async function checkCredentials(env: HonoEnv["Bindings"], username: string, password: string): Promise<Operator | null> {
  if (!env.ADMIN_USERNAME || !env.ADMIN_PASSWORD) return null;
  const [userOk, passOk] = await Promise.all([secretEquals(username, env.ADMIN_USERNAME), secretEquals(password, env.ADMIN_PASSWORD)]);
  return userOk && passOk ? { username: env.ADMIN_USERNAME, role: "admin" } : null;
}

export async function login(c: Context<AdminEnv>, username: string, password: string): Promise<{ csrfToken: string; operator: Operator }> {
  const config = loadConfig(c.env);
  // Per client address and username: a stranger's failures cannot lock the real admin out.
  const client = c.req.header("cf-connecting-ip") ?? "unknown";
  const throttleKey = `login-fail:${client}:${username.toLowerCase()}`;
  const failures = Number((await c.env.NONCE_KV.get(throttleKey).catch(() => null)) ?? 0);
  if (failures >= config.maxLoginFailures) throw new AdminError("TooManyRequests", "Too many failed logins; try again later.");
  const operator = await checkCredentials(c.env, username, password);
  if (!operator) {
    c.executionCtx.waitUntil(c.env.NONCE_KV.put(throttleKey, String(failures + 1), { expirationTtl: 900 }).catch(() => undefined));
    throw new AdminError("Unauthorized", "Wrong username or password.");
  }
  const token = randomHex(32);
  const csrfToken = randomHex(32);
  const now = Date.now();
  const db = createDb(c.env.DB);
  await db.batch([
    insertSession(db, { tokenHash: await sha256Hex(token), username: operator.username, role: operator.role, csrfToken, createdAt: now, expiresAt: now + config.adminSessionTtlMs }),
    purgeExpiredSessions(db, now),
  ]);
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: new URL(c.req.url).protocol === "https:",
    sameSite: "Strict",
    path: "/",
    maxAge: Math.floor(config.adminSessionTtlMs / 1000),
  });
  return { csrfToken, operator };
}

export async function logout(c: Context<AdminEnv>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await deleteSession(createDb(c.env.DB), await sha256Hex(token));
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

/** The platform's own origin: browsers send it on state-changing requests. */
function originAllowed(c: Context, required: boolean): boolean {
  const origin = c.req.header("origin");
  if (origin === undefined) return !required;
  return origin === new URL(c.req.url).origin;
}

/**
 * Cookie → 401 when absent or expired; then Origin and CSRF token → 403. Browsers omit
 * Origin on same-origin GETs, so there it is checked only when sent; the custom CSRF header
 * (which no cross-site request can set without a preflight) is required on every call.
 */
export function requireSession(): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await findLiveSession(createDb(c.env.DB), await sha256Hex(token), Date.now()) : undefined;
    if (!session) throw new AdminError("Unauthorized", "Sign in first.");
    const safeMethod = c.req.method === "GET" || c.req.method === "HEAD";
    if (!originAllowed(c, !safeMethod)) throw new AdminError("Forbidden", "Cross-origin request refused.");
    const csrf = c.req.header("x-csrf-token");
    if (!csrf || !(await secretEquals(csrf, session.csrfToken))) throw new AdminError("Forbidden", "Missing or wrong x-csrf-token.");
    c.set("operator", { username: session.username, role: session.role });
    await next();
  };
}

export function requireRole(...roles: Role[]): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    if (!roles.includes(c.get("operator").role)) throw new AdminError("Forbidden", "Your role may not do this.");
    await next();
  };
}

/** Login is the one call without a session; a browser's Origin, when sent, must still be ours. */
export function loginOriginAllowed(c: Context): boolean {
  return originAllowed(c, false);
}
