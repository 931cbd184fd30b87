import { CryptoInputError } from "./errors";

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;
const HEX_DIGITS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const encoder = new TextEncoder();

/** Even-length hex of any case. */
export function isHex(s: string): boolean {
  return HEX_RE.test(s);
}

export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += HEX_DIGITS[b];
  return out;
}

/** Strict: no whitespace, no "0x", even length; anything else is a caller error. */
export function hexToBytes(hex: string, what = "hex"): Uint8Array<ArrayBuffer> {
  if (!isHex(hex)) throw new CryptoInputError(`${what} is not valid hex`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** `bytes` random bytes (CSPRNG) as lowercase hex: keys, tokens, nonces. */
export function randomHex(bytes: number): string {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Strings are signed/hashed as UTF-8, as every interoperating implementation does. */
export function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? encoder.encode(data) : data;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt("0x" + bytesToHex(bytes));
}

export function bigIntToBytes(n: bigint, length: number): Uint8Array {
  return hexToBytes(n.toString(16).padStart(length * 2, "0"));
}
