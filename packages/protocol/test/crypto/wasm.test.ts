// The WebAssembly code (src/crypto/wasm/sm.c) against an independent implementation
// (sm-crypto-v2), through the public src/crypto API, in workerd: SM3 at every padding and
// buffer boundary; SM2 public keys, signatures both ways, and verification in each state of a
// key (first use without a table, the use that builds its table, later uses, after its table
// was evicted by more keys than there are table slots).
import { describe, expect, it } from "vitest";
import { sm2 as reference, sm3 as referenceSm3 } from "sm-crypto-v2";
import { sm2PublicKeyFromPrivate, sm2Sign, sm2Verify, sm3Hex } from "../../src/crypto";
import { N } from "../../src/crypto/curve";
import { TABLE_SLOTS } from "../../src/crypto/impl/wasm";

describe("SM3 in WebAssembly agrees with sm-crypto-v2", () => {
  it("at every padding boundary and across its 64 KiB input buffer", () => {
    const lengths = [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 65535, 65536, 65537, 131072 + 56, 200_003];
    for (const n of lengths) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 255);
      expect(sm3Hex(data), `length ${n}`).toBe(referenceSm3(data));
    }
  });
});

const hex = (v: bigint) => v.toString(16).padStart(64, "0");
const opts = { hash: true, der: false } as const;

describe("SM2 in WebAssembly agrees with sm-crypto-v2", () => {
  it("derives the same public key, also for scalars at the edges of the windows", () => {
    const edges = [1n, 2n, 3n, 64n, 65n, 127n, 128n, 2n ** 252n, 2n ** 255n, 2n ** 255n + 1n, N - 3n, N - 2n];
    const random = Array.from({ length: 12 }, () => BigInt("0x" + reference.generateKeyPairHex().privateKey));
    for (const d of [...edges, ...random]) {
      expect(sm2PublicKeyFromPrivate(hex(d)), hex(d)).toBe(reference.getPublicKeyFromPrivateKey(hex(d)).toLowerCase());
    }
  });

  it(`verifies the reference's signatures in every table state, over ${TABLE_SLOTS + 8} keys (more than the table slots)`, () => {
    const keys = Array.from({ length: TABLE_SLOTS + 8 }, () => reference.generateKeyPairHex());
    const signed = keys.map((k, i) => ({ k, msg: `message ${i}`, sig: reference.doSignature(`message ${i}`, k.privateKey, opts) }));
    for (let use = 0; use < 3; use++) {
      for (const { k, msg, sig } of signed) {
        expect(sm2Verify(k.publicKey, msg, sig), `use ${use}`).toBe(true);
        expect(sm2Verify(k.publicKey, msg + ".", sig), `tampered message, use ${use}`).toBe(false);
        const otherKey = signed[(signed.findIndex((x) => x.k === k) + 1) % signed.length]!.k;
        expect(sm2Verify(otherKey.publicKey, msg, sig), `other key, use ${use}`).toBe(false);
      }
    }
  });

  it("its signatures verify with the reference, and are fresh each time", () => {
    for (const d of [1n, 2n ** 255n, N - 2n, BigInt("0x" + reference.generateKeyPairHex().privateKey)]) {
      const pub = reference.getPublicKeyFromPrivateKey(hex(d));
      const a = sm2Sign(hex(d), "abc");
      const b = sm2Sign(hex(d), "abc");
      expect(a).not.toBe(b);
      expect(reference.doVerifySignature("abc", a, pub, opts)).toBe(true);
      expect(reference.doVerifySignature("abc", b, pub, opts)).toBe(true);
      expect(reference.doVerifySignature("abd", a, pub, opts)).toBe(false);
    }
  });

  it("refuses r + s = n (t = 0), with and without the key's table", () => {
    const k = reference.generateKeyPairHex();
    const sig = reference.doSignature("abc", k.privateKey, opts);
    const r = BigInt("0x" + sig.slice(0, 64));
    const forged = sig.slice(0, 64) + hex(N - r);
    for (let use = 0; use < 3; use++) expect(sm2Verify(k.publicKey, "abc", forged)).toBe(false);
    expect(sm2Verify(k.publicKey, "abc", sig)).toBe(true);
  });

  it("refuses every single-bit change of r and of s", () => {
    const k = reference.generateKeyPairHex();
    const sig = reference.doSignature("bits", k.privateKey, opts);
    expect(sm2Verify(k.publicKey, "bits", sig)).toBe(true);
    for (let bit = 0; bit < 512; bit += 7) {
      const v = BigInt("0x" + sig) ^ (1n << BigInt(bit));
      expect(sm2Verify(k.publicKey, "bits", v.toString(16).padStart(128, "0")), `bit ${bit}`).toBe(false);
    }
  });
});
