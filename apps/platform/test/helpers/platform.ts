/**
 * Test helpers that act as a user of the platform would: an operator through the admin
 * API, a CP through signed HTTP requests. Everything goes through SELF.fetch.
 */
import { env, SELF } from "cloudflare:test";
import { sm2GenerateKeyPair, signBody, signRequest, type SigningCredential } from "@gyt345/protocol/crypto";
import { INTERFACE_PATHS } from "@gyt345/protocol/msg-types";
import vectors from "@gyt345/protocol/fixtures/gm-vectors.json";

export const ORIGIN = "https://platform.test";

export interface AdminClient {
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  cookie: string;
  csrfToken: string;
}

export async function loginAdmin(username = "admin", password = "test-admin-password"): Promise<AdminClient> {
  const res = await SELF.fetch(`${ORIGIN}/admin/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  return {
    cookie,
    csrfToken,
    call: (method, path, body, headers) =>
      SELF.fetch(`${ORIGIN}/admin/api${path}`, {
        method,
        headers: { cookie, "x-csrf-token": csrfToken, origin: ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}

let counter = 0;
/** A groupId no other test uses, so tests never meet in shared storage. */
export function uniqueGroupId(prefix = "cp"): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
}

export function uniqueNonce(): string {
  return `n-${crypto.randomUUID().replaceAll("-", "")}`;
}

export interface TestCp {
  groupId: string;
  credential: SigningCredential;
  /** Sends a signed POST; `body` gets a valid msgSign unless `rawBody` is given. */
  post(path: string, body: Record<string, unknown>, opts?: PostOptions): Promise<Response>;
  /** The same signed request, not sent: send it several times to replay it byte for byte. */
  prepare(path: string, body: Record<string, unknown>, opts?: PostOptions): () => Promise<Response>;
  /** Fresh copies of one signed Request (for calling the Worker's fetch directly). */
  request(path: string, body: Record<string, unknown>, opts?: PostOptions): () => Request;
}

export interface PostOptions {
  nonce?: string;
  ts?: string;
  /** Send this exact body text (signed with `sign` as is), e.g. to test msgSign failures. */
  rawBody?: string;
  /** Skip msgSign (body sent as given). */
  unsignedBody?: boolean;
  contentType?: string;
  /** Change the query after signing. */
  query?: (q: URLSearchParams) => void;
  method?: string;
}

export function cpClient(groupId: string, credential: SigningCredential): TestCp {
  return {
    groupId,
    credential,
    request(path, body, opts = {}) {
      const text = opts.rawBody ?? JSON.stringify(opts.unsignedBody ? body : signBody(credential, body));
      const { query } = signRequest(credential, { path, groupId, nonce: opts.nonce ?? uniqueNonce(), ts: opts.ts ?? String(Date.now()), body: text });
      const q = new URLSearchParams(query);
      opts.query?.(q);
      return () =>
        new Request(`${ORIGIN}${path}?${q}`, {
          method: opts.method ?? "POST",
          headers: { "content-type": opts.contentType ?? "application/json" },
          ...(opts.method === "GET" ? {} : { body: text }),
        });
    },
    prepare(path, body, opts = {}) {
      const request = this.request(path, body, opts);
      return () => SELF.fetch(request());
    },
    post(path, body, opts = {}) {
      return this.prepare(path, body, opts)();
    },
  };
}

export async function onboardCp(admin: AdminClient, mode: "sm2" | "mac", groupId = uniqueGroupId()): Promise<TestCp> {
  const keys = mode === "sm2" ? sm2GenerateKeyPair() : undefined;
  const res = await admin.call("POST", "/cps", {
    groupId,
    name: `CP ${groupId}`,
    mode,
    ...(keys ? { publicKey: keys.publicKey } : {}),
    seriesOfflineUrl: "https://cp.example.com/emergency/series",
    programOfflineUrl: "https://cp.example.com/emergency/programs",
  });
  if (res.status !== 201) throw new Error(`onboarding failed: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as { macSecret?: string };
  const credential: SigningCredential = keys ? { mode: "sm2", privateKey: keys.privateKey } : { mode: "mac", macKey: created.macSecret! };
  return cpClient(groupId, credential);
}

type Json = Record<string, unknown>;
const seriesVector = JSON.parse(vectors.requests[0]!.body) as Json;
const programVector = JSON.parse(vectors.requests[2]!.body) as Json;

/**
 * A valid series message (from the OpenSSL vectors), with a fresh msgId and msgTime.
 * `msgData` members override the vector's; with another seriesId the vector's episode list
 * is moved to it. `envelope.msgData`, when given, replaces msgData whole.
 */
export function seriesMessage(msgData: Json = {}, envelope: Json = {}): Json {
  const { msgSign: _s, ...base } = structuredClone(seriesVector);
  const data = { ...(base.msgData as Json), ...msgData };
  if (msgData.seriesId !== undefined && msgData.seriesPrograms === undefined) {
    data.seriesPrograms = (data.seriesPrograms as Json[]).map((e) => ({ ...e, seriesId: msgData.seriesId, programId: `${String(msgData.seriesId)}-${String(e.programId)}` }));
  }
  return { ...base, msgId: `m-${crypto.randomUUID()}`, msgTime: Date.now(), msgData: data, ...envelope };
}

/** A valid program message (from the vectors); `envelope.msgData` replaces msgData whole. */
export function programMessage(msgData: Json = {}, envelope: Json = {}): Json {
  const { msgSign: _s, ...base } = structuredClone(programVector);
  const data = { ...(base.msgData as Json), ...msgData };
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  return { ...base, msgId: `m-${crypto.randomUUID()}`, msgTime: Date.now(), msgData: data, ...envelope };
}

export function offlineMessage(msgType: 103 | 203, ids: Json, envelope: Json = {}): Json {
  return { msgId: `m-${crypto.randomUUID()}`, msgType, msgTime: Date.now(), msgData: ids, ...envelope };
}

export const PATHS = INTERFACE_PATHS;

export async function answer(res: Response): Promise<{ status: number; code: string; msg: string }> {
  const body = (await res.json()) as { code: string; msg: string };
  return { status: res.status, code: body.code, msg: body.msg };
}

/**
 * A live session as login would write it (CSRF token "c") for an operator account of `role`,
 * created if missing (`username` defaults to "<role>-user"); returns the cookie token.
 */
export async function plantSession(role: "admin" | "operator" | "auditor" | string, expiresAt = Date.now() + 600_000, username = `${role}-user`): Promise<string> {
  await env.DB.prepare("INSERT OR IGNORE INTO operators (username, role, password_hash, password_salt, password_iterations, created_at) VALUES (?, ?, 'x', '00', 1, 0)")
    .bind(username, role)
    .run();
  const token = crypto.randomUUID().replaceAll("-", "");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  const tokenHash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  await env.DB.prepare("INSERT INTO admin_sessions (token_hash, username, role, csrf_token, created_at, expires_at) VALUES (?, ?, ?, 'c', 0, ?)")
    .bind(tokenHash, username, role, expiresAt)
    .run();
  return token;
}
