/**
 * The four CP-facing interfaces (6.4–6.7). Routes stay thin: authenticate, parse, apply,
 * answer; every refusal is a thrown ProtocolError that `app.onError` answers and the
 * message-log middleware records.
 */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { loadConfig } from "../config";
import { CryptoInputError, msgSignInput, sm3Hex, verifySignature } from "../crypto";
import { createDb } from "../catalog/db";
import { insertMessageLog } from "../catalog/messages";
import type { HonoEnv } from "../env";
import { parseJsonObject } from "../protocol/body";
import { claimedGroupId } from "../protocol/common-params";
import { annexCAnswer, okBody, ProtocolError } from "../protocol/errors";
import type { InterfaceName } from "../protocol/msg-types";
import { parseMessage } from "../protocol/parse-message";
import { authenticate, type IngestPorts } from "./authenticate";
import { ingestMessage } from "./ingest-message";

/** Interface paths chosen by the platform (profile section 5). */
export const INTERFACE_PATHS: Record<InterfaceName, string> = {
  seriesInject: "/api/v1/series/inject",
  seriesOffline: "/api/v1/series/offline",
  programInject: "/api/v1/programs/inject",
  programOffline: "/api/v1/programs/offline",
};

/** What the log row of a refused request can say about it, filled in as checks pass. */
interface Trace {
  receivedAt: number;
  groupId: string | null;
  nonce: string | null;
  msgId: string | null;
  msgType: number | null;
  bodySm3: string | null;
}
type IngestEnv = HonoEnv & { Variables: { trace: Trace } };

export function ingestPorts(c: Context<IngestEnv>): IngestPorts {
  return {
    db: createDb(c.env.DB),
    kv: c.env.NONCE_KV,
    config: loadConfig(c.env),
    cpSecretKey: c.env.CP_SECRET_KEY,
    now: Date.now,
  };
}

/** Records refused requests after the answer (accepted ones are logged inside their batch). */
const logRefused: MiddlewareHandler<IngestEnv> = async (c, next) => {
  const url = new URL(c.req.url);
  c.set("trace", { receivedAt: Date.now(), groupId: claimedGroupId(url.searchParams), nonce: null, msgId: null, msgType: null, bodySm3: null });
  await next();
  if (!c.error) return;
  const { status, body } = annexCAnswer(c.error);
  if (status >= 500) console.error(`ingest ${url.pathname} failed:`, c.error);
  const t = c.get("trace");
  c.executionCtx.waitUntil(
    insertMessageLog(createDb(c.env.DB), {
      receivedAt: t.receivedAt,
      groupId: t.groupId,
      path: url.pathname,
      nonce: t.nonce,
      msgId: t.msgId,
      msgType: t.msgType,
      httpStatus: status,
      resultCode: body.code,
      resultMsg: body.msg,
      bodySm3: t.bodySm3,
      body: null,
    })
      .run()
      .catch((err: unknown) => console.error("message log write failed:", err)),
  );
};

/** The msgSign input, or null for a body with no canonical JSON form (e.g. a lone surrogate): nothing can verify it. */
function canonicalContent(body: Record<string, unknown>): string | null {
  try {
    return msgSignInput(body);
  } catch (err) {
    if (err instanceof CryptoInputError) return null;
    throw err;
  }
}

async function handle(c: Context<IngestEnv>, iface: InterfaceName): Promise<Response> {
  const ports = ingestPorts(c);
  const trace = c.get("trace");
  const path = INTERFACE_PATHS[iface];
  const auth = await authenticate(c.req.raw, ports, { params: (p) => (trace.nonce = p.nonce), bodySm3: (d) => (trace.bodySm3 = d) });

  // Checks 5–7: JSON object, msgSign, the message schema of this interface.
  const body = parseJsonObject(auth.body, c.req.header("content-type") ?? null);
  if (typeof body.msgId === "string") trace.msgId = body.msgId.slice(0, 128);
  if (Number.isSafeInteger(body.msgType)) trace.msgType = body.msgType as number;
  if (body.msgSign === undefined || body.msgSign === null || body.msgSign === "") throw ProtocolError.missing("msgSign");
  const signedContent = canonicalContent(body);
  if (signedContent === null || typeof body.msgSign !== "string" || !verifySignature(auth.credential, signedContent, body.msgSign)) {
    throw ProtocolError.forbidden();
  }
  const message = parseMessage(iface, body);

  const note = await ingestMessage(ports, {
    path,
    auth,
    message,
    contentSm3: sm3Hex(signedContent),
    receivedAt: trace.receivedAt,
    waitUntil: (p) => c.executionCtx.waitUntil(p),
  });
  return c.json(okBody(note));
}

export function ingestRoutes(): Hono<IngestEnv> {
  const app = new Hono<IngestEnv>();
  for (const iface of Object.keys(INTERFACE_PATHS) as InterfaceName[]) {
    const path = INTERFACE_PATHS[iface];
    app.use(path, logRefused);
    app.post(path, (c) => handle(c, iface));
    // Every interface is POST (profile section 1): anything else is InvalidParameter.
    app.all(path, () => {
      throw ProtocolError.invalid("method");
    });
  }
  return app;
}
