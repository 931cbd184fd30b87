// The only module that touches the SM library: swapping the implementation means rewriting this file.
// Everything here takes validated inputs (bytes, lowercase hex); validation lives in the callers.
import { sm2, sm3, sm4 } from "sm-crypto-v2";
import { bytesToHex, hexToBytes } from "./hex";

export function sm3Digest(data: Uint8Array): Uint8Array {
  return hexToBytes(sm3(data));
}

/** key: 16 bytes; data: a multiple of 16 bytes. */
export function sm4EcbEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  return sm4.encrypt(data, key, { mode: "ecb", padding: "none", output: "array" });
}

/** Lowercase 04‖X‖Y of d·G. */
export function publicKeyOf(privateKeyHex: string): string {
  return sm2.getPublicKeyFromPrivateKey(privateKeyHex).toLowerCase();
}

export function generateKeyPair(): { privateKey: string; publicKey: string } {
  const kp = sm2.generateKeyPairHex(); // nonce source: crypto.getRandomValues
  return { privateKey: kp.privateKey.toLowerCase(), publicKey: kp.publicKey.toLowerCase() };
}

/** Signs an already computed e = SM3(Z_A ‖ M); returns lowercase r‖s hex. */
export function signDigest(e: Uint8Array, privateKeyHex: string): string {
  // Passing bytes without `hash` makes the library use them as e unchanged.
  return sm2.doSignature(e, privateKeyHex).toLowerCase();
}

export type PreparedPublicKey = ReturnType<typeof sm2.precomputePublicKey>;

// Window 4: ~80 KB of table per key and ~4x faster verify than no table; window 8 is ~670 KB per key.
const PRECOMPUTE_WINDOW = 4;

export function preparePublicKey(publicKeyHex: string): PreparedPublicKey {
  return sm2.precomputePublicKey(publicKeyHex, PRECOMPUTE_WINDOW);
}

/** Verifies r‖s (64 bytes, each already checked to be in [1, n-1]) over e. */
export function verifyDigest(e: Uint8Array, rs: Uint8Array, key: PreparedPublicKey): boolean {
  return sm2.doVerifySignature(e, bytesToHex(rs), key);
}
