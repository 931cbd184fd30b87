/**
 * Operator sessions: an HttpOnly cookie holding a random token (D1 keeps only its SHA-256),
 * plus a CSRF token returned at login that every later call sends as `x-csrf-token`, and an
 * Origin check. The first admin account comes from ADMIN_USERNAME / ADMIN_PASSWORD.
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { loadConfig, type Config } from "../config";
import { bytesToHex, randomHex } from "@gyt345/protocol/crypto";
import { runAuditedBatch } from "../catalog/audit";
import { createDb, type Db } from "../catalog/db";
import { countLoginAttempts, findOperator, purgeLoginAttempts, touchOperatorLogin } from "../catalog/operators";
import { deleteSession, findLiveSession, insertSession, purgeExpiredSessions } from "../catalog/sessions";
import type { HonoEnv } from "../env";
import type { Role, SessionAnswer } from "./api-types";
import { AdminError } from "./errors";
import { verifyPassword } from "./passwords";


export const SESSION_COOKIE = "gyt345_session";
export type { Role };
/** The signed-in operator; GET /session answers it. */
export type Operator = SessionAnswer;
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

/** The account of the Worker's secrets (the first admin), compared in constant time. */
async function envAdmin(env: HonoEnv["Bindings"], username: string, password: string): Promise<Operator | null> {
  if (!env.ADMIN_USERNAME || !env.ADMIN_PASSWORD) return null;
  const [userOk, passOk] = await Promise.all([secretEquals(username, env.ADMIN_USERNAME), secretEquals(password, env.ADMIN_PASSWORD)]);
  return userOk && passOk ? { username: env.ADMIN_USERNAME, role: "admin" } : null;
}

/** The secrets' admin, or an enabled operator account in D1 whose PBKDF2 hash matches. */
async function checkCredentials(env: HonoEnv["Bindings"], db: Db, username: string, password: string): Promise<Operator | null> {
  const admin = await envAdmin(env, username, password);
  if (admin) return admin;
  if (username === env.ADMIN_USERNAME) return null;
  const account = await findOperator(db, username);
  if (!account || account.disabled) return null;
  return (await verifyPassword(password, account)) ? { username: account.username, role: account.role } : null;
}

/**
 * Counts this attempt per client and per account BEFORE the password is checked, in one atomic
 * D1 batch, so concurrent attempts cannot all pass a read-then-write check; a counter store
 * failure refuses the login (fail closed).
 */
async function throttleLogin(db: Db, config: Config, client: string, username: string, now: number): Promise<() => Promise<void>> {
  const window = Math.floor(now / config.loginWindowMs);
  const keys = [`client:${client}`, `account:${username.toLowerCase()}`];
  let counts: number[];
  try {
    counts = await countLoginAttempts(db, keys, window);
  } catch (err) {
    console.error("login throttle store failed:", err);
    throw new AdminError("ServiceUnavailable", "Sign-in is unavailable; try again later.");
  }
  if (counts.some((n) => !(n <= config.maxLoginFailures))) throw new AdminError("TooManyRequests", "Too many login attempts; try again later.");
  // A successful login gives its attempt back (only failures use the budget).
  return async () => {
    await db.$client.batch(keys.map((key) => db.$client.prepare("UPDATE login_attempts SET count = max(count - 1, 0) WHERE key = ? AND window = ?").bind(key, window)));
  };
}

export async function login(c: Context<AdminEnv>, username: string, password: string): Promise<{ csrfToken: string; operator: Operator }> {
  const config = loadConfig(c.env);
  const db = createDb(c.env.DB);
  const now = Date.now();
  const client = c.req.header("cf-connecting-ip") ?? "unknown";
  const giveBack = await throttleLogin(db, config, client, username, now);
  const operator = await checkCredentials(c.env, db, username, password);
  if (!operator) throw new AdminError("Unauthorized", "Wrong username or password.");
  await giveBack().catch(() => undefined);
  const token = randomHex(32);
  const csrfToken = randomHex(32);
  await runAuditedBatch(db, { at: now, actor: operator.username, action: "session.login", target: `operator:${operator.username}`, detail: { client } }, [
    insertSession(db, { tokenHash: await sha256Hex(token), username: operator.username, role: operator.role, csrfToken, createdAt: now, expiresAt: now + config.adminSessionTtlMs }),
    purgeExpiredSessions(db, now),
    touchOperatorLogin(db, operator.username, now),
    purgeLoginAttempts(db, Math.floor(now / config.loginWindowMs) - 1),
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
  const db = createDb(c.env.DB);
  const operator = c.get("operator");
  if (token) {
    await runAuditedBatch(db, { at: Date.now(), actor: operator.username, action: "session.logout", target: `operator:${operator.username}` }, [
      deleteSession(db, await sha256Hex(token)),
    ]);
  }
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
    const db = createDb(c.env.DB);
    const session = token ? await findLiveSession(db, await sha256Hex(token), Date.now()) : undefined;
    if (!session) throw new AdminError("Unauthorized", "Sign in first.");
    // An operator account that was disabled (or removed) ends its sessions at once; its role is the current one.
    let role = session.role;
    if (session.username !== c.env.ADMIN_USERNAME) {
      const account = await findOperator(db, session.username);
      if (!account || account.disabled) throw new AdminError("Unauthorized", "Sign in first.");
      role = account.role;
    }
    const safeMethod = c.req.method === "GET" || c.req.method === "HEAD";
    if (!originAllowed(c, !safeMethod)) throw new AdminError("Forbidden", "Cross-origin request refused.");
    const csrf = c.req.header("x-csrf-token");
    if (!csrf || !(await secretEquals(csrf, session.csrfToken))) throw new AdminError("Forbidden", "Missing or wrong x-csrf-token.");
    c.set("operator", { username: session.username, role });
    await next();
  };
}

/** A role check; the middleware carries its roles so a test can read every route's rule. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AdminEnv> & { roles: readonly Role[] } {
  const check: MiddlewareHandler<AdminEnv> = async (c, next) => {
    if (!roles.includes(c.get("operator").role)) throw new AdminError("Forbidden", "Your role may not do this.");
    await next();
  };
  return Object.assign(check, { roles });
}

export const ALL_ROLES: readonly Role[] = ["admin", "operator", "auditor"];

/** Login is the one call without a session; a browser's Origin, when sent, must still be ours. */
export function loginOriginAllowed(c: Context): boolean {
  return originAllowed(c, false);
}
