// GET /?op=<op>&lib=<ours|baseline>&n=<iterations> runs one op n times and answers "ok".
// Timing is done from outside: inside workerd Date.now() does not advance during CPU work.
import type smCrypto from "sm-crypto";
import { macHex, sm2GenerateKeyPair, sm2Sign, sm2Verify, sm3Hex } from "../../src/crypto";

type Lib = "ours" | "baseline";
type Op = "sm2-verify" | "sm2-verify-precomputed" | "sm2-sign" | "sm3-1k" | "mac-1k";
type Run = () => unknown;

const MESSAGE =
  "POST\n/api/v1/series/inject\ngroupId=cp-demo&nonce=nonce-000000000001&ts=1700000000000\n" +
  "ecc32e354887c5b3e1d26586dce896decb129489e168a1eb3f6cf037d91fef10";
const MAC_KEY = "8f0e2c6b1a4d5e7f9081a2b3c4d5e6f7";
// More distinct keys than src/crypto caches (128), cycled in order: every verify is a cache miss.
const COLD_KEYS = 160;

type Fixture = {
  data1k: Uint8Array;
  key: { privateKey: string; publicKey: string; sig: string };
  cold: { publicKey: string; sig: string }[];
};

let fixture: Fixture | undefined;
// Keeps cycling across requests, so a request's first iterations do not revisit keys cached by the last one.
let coldCursor = 0;
// sm-crypto 0.5 draws random numbers at module scope, which workerd forbids at startup: load it per request.
let baseline: typeof smCrypto | undefined;

function getFixture(): Fixture {
  if (fixture) return fixture;
  const data1k = new Uint8Array(1024);
  crypto.getRandomValues(data1k);
  const kp = sm2GenerateKeyPair();
  const cold = Array.from({ length: COLD_KEYS }, () => {
    const k = sm2GenerateKeyPair();
    return { publicKey: k.publicKey, sig: sm2Sign(k.privateKey, MESSAGE) };
  });
  fixture = { data1k, key: { ...kp, sig: sm2Sign(kp.privateKey, MESSAGE) }, cold };
  return fixture;
}

function oursOp(op: Op, f: Fixture): Run {
  switch (op) {
    case "sm2-verify":
      return () => {
        const k = f.cold[coldCursor++ % f.cold.length]!;
        if (!sm2Verify(k.publicKey, MESSAGE, k.sig)) throw new Error("verify failed");
      };
    case "sm2-verify-precomputed":
      return () => {
        if (!sm2Verify(f.key.publicKey, MESSAGE, f.key.sig)) throw new Error("verify failed");
      };
    case "sm2-sign":
      return () => sm2Sign(f.key.privateKey, MESSAGE);
    case "sm3-1k":
      return () => sm3Hex(f.data1k);
    case "mac-1k":
      return () => macHex(MAC_KEY, f.data1k);
  }
}

const hexToArray = (hex: string) => Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));

function baselineOp(op: Op, f: Fixture, b: typeof smCrypto): Run {
  switch (op) {
    case "sm2-verify":
    case "sm2-verify-precomputed": // sm-crypto 0.5 has no precomputation: same call for both rows
      return () => {
        const k = op === "sm2-verify" ? f.cold[coldCursor++ % f.cold.length]! : f.key;
        if (!b.sm2.doVerifySignature(MESSAGE, k.sig, k.publicKey, { hash: true })) throw new Error("verify failed");
      };
    case "sm2-sign":
      return () => b.sm2.doSignature(MESSAGE, f.key.privateKey, { hash: true, publicKey: f.key.publicKey });
    case "sm3-1k":
      return () => b.sm3(f.data1k);
    case "mac-1k":
      return () => b.sm4.encrypt(hexToArray(b.sm3(f.data1k)), MAC_KEY, { padding: "none", output: "array" });
  }
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const op = url.searchParams.get("op") ?? "noop";
    if (op === "noop") return new Response("ok");
    const lib = (url.searchParams.get("lib") ?? "ours") as Lib;
    const n = Number(url.searchParams.get("n") ?? "1");
    const f = getFixture(); // first call builds keys and signatures: the runner warms up first
    baseline ??= (await import("sm-crypto")).default;
    if (op === "setup") return new Response("ok");
    const run = lib === "ours" ? oursOp(op as Op, f) : baselineOp(op as Op, f, baseline);
    if (!run) return new Response(`unknown op ${op}`, { status: 400 });
    for (let i = 0; i < n; i++) run();
    return new Response("ok");
  },
};
