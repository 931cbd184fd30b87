// The only module that touches the SM implementation: swapping it means rewriting this file.
// Everything here takes validated inputs (bytes, lowercase hex); validation lives in the callers.
// Implementation: our own code throughout. SM2 curve arithmetic and SM3 in WebAssembly
// (wasm/sm.c through impl/wasm.ts), SM4 in TypeScript (impl/sm4.ts: two blocks per MAC, not
// worth a call into wasm); docs/performance.md has the candidates and figures.
import { sm4EcbEncrypt as sm4Ecb } from "./impl/sm4";
import * as ec from "./impl/wasm";
import { bytesToBigInt, bytesToHex, bigIntToBytes, hexToBytes } from "./hex";

export function sm3Digest(data: Uint8Array): Uint8Array {
  return ec.sm3(data);
}

/** key: 16 bytes; data: a multiple of 16 bytes. */
export function sm4EcbEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  return sm4Ecb(key, data);
}

/** Lowercase 04‖X‖Y of d·G. */
export function publicKeyOf(privateKeyHex: string): string {
  return ec.publicKeyOf(BigInt("0x" + privateKeyHex));
}

export function generateKeyPair(): { privateKey: string; publicKey: string } {
  const d = ec.randomPrivateKey(); // crypto.getRandomValues, in [1, n-2]
  return { privateKey: bytesToHex(bigIntToBytes(d, 32)), publicKey: ec.publicKeyOf(d) };
}

// (1 + d)⁻¹ mod n per signing key: the platform key and a few test keys.
const SIGNER_MAX = 16;
const signers = new Map<string, { d: bigint; dInv: bigint }>();

/** Signs an already computed e = SM3(Z_A ‖ M); returns lowercase r‖s hex. */
export function signDigest(e: Uint8Array, privateKeyHex: string): string {
  let signer = signers.get(privateKeyHex);
  if (!signer) {
    const d = BigInt("0x" + privateKeyHex);
    signer = { d, dInv: ec.signerInverse(d) };
    if (signers.size >= SIGNER_MAX) signers.delete(signers.keys().next().value!);
    signers.set(privateKeyHex, signer);
  }
  const { r, s } = ec.sign(bytesToBigInt(e), signer.d, signer.dInv);
  return bytesToHex(bigIntToBytes(r, 32)) + bytesToHex(bigIntToBytes(s, 32));
}

export type PreparedPublicKey = ec.VerifyKey & { uses: number };

/** Parses a validated 04‖X‖Y; its table is built on its second verification (see verifyDigest). */
export function preparePublicKey(publicKeyHex: string): PreparedPublicKey {
  return { xy: hexToBytes(publicKeyHex).slice(1), uses: 0 };
}

/**
 * Verifies r‖s (64 bytes, each already checked to be in [1, n-1]) over e. A key seen once (e.g.
 * at onboarding) is not worth a table (~155 KB in the module's memory, a few ms to build): it is
 * built on the key's second use and kept for the ec.TABLE_SLOTS most recently used keys; a key
 * without one is verified by wNAF.
 */
export function verifyDigest(e: Uint8Array, rs: Uint8Array, key: PreparedPublicKey): boolean {
  if (key.slot !== undefined) ec.touch(key);
  else if (++key.uses >= 2) ec.buildTable(key);
  return ec.verify(e, rs, key);
}
