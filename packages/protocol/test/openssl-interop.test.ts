// Interop with the OpenSSL 3 command line: what we sign, OpenSSL verifies, and the other way round.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import vectors from "../fixtures/gm-vectors.json";
import {
  macHex,
  normalizeSm2PublicKey,
  requestStringToSign,
  sm2GenerateKeyPair,
  sm2PublicKeyFromPrivate,
  sm2Sign,
  sm2Verify,
  sm3Hex,
  sm4EncryptEcbNoPad,
} from "../src/crypto";
import { decodeSignatureDer, encodeSignatureDer } from "../src/crypto/der";

const DISTID = "distid:1234567812345678";
let dir = "";
let n = 0;

beforeAll(() => {
  expect(execFileSync("openssl", ["version"]).toString()).toMatch(/^OpenSSL 3\./);
  dir = mkdtempSync(join(tmpdir(), "gm-interop-"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function tmpFile(content: string | Uint8Array): string {
  const path = join(dir, `f${n++}`);
  writeFileSync(path, content);
  return path;
}

const openssl = (args: string[], input?: Uint8Array | string): Buffer => execFileSync("openssl", args, { input });

/** SubjectPublicKeyInfo { id-ecPublicKey, SM2 curve } around a 65-byte point, as OpenSSL writes it. */
function spkiPem(publicKeyHex: string): string {
  const der = Buffer.from(`3059301306072a8648ce3d020106082a811ccf5501822d034200${publicKeyHex}`, "hex");
  return `-----BEGIN PUBLIC KEY-----\n${der.toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END PUBLIC KEY-----\n`;
}

/** Runs both OpenSSL SM2 verifiers; true only if both accept. */
function opensslVerifies(publicKeyHex: string, message: string | Uint8Array, signatureDerHex: string): boolean {
  const pub = tmpFile(spkiPem(publicKeyHex));
  const msg = tmpFile(message);
  const sig = tmpFile(Buffer.from(signatureDerHex, "hex"));
  const pkeyutl = spawnSync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-in", msg, "-digest", "sm3", "-pkeyopt", DISTID, "-sigfile", sig]);
  const dgst = spawnSync("openssl", ["dgst", "-sm3", "-verify", pub, "-sigopt", DISTID, "-signature", sig, msg]);
  const a = pkeyutl.status === 0 && pkeyutl.stdout.toString().includes("Signature Verified Successfully");
  const b = dgst.status === 0 && dgst.stdout.toString().includes("Verified OK");
  expect(a, `pkeyutl and dgst disagree: ${pkeyutl.stderr}${dgst.stderr}`).toBe(b);
  return a;
}

const toDerHex = (rawHex: string) => Buffer.from(encodeSignatureDer(Buffer.from(rawHex, "hex"))).toString("hex");

describe("OpenSSL verifies our SM2 signatures", () => {
  const r = vectors.requests[0]!;
  const messages = [
    "abc",
    "互联网电视：山海情 第1集",
    requestStringToSign({ path: r.path, groupId: "cp-demo", nonce: "nonce-000000000001", ts: "1700000000000", bodySm3: sm3Hex(r.body) }),
    r.msgSignInput,
  ];

  it("our PEM encoding of the vector key is what OpenSSL derives from the private key", () => {
    const fromOpenssl = openssl(["pkey", "-in", tmpFile(vectors.keys.cp.pem), "-pubout"]).toString();
    expect(fromOpenssl).toBe(spkiPem(vectors.keys.cp.publicKey));
  });

  it.each(messages)("vector CP key signs %j", (message) => {
    const sig = sm2Sign(vectors.keys.cp.privateKey, message);
    expect(opensslVerifies(vectors.keys.cp.publicKey, message, toDerHex(sig))).toBe(true);
    expect(opensslVerifies(vectors.keys.cp.publicKey, message + "x", toDerHex(sig))).toBe(false);
    expect(opensslVerifies(vectors.keys.platform.publicKey, message, toDerHex(sig))).toBe(false);
  });

  it("a freshly generated key pair signs the request string", () => {
    const kp = sm2GenerateKeyPair();
    const sig = sm2Sign(kp.privateKey, messages[2]!);
    expect(opensslVerifies(kp.publicKey, messages[2]!, toDerHex(sig))).toBe(true);
  });

  it("a signature whose r or s is shorter than 32 bytes is DER-encoded the way OpenSSL wants", () => {
    const { privateKey, publicKey } = vectors.keys.cp;
    let found = 0;
    for (let i = 0; i < 20000 && found < 2; i++) {
      const msg = `short-${i}`;
      const sig = sm2Sign(privateKey, msg);
      // r or s below 2^247: its DER INTEGER has at most 31 bytes (no 0x00 sign byte either).
      if (BigInt("0x" + sig.slice(0, 64)) >= 2n ** 247n && BigInt("0x" + sig.slice(64)) >= 2n ** 247n) continue;
      found++;
      expect(toDerHex(sig).length).toBeLessThanOrEqual(140);
      expect(opensslVerifies(publicKey, msg, toDerHex(sig))).toBe(true);
    }
    expect(found).toBe(2);
  });
});

describe("we verify OpenSSL's SM2 signatures and read its keys", () => {
  let keyPem = "";
  let publicKey = "";

  beforeAll(() => {
    keyPem = tmpFile("");
    openssl(["genpkey", "-algorithm", "SM2", "-out", keyPem]);
    publicKey = normalizeSm2PublicKey(openssl(["pkey", "-in", keyPem, "-pubout"]).toString());
  });

  it("our public key from OpenSSL's private scalar equals OpenSSL's public key PEM", () => {
    const text = openssl(["pkey", "-in", keyPem, "-text", "-noout"]).toString();
    const priv = /priv:\s*([0-9a-f:\s]+?)\s*pub:/.exec(text)![1]!.replace(/[:\s]/g, "").padStart(64, "0");
    expect(priv).toMatch(/^[0-9a-f]{64}$/);
    expect(sm2PublicKeyFromPrivate(priv)).toBe(publicKey);
  });

  it.each(["fresh message " + Date.now(), "新的消息：互联网电视", ""])("OpenSSL signs %j", (message) => {
    const msg = tmpFile(message);
    const der = openssl(["pkeyutl", "-sign", "-inkey", keyPem, "-rawin", "-in", msg, "-digest", "sm3", "-pkeyopt", DISTID]);
    const derHex = der.toString("hex");
    expect(sm2Verify(publicKey, message, derHex)).toBe(true);
    expect(sm2Verify(publicKey, message, derHex.toUpperCase())).toBe(true);
    const raw = Buffer.from(decodeSignatureDer(der)!).toString("hex");
    expect(sm2Verify(publicKey, message, raw)).toBe(true);
    expect(sm2Verify(publicKey, message + ".", derHex)).toBe(false);
    expect(sm2Verify(vectors.keys.cp.publicKey, message, derHex)).toBe(false);
  });

  it("OpenSSL dgst signatures verify too", () => {
    const message = "dgst 签名 " + randomBytes(8).toString("hex");
    const der = openssl(["dgst", "-sm3", "-sign", keyPem, "-sigopt", DISTID, tmpFile(message)]);
    expect(sm2Verify(publicKey, message, der.toString("hex"))).toBe(true);
  });
});

describe("SM3, SM4 and the MAC equal OpenSSL", () => {
  const inputs: [string, Uint8Array][] = [
    ["empty", new Uint8Array(0)],
    ["55 bytes", randomBytes(55)],
    ["56 bytes", randomBytes(56)],
    ["64 bytes", randomBytes(64)],
    ["1 KiB", randomBytes(1024)],
    ["Chinese UTF-8", new TextEncoder().encode(vectors.requests[0]!.body)],
  ];

  it.each(inputs)("SM3 of %s", (_, data) => {
    expect(sm3Hex(data)).toBe(openssl(["dgst", "-sm3", "-binary"], data).toString("hex"));
  });

  it("SM3 of a string is SM3 of its UTF-8 bytes", () => {
    const s = "互联网电视 😀";
    expect(sm3Hex(s)).toBe(openssl(["dgst", "-sm3", "-binary"], Buffer.from(s, "utf8")).toString("hex"));
  });

  it.each([16, 32, 160])("SM4-ECB without padding of %i random bytes under a random key", (len) => {
    const key = randomBytes(16).toString("hex");
    const data = randomBytes(len);
    const want = openssl(["enc", "-sm4-ecb", "-nopad", "-K", key], data).toString("hex");
    expect(Buffer.from(sm4EncryptEcbNoPad(key, data)).toString("hex")).toBe(want);
  });

  it.each(inputs)("MAC of %s", (_, data) => {
    const key = randomBytes(16).toString("hex");
    const digest = openssl(["dgst", "-sm3", "-binary"], data);
    const want = openssl(["enc", "-sm4-ecb", "-nopad", "-K", key], digest).toString("hex");
    expect(macHex(key, data)).toBe(want);
    expect(macHex(key.toUpperCase(), data)).toBe(want);
  });

  it("MAC of the vector request string to sign", () => {
    const r = vectors.requests[1]!;
    const digest = openssl(["dgst", "-sm3", "-binary"], r.stringToSign);
    const want = openssl(["enc", "-sm4-ecb", "-nopad", "-K", vectors.keys.macKey], digest).toString("hex");
    expect(want).toBe(r.sign);
    expect(macHex(vectors.keys.macKey, r.stringToSign)).toBe(want);
  });
});

// Keeps the files readable when a check above fails and someone inspects the directory.
it("temp files are written where expected", () => {
  const p = tmpFile("x");
  expect(readFileSync(p, "utf8")).toBe("x");
});
