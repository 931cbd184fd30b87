// The 301/302 notices the consumer sends, checked with the OpenSSL 3 command line (issue 11):
// built by the same src/offline function the queue consumer uses, signed with the platform's
// SM2 key (sm2 CPs) or the CP's SM4-MAC secret (mac CPs), verified here by OpenSSL alone.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import vectors from "../fixtures/gm-vectors.json";
import { msgSignInput, requestStringToSign, sm3Hex } from "../src/crypto";
import { encodeSignatureDer } from "../src/crypto/der";
import { buildNoticeRequest } from "../src/notice";

const DISTID = "distid:1234567812345678";
let dir = "";
let n = 0;
let platformPubPem = "";

const tmpFile = (content: string | Uint8Array): string => {
  const path = join(dir, `f${n++}`);
  writeFileSync(path, content);
  return path;
};

beforeAll(() => {
  expect(execFileSync("openssl", ["version"]).toString()).toMatch(/^OpenSSL 3\./);
  dir = mkdtempSync(join(tmpdir(), "notice-interop-"));
  // The public key as OpenSSL derives it from the platform's private key (PEM) — not from our code.
  platformPubPem = tmpFile(execFileSync("openssl", ["pkey", "-in", tmpFile(vectors.keys.platform.pem), "-pubout"]));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function opensslSm2Verifies(message: string, rawSignatureHex: string): boolean {
  const sig = tmpFile(Buffer.from(encodeSignatureDer(Buffer.from(rawSignatureHex, "hex"))));
  const msg = tmpFile(message);
  const pkeyutl = spawnSync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", platformPubPem, "-rawin", "-in", msg, "-digest", "sm3", "-pkeyopt", DISTID, "-sigfile", sig]);
  const dgst = spawnSync("openssl", ["dgst", "-sm3", "-verify", platformPubPem, "-sigopt", DISTID, "-signature", sig, msg]);
  const a = pkeyutl.status === 0 && pkeyutl.stdout.toString().includes("Signature Verified Successfully");
  const b = dgst.status === 0 && dgst.stdout.toString().includes("Verified OK");
  expect(a).toBe(b);
  return a;
}

/** MAC(K, M) = SM4-ECB_K(SM3(M)) with OpenSSL's dgst and enc. */
function opensslMac(keyHex: string, message: string): string {
  const digest = execFileSync("openssl", ["dgst", "-sm3", "-binary"], { input: message });
  return execFileSync("openssl", ["enc", "-sm4-ecb", "-nopad", "-K", keyHex], { input: digest }).toString("hex");
}

/** What the CP checks: the `sign` string and the msgSign input, from the request as sent. */
function signedParts(url: string, body: string, groupId: string) {
  const u = new URL(url);
  const q = u.searchParams;
  expect(q.get("groupId")).toBe(groupId);
  return {
    stringToSign: requestStringToSign({ path: u.pathname, groupId, nonce: q.get("nonce")!, ts: q.get("ts")!, bodySm3: sm3Hex(body) }),
    sign: q.get("sign")!,
    msgSignInput: msgSignInput(JSON.parse(body)),
    msgSign: (JSON.parse(body) as { msgSign: string }).msgSign,
  };
}

const notice301 = { msgType: 301 as const, msgId: "3f0c1e9a-0000-4000-8000-000000000301", msgTime: 1_764_600_000_000, ids: ["S-1", "S-2"] };
const notice302 = { msgType: 302 as const, msgId: "3f0c1e9a-0000-4000-8000-000000000302", msgTime: 1_764_600_000_000, ids: ["P-1", "P-2"] };

describe("OpenSSL verifies the platform's 301/302 notices", () => {
  it("sm2: 301 (seriesIds a comma-separated string) — sign and msgSign verify with the platform public key", () => {
    const req = buildNoticeRequest({ groupId: "cp-demo-sm2", noticeIdFormat: "string" }, { mode: "sm2", privateKey: vectors.keys.platform.privateKey }, notice301, "https://cp.example.com/emergency/series", { nonce: "0123456789abcdef", ts: "1764600000123" });
    expect(JSON.parse(req.body)).toMatchObject({ msgId: notice301.msgId, msgType: 301, msgTime: notice301.msgTime, msgData: { seriesIds: "S-1,S-2" } });
    const p = signedParts(req.url, req.body, "cp-demo-sm2");
    expect(opensslSm2Verifies(p.stringToSign, p.sign)).toBe(true);
    expect(opensslSm2Verifies(p.msgSignInput, p.msgSign)).toBe(true);
    // The check can fail: another nonce in the URL does not verify.
    expect(opensslSm2Verifies(p.stringToSign.replace("0123456789abcdef", "0123456789abcdee"), p.sign)).toBe(false);
  });

  it("sm2: 302 (programIds an array)", () => {
    const req = buildNoticeRequest({ groupId: "cp-demo-sm2", noticeIdFormat: "string" }, { mode: "sm2", privateKey: vectors.keys.platform.privateKey }, notice302, "https://cp.example.com/emergency/programs", { nonce: "fedcba9876543210", ts: "1764600000456" });
    expect(JSON.parse(req.body).msgData).toEqual({ programIds: ["P-1", "P-2"] });
    const p = signedParts(req.url, req.body, "cp-demo-sm2");
    expect(opensslSm2Verifies(p.stringToSign, p.sign)).toBe(true);
    expect(opensslSm2Verifies(p.msgSignInput, p.msgSign)).toBe(true);
  });

  it("mac: 301 in the per-CP array form and 302 — sign and msgSign equal OpenSSL's SM4-ECB(SM3(M))", () => {
    const macKey = vectors.keys.macKey;
    for (const [notice, format] of [[notice301, "array"], [notice302, "string"]] as const) {
      const req = buildNoticeRequest({ groupId: "cp-demo-mac", noticeIdFormat: format }, { mode: "mac", macKey }, notice, "https://cp.example.com/emergency/x?tenant=7", { nonce: "aaaaaaaabbbbbbbb", ts: "1764600000789" });
      if (notice.msgType === 301) expect(JSON.parse(req.body).msgData).toEqual({ seriesIds: ["S-1", "S-2"] });
      const p = signedParts(req.url, req.body, "cp-demo-mac");
      expect(p.sign).toBe(opensslMac(macKey, p.stringToSign));
      expect(p.msgSign).toBe(opensslMac(macKey, p.msgSignInput));
    }
  });
});
