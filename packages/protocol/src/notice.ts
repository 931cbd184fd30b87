/**
 * 301/302 emergency-offline notices (GY/T 345 6.8 Table 16, 6.9 Table 19; profile sections 3
 * and 6): the exact request the platform POSTs to a CP. Pure — the queue consumer and the
 * OpenSSL interop test (Node) build notices with the same function.
 *
 * `POST <CP URL>?groupId=<the CP's groupId>&nonce&ts&sign`, body
 * `{msgId, msgType, msgTime, msgData, msgSign}`; `msgData.seriesIds` is a comma-separated
 * string (Table 16; per-CP switch to an array as in B.4), `msgData.programIds` an array (Table 19).
 */
import { signBody, signRequest, type SigningCredential } from "./crypto";

/** What a 301/302 says: fixed when the takedown is decided, reused by every retry. */
export interface NoticeContent {
  msgType: 301 | 302;
  msgId: string;
  msgTime: number;
  ids: string[];
}

export interface NoticeTarget {
  groupId: string;
  /** How seriesIds travel: "string" (Table 16, default) or "array" (B.4). */
  noticeIdFormat: "string" | "array";
}

export interface NoticeRequest {
  /** The CP URL with the common parameters appended. */
  url: string;
  /** The exact body bytes signed and sent. */
  body: string;
  nonce: string;
  ts: string;
  sign: string;
}

export function noticeBody(cp: NoticeTarget, notice: NoticeContent): Record<string, unknown> {
  const msgData = notice.msgType === 301 ? { seriesIds: cp.noticeIdFormat === "array" ? [...notice.ids] : notice.ids.join(",") } : { programIds: [...notice.ids] };
  return { msgId: notice.msgId, msgType: notice.msgType, msgTime: notice.msgTime, msgData };
}

/** Signs one try of a notice: msgId/msgTime are the notice's, nonce and ts this try's. */
export function buildNoticeRequest(
  cp: NoticeTarget,
  credential: SigningCredential,
  notice: NoticeContent,
  cpUrl: string,
  attempt: { nonce: string; ts: string },
): NoticeRequest {
  const body = JSON.stringify(signBody(credential, noticeBody(cp, notice)));
  const path = new URL(cpUrl).pathname;
  const { query, sign } = signRequest(credential, { path, groupId: cp.groupId, nonce: attempt.nonce, ts: attempt.ts, body });
  const url = `${cpUrl}${cpUrl.includes("?") ? "&" : "?"}${query}`;
  return { url, body, nonce: attempt.nonce, ts: attempt.ts, sign };
}
