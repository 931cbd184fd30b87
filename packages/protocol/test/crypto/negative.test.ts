// What must not verify or must be refused.
import { describe, expect, it } from "vitest";
import vectors from "../../fixtures/gm-vectors.json";
import {
  CryptoInputError,
  macHex,
  msgSignInput,
  normalizeSm2PublicKey,
  sm2PublicKeyFromPrivate,
  sm2Sign,
  sm2Verify,
  sm4EncryptEcbNoPad,
  timingSafeEqualHex,
  verifySignature,
} from "../../src/crypto";

const v = vectors.sm2[0]!;
const cp = vectors.keys.cp;
const platform = vectors.keys.platform;

/** Flips the low bit of byte `i` of a hex string. */
function flipByte(hex: string, i: number): string {
  const b = (parseInt(hex.slice(2 * i, 2 * i + 2), 16) ^ 1).toString(16).padStart(2, "0");
  return hex.slice(0, 2 * i) + b + hex.slice(2 * i + 2);
}

describe("SM2 verify refuses", () => {
  it("the vector itself verifies (control)", () => {
    expect(sm2Verify(v.publicKey, v.message, v.signatureRaw)).toBe(true);
  });

  it.each([0, 17, 31, 32, 50, 63])("a raw signature with byte %i flipped", (i) => {
    expect(sm2Verify(v.publicKey, v.message, flipByte(v.signatureRaw, i))).toBe(false);
  });

  it("a DER signature with a flipped byte inside r or s", () => {
    const der = v.signatureDer;
    expect(sm2Verify(v.publicKey, v.message, flipByte(der, 10))).toBe(false);
    expect(sm2Verify(v.publicKey, v.message, flipByte(der, der.length / 2 - 1))).toBe(false);
  });

  it("another message", () => {
    expect(sm2Verify(v.publicKey, v.message + " ", v.signatureRaw)).toBe(false);
    expect(sm2Verify(v.publicKey, "", v.signatureRaw)).toBe(false);
  });

  it("the wrong public key", () => {
    expect(sm2Verify(platform.publicKey, v.message, v.signatureRaw)).toBe(false);
    expect(sm2Verify(platform.publicKey, v.message, v.signatureDer)).toBe(false);
  });

  it("malformed hex and DER without throwing", () => {
    const bad = [
      "",
      "zz",
      v.signatureRaw.slice(0, 127),
      v.signatureRaw.slice(0, 126),
      v.signatureRaw + "00",
      "0x" + v.signatureRaw,
      ` ${v.signatureRaw}`,
      v.signatureDer.slice(0, -2), // truncated
      v.signatureDer + "00", // trailing byte
      "31" + v.signatureDer.slice(2), // SET instead of SEQUENCE
      "3047" + v.signatureDer.slice(4), // wrong outer length
      "3006020100020100", // r = s = 0
      "0".repeat(128), // raw r = s = 0
      "f".repeat(128), // raw r, s ≥ n
      "30".repeat(500),
    ];
    for (const sig of bad) expect(sm2Verify(v.publicKey, v.message, sig), sig).toBe(false);
  });

  it("a non-minimal DER integer (OpenSSL refuses it too)", () => {
    // The vector's r has its top bit set so it carries one 0x00; add a second one.
    const der = v.signatureDer; // 30 46 02 21 00 <r> 02 21 00 <s>
    expect(der.slice(0, 10)).toBe("3046022100");
    const padded = "3047022200" + der.slice(8);
    expect(sm2Verify(v.publicKey, v.message, padded)).toBe(false);
  });

  it("r and s swapped, or s replaced by n - s", () => {
    const r = v.signatureRaw.slice(0, 64);
    const s = v.signatureRaw.slice(64);
    expect(sm2Verify(v.publicKey, v.message, s + r)).toBe(false);
    const n = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
    const negS = (n - BigInt("0x" + s)).toString(16).padStart(64, "0");
    expect(sm2Verify(v.publicKey, v.message, r + negS)).toBe(false);
  });

  it("garbage public keys without throwing", () => {
    for (const pk of ["", "04", "zz", flipByte(v.publicKey, 64), "04" + "0".repeat(128), v.publicKey.slice(2), cp.publicPem]) {
      expect(sm2Verify(pk, v.message, v.signatureRaw), pk).toBe(false);
    }
    expect(sm2Verify(undefined as unknown as string, v.message, v.signatureRaw)).toBe(false);
    expect(sm2Verify(v.publicKey, v.message, null as unknown as string)).toBe(false);
  });
});

describe("public keys", () => {
  const notOnCurve = flipByte(cp.publicKey, 64);

  it.each([
    ["last byte of Y flipped", notOnCurve],
    ["compressed form", "02" + cp.publicKey.slice(2, 66)],
    ["missing 04 prefix", cp.publicKey.slice(2)],
    ["wrong prefix", "05" + cp.publicKey.slice(2)],
    ["point at infinity encoding", "04" + "0".repeat(128)],
    ["X = p", "04fffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffff" + cp.publicKey.slice(66)],
    ["not hex", "04" + "g".repeat(128)],
    ["empty", ""],
    ["private key PEM", cp.pem],
    ["PEM with garbage body", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"],
  ])("rejects %s with CryptoInputError", (_, input) => {
    expect(() => normalizeSm2PublicKey(input)).toThrow(CryptoInputError);
  });

  it("rejects a PEM whose point is not on the curve", () => {
    const der = Uint8Array.from(atob(cp.publicPem.replace(/-----[^-]+-----|\s/g, "")), (c) => c.charCodeAt(0));
    der[der.length - 1]! ^= 1;
    const pem = `-----BEGIN PUBLIC KEY-----\n${btoa(String.fromCharCode(...der))}\n-----END PUBLIC KEY-----\n`;
    expect(() => normalizeSm2PublicKey(pem)).toThrow(CryptoInputError);
  });

  it("rejects a P-256 (prime256v1) SubjectPublicKeyInfo", () => {
    // Same point bytes but curve OID 1.2.840.10045.3.1.7: the curve, not the point, must decide.
    const der = Uint8Array.from(atob(cp.publicPem.replace(/-----[^-]+-----|\s/g, "")), (c) => c.charCodeAt(0));
    const hex = Array.from(der, (b) => b.toString(16).padStart(2, "0")).join("");
    const p256 = hex.replace("06082a811ccf5501822d", "06082a8648ce3d030107");
    expect(p256).not.toBe(hex);
    const bytes = Uint8Array.from(p256.match(/../g)!, (h) => parseInt(h, 16));
    const pem = `-----BEGIN PUBLIC KEY-----\n${btoa(String.fromCharCode(...bytes))}\n-----END PUBLIC KEY-----\n`;
    expect(() => normalizeSm2PublicKey(pem)).toThrow(CryptoInputError);
  });

  it.each([
    ["zero", "0".repeat(64)],
    ["n - 1", "fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54122"],
    ["n", "fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123"],
    ["short", cp.privateKey.slice(2)],
    ["not hex", "x".repeat(64)],
  ])("refuses private key %s", (_, d) => {
    expect(() => sm2PublicKeyFromPrivate(d)).toThrow(CryptoInputError);
    expect(() => sm2Sign(d, "abc")).toThrow(CryptoInputError);
  });
});

describe("MAC and SM4", () => {
  const key = vectors.keys.macKey;

  it("a MAC does not verify under another key or message, or with a flipped byte", () => {
    const mac = macHex(key, "abc");
    expect(verifySignature({ mode: "mac", macKey: key }, "abc", mac)).toBe(true);
    expect(verifySignature({ mode: "mac", macKey: key }, "abc", mac.toUpperCase())).toBe(true);
    expect(verifySignature({ mode: "mac", macKey: "00" + key.slice(2) }, "abc", mac)).toBe(false);
    expect(verifySignature({ mode: "mac", macKey: key }, "abd", mac)).toBe(false);
    expect(verifySignature({ mode: "mac", macKey: key }, "abc", flipByte(mac, 31))).toBe(false);
  });

  it("malformed MAC signatures and keys are false, not exceptions", () => {
    const mac = macHex(key, "abc");
    for (const sig of ["", mac.slice(0, 62), mac + "00", "g" + mac.slice(1), undefined as unknown as string]) {
      expect(verifySignature({ mode: "mac", macKey: key }, "abc", sig)).toBe(false);
    }
    expect(verifySignature({ mode: "mac", macKey: "short" }, "abc", mac)).toBe(false);
  });

  it("refuses bad keys and unpadded lengths", () => {
    expect(() => macHex("00", "abc")).toThrow(CryptoInputError);
    expect(() => macHex("z".repeat(32), "abc")).toThrow(CryptoInputError);
    expect(() => sm4EncryptEcbNoPad(key, new Uint8Array(15))).toThrow(CryptoInputError);
    expect(() => sm4EncryptEcbNoPad(key.slice(2), new Uint8Array(16))).toThrow(CryptoInputError);
  });
});

describe("timingSafeEqualHex", () => {
  it.each([
    ["abcdef0123", "ABCDEF0123", true],
    ["abcdef0123", "abcdef0123", true],
    ["", "", true],
    ["abcdef0123", "abcdef0124", false],
    ["abcdef0123", "abcdef01", false],
    ["zz", "zz", false],
    ["0`", "0@", false], // equal after case folding but not hex
    ["abc", "abc", false], // odd length is not hex
  ])("%s vs %s → %s", (a, b, want) => {
    expect(timingSafeEqualHex(a, b)).toBe(want);
  });
});

describe("msgSignInput", () => {
  it("has no canonical form for NaN or lone surrogates", () => {
    expect(() => msgSignInput({ a: NaN })).toThrow(CryptoInputError);
    expect(() => msgSignInput(JSON.parse('{"a":"\\ud800"}'))).toThrow(CryptoInputError);
  });
});
