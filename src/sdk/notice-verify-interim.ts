/**
 * INTERIM verifier of the platform's 301/302 notices with the signature of the contract's
 * `verifyNotice` (src/sdk/notice.ts, written in branch issue-11). The SDK handler imports it
 * from here only until that branch is merged; then `./notice` replaces this file.
 */
import * as v from "valibot";
import { msgSignInput, verifySignature, requestStringToSign, sm3Hex, type Credential } from "../crypto";
import { parseJsonObject } from "../protocol/body";
import { parseCommonParams } from "../protocol/common-params";
import { annexCAnswer, ProtocolError } from "../protocol/errors";
import { MsgId, MsgTime } from "../protocol/schemas/fields";
import { IdStringOrArray } from "../protocol/schemas/id-list";

export interface NoticeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Uint8Array;
  contentType: string | null;
}

export interface NoticeVerifyOptions {
  mode: "sm2" | "mac";
  platformPublicKey?: string;
  macKey?: string;
  groupId: string;
  now: number;
  tsWindowMs: number;
  /** True when the nonce was seen before (and records it otherwise). */
  seenNonce(nonce: string): boolean;
}

export type Notice =
  | { msgId: string; msgType: 301; msgTime: number; seriesIds: string[] }
  | { msgId: string; msgType: 302; msgTime: number; programIds: string[] };

export type NoticeVerifyResult = { ok: true; notice: Notice } | { ok: false; status: number; code: string; msg: string };

const first = (issues: v.BaseIssue<unknown>[], prefix: string): ProtocolError => {
  const issue = issues[0]!;
  const path = [prefix, ...(issue.path ?? []).map((p) => p.key as string)].filter(Boolean).join(".");
  return issue.input == null ? ProtocolError.missing(path) : ProtocolError.invalid(path);
};

export function verifyNotice(req: NoticeRequest, o: NoticeVerifyOptions): NoticeVerifyResult {
  try {
    if (req.method.toUpperCase() !== "POST") throw ProtocolError.invalid("method");
    const params = parseCommonParams(req.query, o.now, o.tsWindowMs);
    const cred: Credential | undefined =
      o.mode === "sm2" ? (o.platformPublicKey ? { mode: "sm2", publicKey: o.platformPublicKey } : undefined) : o.macKey ? { mode: "mac", macKey: o.macKey } : undefined;
    if (cred === undefined) throw new Error("verifyNotice: no platform public key / MAC key configured");
    const toSign = requestStringToSign({ path: req.path, groupId: params.groupId, nonce: params.nonce, ts: params.ts, bodySm3: sm3Hex(req.body) });
    if (params.groupId !== o.groupId || !verifySignature(cred, toSign, params.sign)) throw ProtocolError.forbidden();
    if (o.seenNonce(params.nonce)) throw ProtocolError.invalid("nonce");
    const body = parseJsonObject(req.body, req.contentType);
    if (body.msgSign === undefined || body.msgSign === null || body.msgSign === "") throw ProtocolError.missing("msgSign");
    let input: string;
    try {
      input = msgSignInput(body);
    } catch {
      throw ProtocolError.forbidden();
    }
    if (!verifySignature(cred, input, body.msgSign as string)) throw ProtocolError.forbidden();
    const env = v.safeParse(v.object({ msgId: MsgId, msgType: v.picklist([301, 302]), msgTime: MsgTime, msgData: v.record(v.string(), v.unknown()) }), body, { abortEarly: true });
    if (!env.success) throw first(env.issues, "");
    const { msgId, msgType, msgTime, msgData } = env.output;
    const key = msgType === 301 ? "seriesIds" : "programIds";
    const ids = v.safeParse(v.object({ [key]: IdStringOrArray }), msgData, { abortEarly: true });
    if (!ids.success) throw first(ids.issues, "msgData");
    const list = (ids.output as Record<string, string[]>)[key]!;
    const notice: Notice = msgType === 301 ? { msgId, msgType, msgTime, seriesIds: list } : { msgId, msgType, msgTime, programIds: list };
    return { ok: true, notice };
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    const { status, body } = annexCAnswer(err);
    return { ok: false, status, code: body.code, msg: body.msg };
  }
}
