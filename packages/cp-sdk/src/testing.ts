/**
 * A 301/302 notice signed exactly as the platform's queue consumer signs it (src/offline/notice.ts):
 * what the CP's endpoint receives. Used by `cp check-endpoint` and the tests of the notice handler.
 */
import { randomHex, type SigningCredential } from "@gyt345/protocol/crypto";
import { buildNoticeRequest } from "@gyt345/protocol/notice";

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
  const msgId = s.msgId ?? `notice-${randomHex(12)}`;
  const req = buildNoticeRequest(
    { groupId: s.groupId, noticeIdFormat: s.seriesIdsAsArray ? "array" : "string" },
    credential,
    { msgType: s.kind === "301" ? 301 : 302, msgId, msgTime: s.msgTime ?? Date.now(), ids: s.ids },
    s.url,
    { nonce: s.nonce ?? randomHex(16), ts: s.ts ?? String(Date.now()) },
  );
  return { url: req.url, body: req.body, msgId, nonce: req.nonce, ts: req.ts };
}
