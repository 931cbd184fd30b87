// Sign-then-verify in both modes, and the request/body signing helpers.
import { describe, expect, it } from "vitest";
import vectors from "../../fixtures/gm-vectors.json";
import {
  macHex,
  msgSignInput,
  normalizeSm2PublicKey,
  requestStringToSign,
  signBody,
  signMessage,
  signRequest,
  sm2GenerateKeyPair,
  sm2PublicKeyFromPrivate,
  sm2Sign,
  sm2Verify,
  sm3Hex,
  verifySignature,
  type Credential,
  type SigningCredential,
} from "../../src/crypto";
import { decodeSignatureDer, encodeSignatureDer } from "../../src/crypto/der";

const hexToBytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

const cp = vectors.keys.cp;
const modes: [string, SigningCredential, Credential][] = [
  ["sm2", { mode: "sm2", privateKey: cp.privateKey }, { mode: "sm2", publicKey: cp.publicKey }],
  ["mac", { mode: "mac", macKey: vectors.keys.macKey }, { mode: "mac", macKey: vectors.keys.macKey }],
];

describe("SM2 sign → verify", () => {
  it("a fresh key pair signs, and its public key is derivable and valid", () => {
    const kp = sm2GenerateKeyPair();
    expect(kp.privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(kp.publicKey).toMatch(/^04[0-9a-f]{128}$/);
    expect(sm2PublicKeyFromPrivate(kp.privateKey)).toBe(kp.publicKey);
    expect(normalizeSm2PublicKey(kp.publicKey)).toBe(kp.publicKey);
    const sig = sm2Sign(kp.privateKey, "互联网电视");
    expect(sig).toMatch(/^[0-9a-f]{128}$/);
    expect(sm2Verify(kp.publicKey, "互联网电视", sig)).toBe(true);
    expect(sm2Verify(cp.publicKey, "互联网电视", sig)).toBe(false);
  });

  it("two key pairs differ and signatures are randomised", () => {
    expect(sm2GenerateKeyPair().privateKey).not.toBe(sm2GenerateKeyPair().privateKey);
    expect(sm2Sign(cp.privateKey, "abc")).not.toBe(sm2Sign(cp.privateKey, "abc"));
  });

  it.each([
    ["empty", ""],
    ["ASCII", "abc"],
    ["Chinese and emoji", "互联网电视 😀"],
    ["5000 chars", "a".repeat(5000)],
  ])("signs a %s message; raw and DER both verify", (_, msg) => {
    const sig = sm2Sign(cp.privateKey, msg);
    expect(sm2Verify(cp.publicKey, msg, sig)).toBe(true);
    expect(sm2Verify(cp.publicKey, msg, toHex(encodeSignatureDer(hexToBytes(sig))))).toBe(true);
    expect(sm2Verify(cp.publicKey, new TextEncoder().encode(msg), sig)).toBe(true);
  });

  it("bytes that are not UTF-8 are signed as given", () => {
    const bytes = new Uint8Array([0xff, 0x00, 0xfe]);
    const sig = sm2Sign(cp.privateKey, bytes);
    expect(sm2Verify(cp.publicKey, bytes, sig)).toBe(true);
    expect(sm2Verify(cp.publicKey, new Uint8Array([0xff, 0x00]), sig)).toBe(false);
  });

  it("a signature whose r or s is shorter than 32 bytes round-trips through DER", () => {
    let sig = "";
    for (let i = 0; i < 20000 && !sig; i++) {
      const s = sm2Sign(cp.privateKey, `short-${i}`);
      // r or s below 2^247: its DER INTEGER has at most 31 bytes (no 0x00 sign byte either).
      if (BigInt("0x" + s.slice(0, 64)) >= 2n ** 247n && BigInt("0x" + s.slice(64)) >= 2n ** 247n) continue;
      sig = s;
      const der = toHex(encodeSignatureDer(hexToBytes(s)));
      expect(der.length).toBeLessThanOrEqual(140);
      expect(sm2Verify(cp.publicKey, `short-${i}`, der)).toBe(true);
      expect(sm2Verify(cp.publicKey, `short-${i}`, s)).toBe(true);
    }
    expect(sig).not.toBe("");
  });
});

describe("DER signature codec", () => {
  const raw = (r: string, s: string) => hexToBytes(r.padStart(64, "0") + s.padStart(64, "0"));

  it.each([
    ["small values", "01", "7f", "300602010102017f"],
    ["high bit needs a 0x00", "80", "ff", "300802020080020200ff"],
    ["full 32-byte high-bit values", "f".repeat(64), "1" + "0".repeat(63), `3045022100${"f".repeat(64)}0220${"1" + "0".repeat(63)}`],
  ])("%s", (_, r, s, der) => {
    expect(toHex(encodeSignatureDer(raw(r, s)))).toBe(der);
    expect(toHex(decodeSignatureDer(hexToBytes(der))!)).toBe(toHex(raw(r, s)));
  });

  it("decodes the OpenSSL vectors to their raw form", () => {
    for (const v of vectors.sm2) {
      expect(toHex(decodeSignatureDer(hexToBytes(v.signatureDer))!)).toBe(v.signatureRaw);
      expect(toHex(encodeSignatureDer(hexToBytes(v.signatureRaw)))).toBe(v.signatureDer);
    }
  });

  it.each([
    ["negative integer", "3006020180020101"],
    ["non-minimal zero padding", "300702020001020101"],
    ["33-byte value", `3047022201${"0".repeat(64)}020101`],
    ["empty integer", "30050200020101"],
    ["trailing data", "3006020101020101" + "00"],
    ["long-form length that fits short form", "308106020101020101"],
    ["missing s", "3003020101"],
  ])("refuses %s", (_, der) => {
    expect(decodeSignatureDer(hexToBytes(der))).toBeNull();
  });
});

describe("PEM SubjectPublicKeyInfo", () => {
  const pemOf = (hex: string) => {
    const b64 = btoa(String.fromCharCode(...hexToBytes(hex)));
    return `-----BEGIN PUBLIC KEY-----\n${b64.replace(/(.{64})/g, "$1\n")}\n-----END PUBLIC KEY-----\n`;
  };

  it("accepts the id-ecPublicKey + SM2 curve form (OpenSSL 3)", () => {
    expect(normalizeSm2PublicKey(pemOf(`3059301306072a8648ce3d020106082a811ccf5501822d034200${cp.publicKey}`))).toBe(cp.publicKey);
  });

  it.each([
    ["without parameters", `3050300a06082a811ccf5501822d034200${cp.publicKey}`],
    ["with NULL parameters", `3052300c06082a811ccf5501822d0500034200${cp.publicKey}`],
    ["with the curve OID as parameters", `305a301406082a811ccf5501822d06082a811ccf5501822d034200${cp.publicKey}`],
  ])("accepts SM2 as the algorithm OID %s", (_, hex) => {
    expect(normalizeSm2PublicKey(pemOf(hex))).toBe(cp.publicKey);
  });
});

describe("signing profile", () => {
  it.each(modes)("%s: signMessage → verifySignature", (_, signer, verifier) => {
    const sig = signMessage(signer, "POST\n/x\ngroupId=a&nonce=b&ts=1\nabc");
    expect(verifySignature(verifier, "POST\n/x\ngroupId=a&nonce=b&ts=1\nabc", sig)).toBe(true);
    expect(verifySignature(verifier, "POST\n/x\ngroupId=a&nonce=b&ts=2\nabc", sig)).toBe(false);
  });

  it("mac mode signs with the profile MAC", () => {
    expect(signMessage({ mode: "mac", macKey: vectors.keys.macKey }, "abc")).toBe(vectors.mac[0]!.mac);
  });

  it.each(modes)("%s: signRequest produces a query that parses back and verifies", (_, signer, verifier) => {
    const body = JSON.stringify({ msgId: "m-1", msgType: 103, msgData: { seriesIds: "S1,S2" }, title: "山海情" });
    const p = { path: "/api/v1/series/offline", groupId: "cp-demo", nonce: "n0nce_with-chars", ts: "1700000000000", body };
    const out = signRequest(signer, p);
    expect(out.bodySm3).toBe(sm3Hex(body));
    const q = new URLSearchParams(out.query);
    expect([...q.keys()]).toEqual(["groupId", "nonce", "ts", "sign"]);
    expect(q.get("groupId")).toBe(p.groupId);
    expect(q.get("nonce")).toBe(p.nonce);
    expect(q.get("ts")).toBe(p.ts);
    expect(q.get("sign")).toBe(out.sign);
    const sts = requestStringToSign({ path: p.path, groupId: q.get("groupId")!, nonce: q.get("nonce")!, ts: q.get("ts")!, bodySm3: sm3Hex(body) });
    expect(verifySignature(verifier, sts, q.get("sign")!)).toBe(true);
  });

  it("signRequest URL-encodes values", () => {
    const out = signRequest(modes[1]![1], { path: "/p", groupId: "a b", nonce: "x&y=z", ts: "1", body: "{}" });
    const q = new URLSearchParams(out.query);
    expect(q.get("groupId")).toBe("a b");
    expect(q.get("nonce")).toBe("x&y=z");
    expect(out.sign).toBe(macHex(vectors.keys.macKey, "POST\n/p\ngroupId=a b&nonce=x&y=z&ts=1\n" + sm3Hex("{}")));
  });

  it("requestStringToSign keeps ts exactly as sent", () => {
    expect(requestStringToSign({ path: "/a", groupId: "g", nonce: "n", ts: "1700000000", bodySm3: "h" })).toBe(
      "POST\n/a\ngroupId=g&nonce=n&ts=1700000000\nh",
    );
  });

  it.each(modes)("%s: signBody sets msgSign over the JCS of the rest, without touching the input", (_, signer, verifier) => {
    const body = { msgType: 203, msgId: "m-9", msgData: { programIds: ["P1"] }, msgSign: "stale", z: 1.5e21 };
    const signed = signBody(signer, body);
    expect(body.msgSign).toBe("stale");
    expect(signed.msgSign).not.toBe("stale");
    const input = msgSignInput(signed);
    expect(input).toBe('{"msgData":{"programIds":["P1"]},"msgId":"m-9","msgType":203,"z":1.5e+21}');
    expect(verifySignature(verifier, input, signed.msgSign as string)).toBe(true);
    // Member order and whitespace of the transported JSON do not matter.
    const reparsed = JSON.parse(JSON.stringify(signed, null, 2)) as Record<string, unknown>;
    expect(verifySignature(verifier, msgSignInput(reparsed), signed.msgSign as string)).toBe(true);
    // Any change of content does.
    const tampered = { ...signed, msgData: { programIds: ["P2"] } };
    expect(verifySignature(verifier, msgSignInput(tampered), signed.msgSign as string)).toBe(false);
  });
});
