// GET /?op=<op>&lib=<ours|smv2|sm05>&n=<iterations> runs one op n times and answers a JSON
// fingerprint of every result (so nothing is optimised away, and the runner can check that
// every library computed the same thing). Timing is done from outside: inside workerd the
// clocks do not advance during CPU work.
import type smCrypto05 from "sm-crypto";
import { sm2 as smv2sm2, sm3 as smv2sm3, sm4 as smv2sm4 } from "sm-crypto-v2";
import { macHex, sm2GenerateKeyPair, sm2Sign, sm2Verify, sm3Hex } from "@gyt345/protocol/crypto";

type Lib = "ours" | "smv2" | "sm05";
export const OPS = ["sm2-verify-cached", "sm2-verify-cold", "sm2-sign", "sm3-1k", "sm3-1m", "mac-1k", "mac-1m"] as const;
type Op = (typeof OPS)[number];

const MESSAGES = Array.from(
  { length: 8 },
  (_, i) => `POST\n/api/v1/series/inject\ngroupId=cp-demo&nonce=nonce-00000000000${i}&ts=1700000000000\necc32e354887c5b3e1d26586dce896decb129489e168a1eb3f6cf037d91fef10`,
);
const MAC_KEY = "8f0e2c6b1a4d5e7f9081a2b3c4d5e6f7";
// More distinct keys than src/crypto caches (128 verifiers), cycled: every verify is a cache miss.
const COLD_KEYS = 160;
/** Every 8th signature is tampered: each library must say false for exactly those. */
const TAMPERED = 5;

interface Fixture {
  data: { "1k": Uint8Array; "1m": Uint8Array };
  key: { privateKey: string; publicKey: string; sigs: string[] };
  cold: { publicKey: string; sig: string; msg: string }[];
}

let fixture: Fixture | undefined;
let coldCursor = 0;
// sm-crypto 0.5 draws random numbers at module scope, which workerd forbids at startup: load it per request.
let sm05: typeof smCrypto05 | undefined;
let smv2Prepared: ReturnType<typeof smv2sm2.precomputePublicKey> | undefined;

const tamperAt = (sig: string) => sig.slice(0, 20) + (sig[20] === "0" ? "1" : "0") + sig.slice(21);

function getFixture(): Fixture {
  if (fixture) return fixture;
  const mk = (n: number) => {
    const d = new Uint8Array(n);
    // The same bytes in both wrangler instances (ours, the baselines), so their digests compare.
    let x = 0x9e3779b9;
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      d[i] = x & 255;
    }
    return d;
  };
  const kp = sm2GenerateKeyPair();
  const sigs = MESSAGES.map((m, i) => (i === TAMPERED ? tamperAt(sm2Sign(kp.privateKey, m)) : sm2Sign(kp.privateKey, m)));
  const cold = Array.from({ length: COLD_KEYS }, (_, i) => {
    const k = sm2GenerateKeyPair();
    const msg = MESSAGES[i % 8]!;
    const sig = sm2Sign(k.privateKey, msg);
    return { publicKey: k.publicKey, sig: i % 8 === TAMPERED ? tamperAt(sig) : sig, msg };
  });
  fixture = { data: { "1k": mk(1024), "1m": mk(1 << 20) }, key: { ...kp, sigs }, cold };
  return fixture;
}

const hexToArray = (hex: string) => Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
const toHex = (a: ArrayLike<number>) => Array.from(a, (b) => b.toString(16).padStart(2, "0")).join("");

interface Impl {
  verify(pub: string, msg: string, sig: string, cached: boolean): boolean;
  sign(priv: string, pub: string, msg: string): string;
  sm3(d: Uint8Array): string;
  mac(key: string, d: Uint8Array): string;
}

function impl(lib: Lib): Impl {
  switch (lib) {
    case "ours":
      return { verify: (p, m, s) => sm2Verify(p, m, s), sign: (d, _p, m) => sm2Sign(d, m), sm3: (d) => sm3Hex(d), mac: (k, d) => macHex(k, d) };
    case "smv2":
      return {
        // sm-crypto-v2's own precomputation (window 4, as src/crypto used it before) for the cached key.
        verify: (p, m, s, cached) => smv2sm2.doVerifySignature(m, s, cached ? (smv2Prepared ??= smv2sm2.precomputePublicKey(p, 4)) : p, { hash: true }),
        sign: (d, p, m) => smv2sm2.doSignature(m, d, { hash: true, publicKey: p }),
        sm3: (d) => smv2sm3(d),
        mac: (k, d) => toHex(smv2sm4.encrypt(Uint8Array.from(hexToArray(smv2sm3(d))), k, { mode: "ecb", padding: "none", output: "array" }) as Uint8Array),
      };
    case "sm05": {
      const b = sm05!;
      return {
        verify: (p, m, s) => b.sm2.doVerifySignature(m, s, p, { hash: true }),
        sign: (d, p, m) => b.sm2.doSignature(m, d, { hash: true, publicKey: p }),
        sm3: (d) => b.sm3(d),
        mac: (k, d) => toHex(b.sm4.encrypt(hexToArray(b.sm3(d)), k, { padding: "none", output: "array" }) as number[]),
      };
    }
  }
}

/** Runs op n times; returns what every iteration produced, folded. */
function run(op: Op, lib: Impl, f: Fixture, n: number): Record<string, unknown> {
  switch (op) {
    case "sm2-verify-cached": {
      let valid = 0;
      let wrong = 0;
      for (let i = 0; i < n; i++) {
        const ok = lib.verify(f.key.publicKey, MESSAGES[i % 8]!, f.key.sigs[i % 8]!, true);
        if (ok) valid++;
        if (ok !== (i % 8 !== TAMPERED)) wrong++;
      }
      return { valid, wrong };
    }
    case "sm2-verify-cold": {
      // The cursor keeps cycling across requests and libraries: compare answers with what is expected.
      let valid = 0;
      let wrong = 0;
      for (let i = 0; i < n; i++) {
        const idx = coldCursor++ % f.cold.length;
        const k = f.cold[idx]!;
        const ok = lib.verify(k.publicKey, k.msg, k.sig, false);
        if (ok) valid++;
        if (ok !== (idx % 8 !== TAMPERED)) wrong++;
      }
      return { valid, wrong };
    }
    case "sm2-sign": {
      const sigs: string[] = [];
      for (let i = 0; i < n; i++) sigs.push(lib.sign(f.key.privateKey, f.key.publicKey, MESSAGES[i % 8]!));
      // The runner verifies a sample of them with another library.
      return { publicKey: f.key.publicKey, sample: [0, 1, n - 1].filter((i) => i < n).map((i) => ({ msg: MESSAGES[i % 8], sig: sigs[i] })) };
    }
    case "sm3-1k":
    case "sm3-1m":
    case "mac-1k":
    case "mac-1m": {
      const d = op.endsWith("1k") ? f.data["1k"] : f.data["1m"];
      const mac = op.startsWith("mac");
      let fold = 0;
      const digests: string[] = [];
      for (let i = 0; i < n; i++) {
        d[0] = i & 255; // a different input each time
        const h = mac ? lib.mac(MAC_KEY, d) : lib.sm3(d);
        fold ^= parseInt(h.slice(0, 8), 16);
        if (i < 4) digests.push(h);
      }
      return { fold, digests };
    }
  }
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const op = url.searchParams.get("op") ?? "noop";
    if (op === "noop") return new Response("{}");
    const f = getFixture(); // the first call builds keys and signatures: the runner warms up first
    sm05 ??= (await import("sm-crypto")).default;
    if (op === "setup") return Response.json({ publicKey: f.key.publicKey });
    if (!(OPS as readonly string[]).includes(op)) return new Response(`unknown op ${op}`, { status: 400 });
    const lib = url.searchParams.get("lib") as Lib;
    if (!["ours", "smv2", "sm05"].includes(lib)) return new Response(`unknown lib ${lib}`, { status: 400 });
    const n = Number(url.searchParams.get("n") ?? "1");
    return Response.json(run(op as Op, impl(lib), f, n));
  },
};
