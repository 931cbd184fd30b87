// Our RFC 8785 writer (src/crypto/jcs.ts) against the `canonicalize` package on generated JSON
// values: the same text, or both refuse. Covers both of its paths (keys that are array indexes
// take the piece-by-piece writer), every number form, escapes and astral characters.
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/crypto/jcs";

// A small deterministic generator (xorshift32), so a failure names a reproducible seed.
function rng(seed: number) {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const NUMBERS = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456789012345680000, 5e-324, 1.7976931348623157e308, 2 ** 53, -(2 ** 31), 333333333.3333333, 1e20, 9.999999999999999e22];
const STRINGS = ["", "a", "é", "中文标题", "\u0000\u001f\"\\/", "\u2028\u2029", "😀", "a\u{1F600}b", "\ud83d\ude00", "\u007f", "line\nbreak\ttab"];
const KEYS = ["a", "b", "B", "aa", "é", "中", "😀", "\u0080", "msgId", "seriesPrograms", "10", "2", "0", "01", "-1", "1.5", "4294967295"];

function value(r: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const kind = depth > 3 ? Math.floor(r() * 4) : Math.floor(r() * 6);
  switch (kind) {
    case 0:
      return pick(NUMBERS) * (r() < 0.5 ? 1 : r());
    case 1:
      return pick(STRINGS) + pick(STRINGS);
    case 2:
      return pick([true, false, null]);
    case 3:
      return Math.floor(r() * 1e6) - 5e5;
    case 4:
      return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 5); i > 0; i--) o[pick(KEYS)] = value(r, depth + 1);
      return o;
    }
  }
}

describe("canonicalJson is RFC 8785 as the canonicalize package writes it", () => {
  it("gives the same text for 3,000 generated values", () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const v = value(rng(seed), 0);
      expect(canonicalJson(v), `seed ${seed}`).toBe(canonicalize(v));
    }
  });

  it("orders index-like keys as strings, not as numbers", () => {
    expect(canonicalJson({ 10: 1, 2: 2, a: { 1: [], 0: null } })).toBe('{"10":1,"2":2,"a":{"0":null,"1":[]}}');
  });

  it("refuses what has no canonical form, as the package does", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [NaN, Infinity, -Infinity, { a: NaN }, ["\ud800"], { "\udc00": 1 }, { x: "a\ud83d" }, cyclic, { 5: "\ud800" }]) {
      expect(() => canonicalize(bad)).toThrow();
      expect(() => canonicalJson(bad)).toThrow();
    }
  });

  it("skips undefined members and writes undefined array entries as null, as the package does", () => {
    const v = { a: undefined, b: [undefined, 1], c: new Date(0) };
    expect(canonicalJson(v)).toBe(canonicalize(v));
  });
});
