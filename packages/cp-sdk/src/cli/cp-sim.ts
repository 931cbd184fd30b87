/**
 * The CP simulator (`gyt345-cp serve`, `npm run cp -- serve` in this repo): a content platform's
 * emergency-offline endpoints (6.8 series 301, 6.9 program 302) for local development, CI and
 * the takedown benchmark.
 *
 *   POST /cp/:groupId/series-offline    (301)     POST /cp/:groupId/program-offline   (302)
 *
 * Each notice is checked as a CP must (../notice.ts: the platform's SM2 signature with the
 * key from <platform>/api/v1/platform/public-key or the one given, or the CP's MAC from
 * the CP file), then answered per the CP's mode:
 *   ok          200 {"code":"ok","msg":"success"}
 *   500         500 InternalError
 *   timeout     never answers (the platform's 10 s timeout fires)
 *   wrong-code  200 with a code other than ok
 *   fail-n      the next n notices answer 500, then ok
 * Control: GET /_sim/received, POST /_sim/mode {groupId?, mode, n?}, POST /_sim/reset.
 * One JSON line per notice on stdout.
 *
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { nonceMemory, verifyNotice, type NoticeVerdict } from "../notice";

type Mode = "ok" | "500" | "timeout" | "wrong-code" | "fail-n";
const MODES: readonly Mode[] = ["ok", "500", "timeout", "wrong-code", "fail-n"];

interface SimCp {
  groupId: string;
  mode: "sm2" | "mac";
  credential?: { mode: "sm2"; privateKey: string } | { mode: "mac"; macKey: string };
  macSecret?: string;
}

interface Received {
  at: number;
  groupId: string;
  kind: "301" | "302";
  msgId: string | null;
  nonce: string | null;
  verified: boolean;
  answer: { status: number; code: string } | null;
  reason?: string;
  body: unknown;
}

export interface CpSimOptions {
  port: number;
  /** Where the platform's public key is fetched (unless platformPublicKey is given). */
  platformUrl: string;
  platformPublicKey?: string;
  /** JSON [{groupId, mode, credential}] as `npm run dev` writes it; re-read when it changes. */
  cpFile: string;
  tsWindowMs: number;
}

/** Starts the simulator on 127.0.0.1:port; close it with `closeAllConnections()` then `close()` (timeout mode holds connections). */
export function startCpSim(o: CpSimOptions): Server {
  const PORT = o.port;
  const PLATFORM_URL = o.platformUrl;
  const CP_FILE = o.cpFile;
  const TS_WINDOW_MS = o.tsWindowMs;
  const received: Received[] = [];
  const modes = new Map<string, { mode: Mode; n: number }>(); // "" = every CP without its own mode
  const seenNonce = new Map<string, (nonce: string) => boolean>();
  let platformKey: string | undefined = o.platformPublicKey;
  let cpCache: { mtimeMs: number; cps: SimCp[] } | undefined;

  /** The CP file is re-read when it changes: `npm run dev` writes it after the simulator starts. */
  function findCp(groupId: string): SimCp | undefined {
    if (!existsSync(CP_FILE)) return undefined;
    const { mtimeMs } = statSync(CP_FILE);
    if (cpCache?.mtimeMs !== mtimeMs) cpCache = { mtimeMs, cps: JSON.parse(readFileSync(CP_FILE, "utf8")) as SimCp[] };
    return cpCache.cps.find((c) => c.groupId === groupId);
  }

  async function platformPublicKey(): Promise<string | undefined> {
    if (platformKey) return platformKey;
    try {
      const res = await fetch(`${PLATFORM_URL}/api/v1/platform/public-key`);
      if (res.ok) platformKey = ((await res.json()) as { publicKey: string }).publicKey;
    } catch {
      /* platform not up yet: the notice is refused and the platform retries */
    }
    return platformKey;
  }

  function readBody(req: IncomingMessage): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
      req.on("error", reject);
    });
  }

  function json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }

  function modeOf(groupId: string): { mode: Mode; n: number } {
    return modes.get(groupId) ?? modes.get("") ?? { mode: "ok", n: 0 };
  }

  /** What the CP answers to a verified notice in its current mode (fail-n counts down). */
  function answerFor(groupId: string): { status: number; body: { code: string; msg: string } } | "hang" {
    const m = modeOf(groupId);
    switch (m.mode) {
      case "ok":
        return { status: 200, body: { code: "ok", msg: "success" } };
      case "500":
        return { status: 500, body: { code: "InternalError", msg: "The request processing has failed due to some unknown error." } };
      case "timeout":
        return "hang";
      case "wrong-code":
        return { status: 200, body: { code: "Busy", msg: "simulated wrong code" } };
      case "fail-n":
        if (m.n > 0) {
          m.n -= 1;
          return { status: 500, body: { code: "InternalError", msg: `simulated failure (${m.n} left)` } };
        }
        return { status: 200, body: { code: "ok", msg: "success" } };
    }
  }

  async function handleNotice(req: IncomingMessage, res: ServerResponse, url: URL, groupId: string, kind: "301" | "302"): Promise<void> {
    const bytes = await readBody(req);
    const text = new TextDecoder().decode(bytes);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* logged as text */
    }
    const cp = findCp(groupId);
    let verdict: NoticeVerdict;
    if (!cp) {
      verdict = { ok: false, status: 403, code: "Forbidden", msg: "GroupId or GroupSecret is not valid." };
    } else {
      const macKey = cp.credential?.mode === "mac" ? cp.credential.macKey : cp.macSecret;
      if (!seenNonce.has(groupId)) seenNonce.set(groupId, nonceMemory(2 * TS_WINDOW_MS));
      verdict = verifyNotice(
        { method: req.method ?? "", path: url.pathname, query: url.searchParams, body: bytes, contentType: req.headers["content-type"] ?? null },
        {
          mode: cp.mode,
          ...(cp.mode === "sm2" ? { platformPublicKey: await platformPublicKey() } : {}),
          ...(macKey ? { macKey } : {}),
          groupId,
          now: Date.now(),
          tsWindowMs: TS_WINDOW_MS,
          seenNonce: seenNonce.get(groupId)!,
        },
      );
      if (verdict.ok && String(verdict.notice.msgType) !== kind) verdict = { ok: false, status: 400, code: "InvalidParameter", msg: 'The specified parameter "msgType" is not valid.' };
    }
    const entry: Received = {
      at: Date.now(),
      groupId,
      kind,
      msgId: verdict.ok ? verdict.notice.msgId : typeof body === "object" && body && "msgId" in body ? String((body as { msgId: unknown }).msgId) : null,
      nonce: url.searchParams.get("nonce"),
      verified: verdict.ok,
      answer: null,
      ...(verdict.ok ? {} : { reason: `${verdict.code}: ${verdict.msg}` }),
      body,
    };
    received.push(entry);
    const answer = verdict.ok ? answerFor(groupId) : { status: verdict.status, body: { code: verdict.code, msg: verdict.msg } };
    entry.answer = answer === "hang" ? null : { status: answer.status, code: answer.body.code };
    console.log(JSON.stringify({ at: new Date(entry.at).toISOString(), groupId, kind, msgId: entry.msgId, nonce: entry.nonce, verified: entry.verified, reason: entry.reason, answer: entry.answer ?? "no answer (timeout mode)", ids: verdict.ok ? (verdict.notice.seriesIds ?? verdict.notice.programIds) : undefined }));
    if (answer === "hang") return; // the connection stays open until the platform gives up
    json(res, answer.status, answer.body);
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === "GET" && url.pathname === "/_sim/received") return json(res, 200, received);
    if (req.method === "POST" && url.pathname === "/_sim/reset") {
      received.length = 0;
      modes.clear();
      seenNonce.clear();
      return json(res, 200, { ok: true });
    }
    if (req.method === "POST" && url.pathname === "/_sim/mode") {
      let input: { groupId?: unknown; mode?: unknown; n?: unknown };
      try {
        input = JSON.parse(new TextDecoder().decode(await readBody(req))) as typeof input;
      } catch {
        return json(res, 400, { error: "body must be JSON {groupId?, mode, n?}" });
      }
      if (!MODES.includes(input.mode as Mode)) return json(res, 400, { error: `mode must be one of ${MODES.join(", ")}` });
      const n = Number.isSafeInteger(input.n) && (input.n as number) >= 0 ? (input.n as number) : 1;
      modes.set(typeof input.groupId === "string" ? input.groupId : "", { mode: input.mode as Mode, n });
      return json(res, 200, { groupId: input.groupId ?? null, mode: input.mode, ...(input.mode === "fail-n" ? { n } : {}) });
    }
    json(res, 404, { error: "unknown control endpoint" });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${PORT}`);
    const notice = /^\/cp\/([A-Za-z0-9_-]{1,64})\/(series-offline|program-offline)$/.exec(url.pathname);
    const work = notice
      ? handleNotice(req, res, url, notice[1]!, notice[2] === "series-offline" ? "301" : "302")
      : url.pathname.startsWith("/_sim/")
        ? handleControl(req, res, url)
        : Promise.resolve(json(res, 404, { code: "NotFound", msg: "No such interface." }));
    work.catch((err: unknown) => {
      console.error("[cp-sim]", err);
      if (!res.headersSent) json(res, 500, { code: "InternalError", msg: "simulator error" });
    });
  });

  server.listen(PORT, "127.0.0.1", () => {
    console.error(`[cp-sim] listening on http://127.0.0.1:${PORT}/cp/<groupId>/{series-offline,program-offline}; CPs from ${CP_FILE}; platform ${PLATFORM_URL}`);
  });
  return server;
}
