import { sm3Digest, sm4EcbEncrypt } from "./backend";
import { CryptoInputError } from "./errors";
import { bytesToHex, hexToBytes, isHex, toBytes } from "./hex";

export function sm3Hex(data: string | Uint8Array): string {
  return bytesToHex(sm3Digest(toBytes(data)));
}

function sm4Key(keyHex: string): Uint8Array {
  if (keyHex.length !== 32) throw new CryptoInputError("SM4 key must be 32 hex characters");
  return hexToBytes(keyHex, "SM4 key");
}

export function sm4EncryptEcbNoPad(keyHex: string, data: Uint8Array): Uint8Array {
  if (data.length % 16 !== 0) throw new CryptoInputError("SM4-ECB without padding needs a multiple of 16 bytes");
  return sm4EcbEncrypt(sm4Key(keyHex), data);
}

/** Profile MAC: hex(SM4-ECB_K(SM3(M))); the 32-byte digest is exactly two blocks. */
export function macHex(keyHex: string, message: string | Uint8Array): string {
  const key = sm4Key(keyHex);
  return bytesToHex(sm4EcbEncrypt(key, sm3Digest(toBytes(message))));
}

/**
 * Compares two hex strings without a data-dependent early exit, ignoring case.
 * Only the lengths (public: MACs have a fixed size) can leak through timing.
 */
export function timingSafeEqualHex(a: string, b: string): boolean {
  if (a.length !== b.length || !isHex(a) || !isHex(b)) return false;
  let diff = 0;
  // `| 0x20` folds A-F onto a-f and leaves 0-9 alone; both strings are known to be hex.
  for (let i = 0; i < a.length; i++) diff |= (a.charCodeAt(i) | 0x20) ^ (b.charCodeAt(i) | 0x20);
  return diff === 0;
}
