/**
 * The CP's side of emergency offline (6.8, 6.9: 节目集/节目紧急下线): a fetch handler,
 * `(Request) => Promise<Response>`, that verifies an incoming 301/302 notice of the platform,
 * hands it to the CP's code once per msgId and answers per Annex C. Mount it in a Worker
 * (`export default { fetch: handler }`), Hono (`app.post("/offline", (c) => handler(c.req.raw))`)
 * or Express/Node http through `toNodeListener` in ./node.
 */
import { readBodyLimited } from "@gyt345/protocol/body";
import { annexCAnswer, okBody } from "@gyt345/protocol/errors";
import { nonceMemory, verifyNotice, type EmergencyOfflineNotice } from "./notice";

/** A verified 301 (seriesIds) or 302 (programIds), with this delivery's nonce and ts. */
export type ReceivedNotice = EmergencyOfflineNotice;

export interface NoticeHandlerOptions {
  /** This CP's groupId: a notice for another CP is refused (403). */
  groupId: string;
  mode: "sm2" | "mac";
  /** sm2: the platform's public key (GET /api/v1/platform/public-key), 04‖X‖Y hex. */
  platformPublicKey?: string;
  /** mac: the CP's secret shown at onboarding (32 hex). */
  macKey?: string;
  /** Take the content offline. Called once per msgId; a throw answers 500 and the platform retries. */
  onNotice(notice: ReceivedNotice): void | Promise<void>;
  /** Accepted clock difference of ts (default 300 s, as the platform's). */
  tsWindowMs?: number;
  /** Largest body read (default 1 MiB). */
  maxBodyBytes?: number;
  /**
   * Replay and duplicate stores. The defaults are in memory (one process); a CP with several
   * instances passes shared ones (KV, Redis, its database). `seenNonce` returns true when the
   * nonce was seen before and records it otherwise; `isDone`/`markDone` track processed msgIds.
   */
  seenNonce?: (nonce: string) => boolean;
  isDone?: (msgId: string) => boolean | Promise<boolean>;
  markDone?: (msgId: string) => void | Promise<void>;
  now?: () => number;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json;charset=utf-8" } });

export function createNoticeHandler(o: NoticeHandlerOptions): (req: Request) => Promise<Response> {
  const now = o.now ?? Date.now;
  const tsWindowMs = o.tsWindowMs ?? 300_000;
  const seenNonce = o.seenNonce ?? nonceMemory(2 * tsWindowMs, now);
  const done = new Set<string>();
  const isDone = o.isDone ?? ((id: string) => done.has(id));
  const markDone = o.markDone ?? ((id: string) => void done.add(id));
  const inFlight = new Map<string, Promise<void>>();

  return async (req: Request): Promise<Response> => {
    try {
      const body = await readBodyLimited(req, o.maxBodyBytes ?? 1 << 20);
      const url = new URL(req.url);
      const result = verifyNotice(
        { method: req.method, path: url.pathname, query: url.searchParams, body, contentType: req.headers.get("content-type") },
        { mode: o.mode, platformPublicKey: o.platformPublicKey, macKey: o.macKey, groupId: o.groupId, now: now(), tsWindowMs, seenNonce },
      );
      if (!result.ok) return json(result.status, { code: result.code, msg: result.msg });
      const { notice } = result;
      // One msgId is one emergency offline, whatever the number of deliveries (the platform
      // retries with the same msgId and a fresh nonce): act once, acknowledge each time.
      if (!(await isDone(notice.msgId))) {
        let work = inFlight.get(notice.msgId);
        if (work === undefined) {
          work = (async () => {
            await o.onNotice(notice);
            await markDone(notice.msgId);
          })().finally(() => inFlight.delete(notice.msgId));
          inFlight.set(notice.msgId, work);
        }
        await work;
        return json(200, okBody());
      }
      return json(200, okBody("duplicate msgId: already processed"));
    } catch (err) {
      const { status, body } = annexCAnswer(err);
      return json(status, body);
    }
  };
}
