/**
 * Anti-hotlinking of the play redirect (A.5 防盗播): an expiring signed play URL, the way the
 * CDN in front of the media checks it.
 *
 * `aliyun-a` is Alibaba Cloud CDN URL authentication type A:
 *   `?auth_key=<timestamp>-<rand>-<uid>-<md5hash>`, md5hash = md5("<URI>-<timestamp>-<rand>-<uid>-<PrivateKey>"),
 *   URI the path of the URL without its query, timestamp the 10-digit signing time in seconds;
 *   the CDN refuses the URL once timestamp + its configured validity (PLAY_AUTH_TTL) is past.
 * `sm3-a` has the same shape with SM3 (64 hex) in place of MD5, for GM-only deployments.
 */
import { md5 } from "@noble/hashes/legacy";
import { bytesToHex, randomHex, sm3Hex } from "@gyt345/protocol/crypto";
import type { PlayAuthScheme } from "../config";

export interface PlayAuth {
  scheme: PlayAuthScheme;
  key: string;
  ttlSeconds: number;
}

const UID = "0";

/** The hash over `URI-timestamp-rand-uid-PrivateKey` for the scheme. */
export function playTokenHash(scheme: Exclude<PlayAuthScheme, "none">, uri: string, timestamp: string, rand: string, uid: string, key: string): string {
  const sstring = `${uri}-${timestamp}-${rand}-${uid}-${key}`;
  return scheme === "aliyun-a" ? bytesToHex(md5(new TextEncoder().encode(sstring))) : sm3Hex(sstring);
}

/** The play URL a terminal receives: unchanged without play auth, else with a fresh auth_key. */
export function signPlayUrl(playUrl: string, auth: PlayAuth, nowMs: number, rand: string = randomHex(16)): string {
  if (auth.scheme === "none") return playUrl;
  const url = new URL(playUrl);
  const timestamp = String(Math.floor(nowMs / 1000));
  const hash = playTokenHash(auth.scheme, url.pathname, timestamp, rand, UID, auth.key);
  url.searchParams.delete("auth_key");
  url.searchParams.append("auth_key", `${timestamp}-${rand}-${UID}-${hash}`);
  return url.toString();
}
