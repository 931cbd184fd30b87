// Every vector of gm-vectors.json (made with the OpenSSL 3 CLI) against src/crypto, inside workerd.
import { describe, expect, it } from "vitest";
import vectors from "../../fixtures/gm-vectors.json";
import {
  macHex,
  msgSignInput,
  normalizeSm2PublicKey,
  requestStringToSign,
  sm2PublicKeyFromPrivate,
  sm2Verify,
  sm3Hex,
  sm4EncryptEcbNoPad,
  verifySignature,
  type Credential,
} from "../../src/crypto";

const hexToBytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

describe("SM3", () => {
  it.each(vectors.sm3)("SM3(%j)", (v) => {
    expect(v.encoding).toBe("utf8");
    expect(sm3Hex(v.input)).toBe(v.sm3);
    expect(sm3Hex(new TextEncoder().encode(v.input))).toBe(v.sm3);
  });

  it("covers the empty and the Chinese input", () => {
    expect(vectors.sm3.map((v) => v.input)).toEqual(expect.arrayContaining(["", "互联网电视"]));
  });
});

describe("SM4-ECB without padding", () => {
  it.each(vectors.sm4)("key $key", (v) => {
    expect(toHex(sm4EncryptEcbNoPad(v.key, hexToBytes(v.plaintext)))).toBe(v.ciphertext);
    expect(toHex(sm4EncryptEcbNoPad(v.key.toUpperCase(), hexToBytes(v.plaintext)))).toBe(v.ciphertext);
  });
});

describe("MAC = SM4-ECB_K(SM3(M))", () => {
  it.each(vectors.mac)("MAC of $message", (v) => {
    expect(sm3Hex(v.message)).toBe(v.sm3);
    expect(macHex(v.key, v.message)).toBe(v.mac);
    expect(toHex(sm4EncryptEcbNoPad(v.key, hexToBytes(v.sm3)))).toBe(v.mac);
  });
});

describe("SM2 signatures made by OpenSSL", () => {
  const valid = vectors.sm2.filter((v) => v.valid);
  const invalid = vectors.sm2.filter((v) => !v.valid);

  it("has valid and invalid vectors", () => {
    expect(valid.length).toBeGreaterThanOrEqual(3);
    expect(invalid.length).toBeGreaterThanOrEqual(1);
  });

  it.each(valid)("verifies raw, DER and upper-case forms for %j", (v) => {
    expect(sm2Verify(v.publicKey, v.message, v.signatureRaw)).toBe(true);
    expect(sm2Verify(v.publicKey, v.message, v.signatureDer)).toBe(true);
    expect(sm2Verify(v.publicKey, v.message, v.signatureRaw.toUpperCase())).toBe(true);
    expect(sm2Verify(v.publicKey, v.message, v.signatureDer.toUpperCase())).toBe(true);
    expect(sm2Verify(v.publicKey.toUpperCase(), v.message, v.signatureRaw)).toBe(true);
    expect(sm2Verify(v.publicKey, new TextEncoder().encode(v.message), v.signatureRaw)).toBe(true);
  });

  it.each(invalid)("rejects the invalid vector %j", (v) => {
    expect(sm2Verify(v.publicKey, v.message, v.signatureRaw)).toBe(false);
    expect(sm2Verify(v.publicKey, v.message, v.signatureDer)).toBe(false);
  });
});

describe("keys", () => {
  it.each(["cp", "platform"] as const)("public key of the %s private key", (who) => {
    const k = vectors.keys[who];
    expect(sm2PublicKeyFromPrivate(k.privateKey)).toBe(k.publicKey);
    expect(sm2PublicKeyFromPrivate(k.privateKey.toUpperCase())).toBe(k.publicKey);
  });

  it("normalises the PEM public key and the hex forms to the same lowercase hex", () => {
    const k = vectors.keys.cp;
    expect(normalizeSm2PublicKey(k.publicPem)).toBe(k.publicKey);
    expect(normalizeSm2PublicKey(k.publicPem.replace(/\n/g, "\r\n"))).toBe(k.publicKey);
    expect(normalizeSm2PublicKey(k.publicKey.toUpperCase())).toBe(k.publicKey);
    expect(normalizeSm2PublicKey(` ${k.publicKey}\n`)).toBe(k.publicKey);
  });
});

describe("signed requests", () => {
  const credentialOf = (mode: string): Credential =>
    mode === "sm2" ? { mode: "sm2", publicKey: vectors.keys.cp.publicKey } : { mode: "mac", macKey: vectors.keys.macKey };

  it("covers both modes and both SM2 encodings", () => {
    expect(new Set(vectors.requests.map((r) => r.signatureEncoding))).toEqual(new Set(["raw", "der", "mac"]));
  });

  it.each(vectors.requests)("$mode/$signatureEncoding request to $path", (r) => {
    expect(sm3Hex(r.body)).toBe(r.bodySm3);

    const q = new URLSearchParams(r.query);
    const stringToSign = requestStringToSign({
      path: r.path,
      groupId: q.get("groupId")!,
      nonce: q.get("nonce")!,
      ts: q.get("ts")!,
      bodySm3: sm3Hex(r.body),
    });
    expect(stringToSign).toBe(r.stringToSign);
    expect(q.get("sign")).toBe(r.sign);

    const cred = credentialOf(r.mode);
    expect(verifySignature(cred, stringToSign, r.sign)).toBe(true);

    const body = JSON.parse(r.body) as Record<string, unknown>;
    const input = msgSignInput(body);
    expect(input).toBe(r.msgSignInput);
    expect(verifySignature(cred, input, body.msgSign as string)).toBe(true);

    // The two signatures are not interchangeable.
    expect(verifySignature(cred, input, r.sign)).toBe(false);
    expect(verifySignature(cred, stringToSign, body.msgSign as string)).toBe(false);
  });
});
