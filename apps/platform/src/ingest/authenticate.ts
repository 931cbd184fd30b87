/**
 * Checks 1–4 of profile section 4 for the four CP-facing interfaces: common parameters,
 * ts window, CP status and `sign`, then the nonce. The CP comes from a per-isolate cache
 * (cp-cache.ts, bounded staleness); the nonce is looked up in KV only, as the fast check: the
 * authority is its primary key in the batch that applies the message (ingest-message.ts), which
 * also decides between racing copies. So an accepted message costs one D1 round trip.
 */
import type { Config } from "../config";
import { requestStringToSign, sm3Hex, verifySignature, type Credential } from "@gyt345/protocol/crypto";
import type { Db } from "../catalog/db";
import { nonceKvKey, selectNonce } from "../catalog/nonces";
import type { CpRow } from "../catalog/schema";
import { readBodyLimited } from "@gyt345/protocol/body";
import { parseCommonParams, type CommonParams } from "@gyt345/protocol/common-params";
import { ProtocolError } from "@gyt345/protocol/errors";
import type { IngestPurgePorts } from "./purges";
import { knownCp } from "./cp-cache";

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
  /** `sign` verified: from here on a refusal is the CP's own and is logged in its name. */
  verified?(): void;
}

export async function authenticate(req: Request, ports: IngestPorts, observe?: AuthObserver): Promise<AuthenticatedRequest> {
  const url = new URL(req.url);
  const params = parseCommonParams(url.searchParams, ports.now(), ports.config.tsWindowMs);
  observe?.params(params);
  const body = await readBodyLimited(req, ports.config.maxBodyBytes);
  const bodySm3 = sm3Hex(body);
  observe?.bodySm3(bodySm3);

  // KV in parallel with the CP lookup (usually a cache hit: no D1 read at all).
  const kvSeen = ports.kv.get(nonceKvKey(params.groupId, params.nonce)).catch(() => null);
  const known = await knownCp(ports, params.groupId);
  if (!known || known.cp.status !== "active") throw ProtocolError.forbidden();
  const { cp, credential } = known;
  const stringToSign = requestStringToSign({ path: url.pathname, groupId: params.groupId, nonce: params.nonce, ts: params.ts, bodySm3 });
  if (!verifySignature(credential, stringToSign, params.sign)) throw ProtocolError.forbidden();
  observe?.verified?.();

  if ((await kvSeen) !== null) throw ProtocolError.invalid("nonce");
  return { cp, credential, params, body, bodySm3 };
}

/**
 * Runs checks 5–7; when one refuses, the nonce (check 4) is asked of D1 first, so a replay whose
 * KV entry has not propagated is still answered "nonce" in the profile's order. Accepted messages
 * never pay this read: their nonce is decided by the apply batch.
 */
export async function nonceFirst<T>(ports: IngestPorts, auth: AuthenticatedRequest, checks: () => T): Promise<T> {
  try {
    return checks();
  } catch (err) {
    if (err instanceof ProtocolError) {
      const used = await selectNonce(ports.db, auth.params.groupId, auth.params.nonce);
      if (used.length > 0) throw ProtocolError.invalid("nonce");
    }
    throw err;
  }
}
