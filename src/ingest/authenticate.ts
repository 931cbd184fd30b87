/**
 * Checks 1–4 of profile section 4 for the four CP-facing interfaces: common parameters,
 * ts window, CP status and `sign`, then the nonce. The nonce is only looked up here; it is
 * consumed by the batch that applies the message (D1 UNIQUE decides between racing copies).
 */
import type { Config } from "../config";
import { requestStringToSign, sm3Hex, verifySignature, type Credential } from "../crypto";
import { cpCredential } from "../catalog/cp-credentials";
import { selectCp } from "../catalog/cps";
import type { Db } from "../catalog/db";
import { nonceKvKey, selectNonce } from "../catalog/nonces";
import type { CpRow } from "../catalog/schema";
import { readBodyLimited } from "../protocol/body";
import { parseCommonParams, type CommonParams } from "../protocol/common-params";
import { ProtocolError } from "../protocol/errors";
import type { IngestPurgePorts } from "./purges";

export interface IngestPorts {
  db: Db;
  kv: KVNamespace;
  config: Config;
  /** CP_SECRET_KEY, to open MAC secrets. */
  cpSecretKey: string;
  now: () => number;
  /** CDN purges of visibility changes (src/ingest/purges.ts); absent: none are written. */
  purge?: Omit<IngestPurgePorts, "db">;
}

export interface AuthenticatedRequest {
  cp: CpRow;
  credential: Credential;
  params: CommonParams;
  body: Uint8Array;
  bodySm3: string;
}

/** Lets the message log learn what passed, also when a later check refuses the request. */
export interface AuthObserver {
  params(p: CommonParams): void;
  bodySm3(digest: string): void;
}

export async function authenticate(req: Request, ports: IngestPorts, observe?: AuthObserver): Promise<AuthenticatedRequest> {
  const url = new URL(req.url);
  const params = parseCommonParams(url.searchParams, ports.now(), ports.config.tsWindowMs);
  observe?.params(params);
  const body = await readBodyLimited(req, ports.config.maxBodyBytes);
  const bodySm3 = sm3Hex(body);
  observe?.bodySm3(bodySm3);

  // One D1 round trip for the CP and the nonce; KV in parallel as the fast first check.
  const kvSeen = ports.kv.get(nonceKvKey(params.groupId, params.nonce)).catch(() => null);
  const [cpRows, nonceRows] = await ports.db.batch([selectCp(ports.db, params.groupId), selectNonce(ports.db, params.groupId, params.nonce)]);
  const cp = cpRows[0];
  if (!cp || cp.status !== "active") throw ProtocolError.forbidden();

  const credential = await cpCredential(cp, ports.cpSecretKey);
  const stringToSign = requestStringToSign({ path: url.pathname, groupId: params.groupId, nonce: params.nonce, ts: params.ts, bodySm3 });
  if (!verifySignature(credential, stringToSign, params.sign)) throw ProtocolError.forbidden();

  if (nonceRows.length > 0 || (await kvSeen) !== null) throw ProtocolError.invalid("nonce");
  return { cp, credential, params, body, bodySm3 };
}
