/**
 * SM2 keys as files: PKCS#8 / SEC1 private key PEM ↔ 64-hex scalar, SubjectPublicKeyInfo PEM
 * of a public key (the forms `openssl genpkey -algorithm SM2` and `openssl pkey -pubout` use).
 */
import { bytesToHex, hexToBytes, sm2GenerateKeyPair, sm2PublicKeyFromPrivate } from "@gyt345/protocol/crypto";

// SEQUENCE { INTEGER 0, SEQUENCE { id-ecPublicKey, SM2 curve }, OCTET STRING { ECPrivateKey … } }
const PKCS8_PREFIX = "308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420";
const PKCS8_MIDDLE = "a144034200";
const SPKI_PREFIX = "3059301306072a8648ce3d020106082a811ccf5501822d034200";

function pem(label: string, hex: string): string {
  const b64 = btoa(String.fromCharCode(...hexToBytes(hex)));
  return `-----BEGIN ${label}-----\n${b64.replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}\n-----END ${label}-----\n`;
}

export function privateKeyPem(privateKeyHex: string): string {
  return pem("PRIVATE KEY", PKCS8_PREFIX + privateKeyHex.toLowerCase() + PKCS8_MIDDLE + sm2PublicKeyFromPrivate(privateKeyHex));
}

export function publicKeyPem(publicKeyHex: string): string {
  return pem("PUBLIC KEY", SPKI_PREFIX + publicKeyHex.toLowerCase());
}

/** 64 hex, or a PKCS#8 (`PRIVATE KEY`) / SEC1 (`EC PRIVATE KEY`) PEM → 64 hex. */
export function parsePrivateKey(input: string): string {
  const text = input.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return text.toLowerCase();
  const m = /-----BEGIN (?:EC )?PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END/.exec(text);
  if (!m) throw new Error("not an SM2 private key (64 hex or a PRIVATE KEY / EC PRIVATE KEY PEM)");
  const der = bytesToHex(Uint8Array.from(atob(m[1]!.replace(/\s+/g, "")), (c) => c.charCodeAt(0)));
  // ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING (32) d, … }
  const at = der.indexOf("0201010420");
  if (at < 0 || (at - 4) % 2 !== 0) throw new Error("PEM holds no 32-byte EC private key");
  const d = der.slice(at + 10, at + 10 + 64);
  sm2PublicKeyFromPrivate(d); // range check
  return d;
}

export function generateKeyFiles(): { privateKey: string; publicKey: string; privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = sm2GenerateKeyPair();
  return { privateKey, publicKey, privateKeyPem: privateKeyPem(privateKey), publicKeyPem: publicKeyPem(publicKey) };
}
