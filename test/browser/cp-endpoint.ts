/**
 * A CP's emergency-offline endpoints as the browser test needs them: records every notice the
 * platform POSTs (path, common parameters, body) and checks the platform's SM2 signatures — the
 * request `sign` (profile section 2) and the body's `msgSign` — then answers `{"code":"ok"}`.
 */
import { createServer, type Server } from "node:http";
import { msgSignInput, requestStringToSign, sm2Verify, sm3Hex } from "../../src/crypto";

export interface ReceivedNotice {
  at: number;
  path: string;
  groupId: string;
  verified: boolean;
  body: { msgId?: string; msgType?: number; msgData?: { seriesIds?: string | string[]; programIds?: string[] } } | null;
}

export function startCpEndpoint(port: number, platformPublicKey: string): Promise<{ received: ReceivedNotice[]; close: () => Promise<void> }> {
  const received: ReceivedNotice[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const q = url.searchParams;
      let body: ReceivedNotice["body"] = null;
      let verified = false;
      try {
        body = JSON.parse(raw) as ReceivedNotice["body"] & Record<string, unknown>;
        const signed = requestStringToSign({ path: url.pathname, groupId: q.get("groupId") ?? "", nonce: q.get("nonce") ?? "", ts: q.get("ts") ?? "", bodySm3: sm3Hex(raw) });
        const msgSign = (body as Record<string, unknown>).msgSign;
        verified =
          req.method === "POST" &&
          sm2Verify(platformPublicKey, signed, q.get("sign") ?? "") &&
          typeof msgSign === "string" &&
          sm2Verify(platformPublicKey, msgSignInput(body as Record<string, unknown>), msgSign);
      } catch {
        verified = false;
      }
      received.push({ at: Date.now(), path: url.pathname, groupId: q.get("groupId") ?? "", verified, body });
      res.writeHead(verified ? 200 : 403, { "content-type": "application/json" }).end(JSON.stringify(verified ? { code: "ok", msg: "success" } : { code: "InvalidSignature", msg: "bad sign" }));
    });
  });
  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () => resolve({ received, close: () => new Promise<void>((r) => server.close(() => r())) })),
  );
}
