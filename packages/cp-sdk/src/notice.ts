/**
 * CP side of the platform's emergency-offline notices (6.8 series 301, 6.9 program 302): checks
 * a received request exactly as the profile (sections 2–4) says a receiver must — common
 * parameters and ts window, the platform's `sign` (SM2 with the platform public key, or the CP's
 * MAC), the nonce once, the JSON body and its msgSign, then the 301/302 fields — and answers in
 * Annex C terms. Pure: the CP simulator (`npm run cp-sim`) and the CP SDK's handler use it.
 */
import * as v from "valibot";
import { msgSignInput, requestStringToSign, sm3Hex, verifySignature, type Credential } from "@gyt345/protocol/crypto";
import { parseJsonObject } from "@gyt345/protocol/body";
import { parseCommonParams } from "@gyt345/protocol/common-params";
import { annexCAnswer, ProtocolError } from "@gyt345/protocol/errors";
import { IdArray, IdStringOrArray } from "@gyt345/protocol/schemas/id-list";

export interface ReceivedNotice {
  method: string;
  /** Request path without the query string, as received. */
  path: string;
  query: URLSearchParams;
  body: Uint8Array;
  contentType: string | null;
}

export interface NoticeVerifyOptions {
  /** How this CP was onboarded: sm2 → the platform signs with its key; mac → the CP's own MAC secret. */
  mode: "sm2" | "mac";
  /** The platform's SM2 public key (04… hex), mode sm2. */
  platformPublicKey?: string;
  /** The CP's MAC secret (32 hex), mode mac. */
  macKey?: string;
  /** This CP's groupId: notices carry the receiving CP's groupId. */
  groupId: string;
  now: number;
  tsWindowMs: number;
  /** Records the nonce; true when it was already seen (a replay). Called only once `sign` verified. */
  seenNonce(nonce: string): boolean;
}

export interface EmergencyOfflineNotice {
  msgId: string;
  msgType: 301 | 302;
  msgTime: number;
  seriesIds?: string[];
  programIds?: string[];
  /** The common parameters of this try (the nonce differs per try, msgId does not). */
  nonce: string;
  ts: string;
}

export type NoticeVerdict = { ok: true; notice: EmergencyOfflineNotice } | { ok: false; status: number; code: string; msg: string };

const Envelope = v.object({
  msgId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  msgType: v.picklist([301, 302]),
  msgTime: v.pipe(v.number(), v.integer(), v.minValue(0)),
  msgData: v.record(v.string(), v.unknown()),
});

function refuse(err: unknown): NoticeVerdict {
  const { status, body } = annexCAnswer(err);
  return { ok: false, status, code: body.code, msg: body.msg };
}

function credentialOf(opts: NoticeVerifyOptions): Credential {
  if (opts.mode === "sm2") {
    if (!opts.platformPublicKey) throw new ProtocolError("InternalError");
    return { mode: "sm2", publicKey: opts.platformPublicKey };
  }
  if (!opts.macKey) throw new ProtocolError("InternalError");
  return { mode: "mac", macKey: opts.macKey };
}

/** Checks one received 301/302 request; never throws. */
export function verifyNotice(req: ReceivedNotice, opts: NoticeVerifyOptions): NoticeVerdict {
  try {
    if (req.method.toUpperCase() !== "POST") throw ProtocolError.invalid("method");
    const params = parseCommonParams(req.query, opts.now, opts.tsWindowMs);
    const credential = credentialOf(opts);
    if (params.groupId !== opts.groupId) throw ProtocolError.forbidden();
    const stringToSign = requestStringToSign({ path: req.path, groupId: params.groupId, nonce: params.nonce, ts: params.ts, bodySm3: sm3Hex(req.body) });
    if (!verifySignature(credential, stringToSign, params.sign)) throw ProtocolError.forbidden();
    if (opts.seenNonce(params.nonce)) throw ProtocolError.invalid("nonce");
    const body = parseJsonObject(req.body, req.contentType);
    if (body.msgSign === undefined || body.msgSign === null || body.msgSign === "") throw ProtocolError.missing("msgSign");
    let signed: string;
    try {
      signed = msgSignInput(body);
    } catch {
      throw ProtocolError.forbidden();
    }
    if (typeof body.msgSign !== "string" || !verifySignature(credential, signed, body.msgSign)) throw ProtocolError.forbidden();
    for (const name of ["msgId", "msgType", "msgTime", "msgData"] as const) if (body[name] === undefined || body[name] === null) throw ProtocolError.missing(name);
    const envelope = v.safeParse(Envelope, body);
    if (!envelope.success) throw ProtocolError.invalid(v.getDotPath(envelope.issues[0]) ?? "body");
    const { msgId, msgType, msgTime, msgData } = envelope.output;
    const field = msgType === 301 ? "seriesIds" : "programIds";
    if (msgData[field] === undefined || msgData[field] === null) throw ProtocolError.missing(`msgData.${field}`);
    const ids = v.safeParse(msgType === 301 ? IdStringOrArray : IdArray, msgData[field]);
    if (!ids.success) throw ProtocolError.invalid(`msgData.${field}`);
    return { ok: true, notice: { msgId, msgType, msgTime, [field]: ids.output as string[], nonce: params.nonce, ts: params.ts } };
  } catch (err) {
    return refuse(err);
  }
}

/** A nonce memory for `seenNonce`: remembers nonces for twice the ts window (enough to refuse every replay the window admits). */
export function nonceMemory(ttlMs: number, now: () => number = Date.now) {
  const seen = new Map<string, number>();
  return (nonce: string): boolean => {
    const t = now();
    for (const [n, expires] of seen) if (expires < t) seen.delete(n);
    if (seen.has(nonce)) return true;
    seen.set(nonce, t + ttlMs);
    return false;
  };
}
