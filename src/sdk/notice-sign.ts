/**
 * A 301/302 notice signed as the platform signs it (profile sections 3 and 6): what the CP's
 * endpoint receives. Used by `cp check-endpoint` and the tests of the notice handler.
 */
import { randomHex, type SigningCredential } from "../crypto";
import { signCpRequest, signMessageBody } from "./cp-client";

export interface NoticeSpec {
  /** The CP's registered endpoint (its path is part of the string to sign). */
  url: string;
  groupId: string;
  kind: "301" | "302";
  ids: string[];
  msgId?: string;
  msgTime?: number;
  nonce?: string;
  ts?: string;
  /** 301 seriesIds as Table 16's comma-separated string (default) or an array (B.4). */
  seriesIdsAsArray?: boolean;
}

export interface SignedNotice {
  url: string;
  body: string;
  msgId: string;
  nonce: string;
  ts: string;
}

export function signNotice(credential: SigningCredential, s: NoticeSpec): SignedNotice {
  const target = new URL(s.url);
  const msgId = s.msgId ?? `notice-${randomHex(12)}`;
  const msgData = s.kind === "301" ? { seriesIds: s.seriesIdsAsArray ? s.ids : s.ids.join(",") } : { programIds: s.ids };
  const body = signMessageBody(credential, { msgId, msgType: Number(s.kind), msgTime: s.msgTime ?? Date.now(), msgData }).text;
  const req = signCpRequest(credential, { baseUrl: target.origin, path: target.pathname, groupId: s.groupId, bodyText: body, nonce: s.nonce, ts: s.ts });
  return { url: req.url, body, msgId, nonce: req.nonce, ts: req.ts };
}
