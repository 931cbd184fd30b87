/**
 * The four CP-facing interfaces (6.4–6.7). Routes stay thin: authenticate, parse, apply,
 * answer; every refusal is a thrown ProtocolError that `app.onError` answers and the
 * message-log middleware records.
 */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { loadConfig, loadOfflineConfig } from "../config";
import { sm3Hex } from "@gyt345/protocol/crypto";
import { createDb } from "../catalog/db";
import { runBatch } from "../catalog/db";
import { insertMessageLog, recordAnonymousRefusal } from "../catalog/messages";
import type { HonoEnv } from "../env";
import { claimedGroupId } from "@gyt345/protocol/common-params";
import { annexCAnswer, okBody, ProtocolError } from "@gyt345/protocol/errors";
import { INTERFACE_PATHS, type InterfaceName } from "@gyt345/protocol/msg-types";
import { parseMessage } from "@gyt345/protocol/parse-message";
import { authenticate, nonceFirst, type IngestPorts } from "./authenticate";
import { ingestMessage } from "./ingest-message";
import { openSignedBody } from "./signed-body";

/** What the log row of a refused request can say about it, filled in as checks pass. */
interface Trace {
  receivedAt: number;
  groupId: string | null;
  nonce: string | null;
  msgId: string | null;
  msgType: number | null;
  bodySm3: string | null;
  /** `sign` verified: groupId is the CP's, not just claimed. */
  verified: boolean;
}
type IngestEnv = HonoEnv & { Variables: { trace: Trace } };

export function ingestPorts(c: Context<IngestEnv>): IngestPorts {
  return {
    db: createDb(c.env.DB),
    kv: c.env.NONCE_KV,
    config: loadConfig(c.env),
    cpSecretKey: c.env.CP_SECRET_KEY,
    now: Date.now,
    purge: { origin: new URL(c.req.url).origin, cdnAdapter: loadOfflineConfig(c.env).cdnAdapter, queue: c.env.NOTICE_QUEUE },
  };
}

/**
 * Records refused requests after the answer (accepted ones are logged inside their batch):
 * one row per request in the CP's name once its `sign` verified; before that, nothing is
 * the CP's, so the refusal is only counted per source and minute (recordAnonymousRefusal).
 */
const logRefused: MiddlewareHandler<IngestEnv> = async (c, next) => {
  const url = new URL(c.req.url);
  c.set("trace", { receivedAt: Date.now(), groupId: claimedGroupId(url.searchParams), nonce: null, msgId: null, msgType: null, bodySm3: null, verified: false });
  await next();
  if (!c.error) return;
  const { status, body } = annexCAnswer(c.error);
  if (status >= 500) console.error(`ingest ${url.pathname} failed:`, c.error);
  const t = c.get("trace");
  const db = createDb(c.env.DB);
  const write = t.verified
    ? insertMessageLog(db, {
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
        verified: true,
      }).run()
    : runBatch(
        db,
        recordAnonymousRefusal(db, {
          receivedAt: t.receivedAt,
          source: (c.req.header("cf-connecting-ip") ?? "unknown").slice(0, 64),
          claimedGroupId: t.groupId,
          path: url.pathname,
          nonce: t.nonce,
          httpStatus: status,
          resultCode: body.code,
          resultMsg: body.msg,
          bodySm3: t.bodySm3,
        }),
      );
  c.executionCtx.waitUntil(write.catch((err: unknown) => console.error("message log write failed:", err)));
};

async function handle(c: Context<IngestEnv>, iface: InterfaceName): Promise<Response> {
  const ports = ingestPorts(c);
  const trace = c.get("trace");
  const path = INTERFACE_PATHS[iface];
  const auth = await authenticate(c.req.raw, ports, {
    params: (p) => (trace.nonce = p.nonce),
    bodySm3: (d) => (trace.bodySm3 = d),
    verified: () => (trace.verified = true),
  });

  // Checks 5–7: JSON object, msgSign, the message schema of this interface. A refusal here
  // first asks D1 about the nonce (check 4 comes first; KV may lag): off the accepted path,
  // which stays at one D1 round trip.
  const { body, signedContent, message } = await nonceFirst(ports, auth, () => {
    const opened = openSignedBody(auth, c.req.header("content-type") ?? null, (id, type) => {
      trace.msgId = id;
      trace.msgType = type;
    });
    return { ...opened, message: parseMessage(iface, opened.body) };
  });

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
