// Edges of verification the vectors do not reach: the r/s range of SM2 and every position of a MAC.
import { describe, expect, it } from "vitest";
import { bigIntToBytes } from "../../src/crypto/hex";
import { N } from "../../src/crypto/curve";
import { inScalarRange } from "../../src/crypto/sm2";
import { macHex, sm2Sign, sm2Verify, timingSafeEqualHex, verifySignature } from "../../src/crypto";
import vectors from "../../fixtures/gm-vectors.json";

describe("SM2 r and s lie in [1, n−1]", () => {
  it("0 and n and beyond are out, 1 and n−1 are in", () => {
    const at = (v: bigint) => inScalarRange(bigIntToBytes(v, 32));
    expect([0n, 1n, N - 1n, N, N + 1n, 2n ** 256n - 1n].map(at)).toEqual([false, true, true, false, false, false]);
  });

  it("a signature with r or s replaced by 0 or n does not verify", () => {
    const key = vectors.keys.cp;
    const sig = sm2Sign(key.privateKey, "abc");
    expect(sm2Verify(key.publicKey, "abc", sig)).toBe(true);
    const [r, s] = [sig.slice(0, 64), sig.slice(64)];
    const hex = (v: bigint) => v.toString(16).padStart(64, "0");
    for (const bad of [hex(0n) + s, r + hex(0n), hex(N) + s, r + hex(N)]) expect(sm2Verify(key.publicKey, "abc", bad)).toBe(false);
  });
});

describe("MAC comparison looks at every character", () => {
  it("a MAC changed at any one position does not verify", () => {
    const key = vectors.keys.macKey;
    const mac = macHex(key, "abc");
    for (let i = 0; i < mac.length; i++) {
      const changed = mac.slice(0, i) + (mac[i] === "0" ? "1" : "0") + mac.slice(i + 1);
      expect(timingSafeEqualHex(mac, changed), `position ${i}`).toBe(false);
      expect(verifySignature({ mode: "mac", macKey: key }, "abc", changed)).toBe(false);
    }
  });
});
