import { generateKeyPair, preparePublicKey, publicKeyOf, signDigest, sm3Digest, verifyDigest } from "./backend";
import type { PreparedPublicKey } from "./backend";
import { N, isSmallMultipleOfG, isValidPoint, isValidPrivateScalar, zInput } from "./curve";
import { decodeSignatureDer } from "./der";
import { CryptoInputError } from "./errors";
import { bytesToBigInt, bytesToHex, concatBytes, hexToBytes, isHex, toBytes } from "./hex";
import { isPem, spkiPemToPoint } from "./pem";

/** Insertion-ordered Map used as a small LRU: a hit moves the entry to the back. */
function lruGet<K, V>(map: Map<K, V>, key: K): V | undefined {
  const v = map.get(key);
  if (v !== undefined) {
    map.delete(key);
    map.set(key, v);
  }
  return v;
}

function lruSet<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (map.size >= max) map.delete(map.keys().next().value as K);
  map.set(key, value);
}

function hexPoint(hex: string): Uint8Array | null {
  if (hex.length !== 130 || !isHex(hex)) return null;
  const point = hexToBytes(hex);
  return isValidPoint(point) ? point : null;
}

export function normalizeSm2PublicKey(input: string): string {
  const trimmed = input.trim();
  const point = isPem(trimmed) ? spkiPemToPoint(trimmed) : hexPoint(trimmed);
  if (!point || !isValidPoint(point)) throw new CryptoInputError("not an SM2 public key (04‖X‖Y on the SM2 curve)");
  return bytesToHex(point);
}

/**
 * Why a valid public key must still not be a CP's, or null: the generator and its small
 * multiples (private key ±1…±1024), or the platform's own key (`refused`).
 */
export function sm2WeakPublicKeyReason(publicKeyHex: string, refused: readonly string[] = []): string | null {
  const point = hexPoint(publicKeyHex);
  if (!point) return "not an SM2 public key";
  if (isSmallMultipleOfG(point)) return "a weak key (a small multiple of the curve generator G)";
  const hex = bytesToHex(point);
  if (refused.some((k) => k.toLowerCase() === hex)) return "the platform's own public key";
  return null;
}

function privateKeyToHex(privateKeyHex: string): string {
  if (privateKeyHex.length !== 64 || !isHex(privateKeyHex)) {
    throw new CryptoInputError("SM2 private key must be 64 hex characters");
  }
  const hex = privateKeyHex.toLowerCase();
  if (!isValidPrivateScalar(BigInt("0x" + hex))) throw new CryptoInputError("SM2 private key out of range");
  return hex;
}

export function sm2PublicKeyFromPrivate(privateKeyHex: string): string {
  return publicKeyOf(privateKeyToHex(privateKeyHex));
}

export function sm2GenerateKeyPair(): { privateKey: string; publicKey: string } {
  for (;;) {
    const kp = generateKeyPair();
    // The library draws d in [1, n-1]; SM2 signing needs d ≤ n-2 (astronomically rare retry).
    if (isValidPrivateScalar(BigInt("0x" + kp.privateKey))) return kp;
  }
}

/** e = SM3(Z_A ‖ M) where Z_A = SM3(ENTL ‖ ID ‖ curve ‖ public key). */
function digest(z: Uint8Array, message: string | Uint8Array): Uint8Array {
  return sm3Digest(concatBytes(z, toBytes(message)));
}

// Signers are few (the platform key, tests): caching their public key and Z halves signing cost.
const SIGNER_CACHE_MAX = 16;
const signerCache = new Map<string, Uint8Array>();

export function sm2Sign(privateKeyHex: string, message: string | Uint8Array): string {
  const d = privateKeyToHex(privateKeyHex);
  let z = lruGet(signerCache, d);
  if (!z) {
    z = sm3Digest(zInput(hexToBytes(publicKeyOf(d))));
    lruSet(signerCache, d, z, SIGNER_CACHE_MAX);
  }
  return signDigest(digest(z, message), d);
}

type VerifierEntry = { key: PreparedPublicKey; z: Uint8Array };

// Each entry holds an ~80 KB precomputed table, so the bound is set by memory (≈10 MB) rather than by
// the number of CPs; a miss costs one table build (~6 ms), a hit saves ~2 ms per verify.
const VERIFIER_CACHE_MAX = 128;
const verifierCache = new Map<string, VerifierEntry>();

function verifierFor(publicKeyHex: string): VerifierEntry | null {
  const hex = publicKeyHex.toLowerCase();
  const cached = lruGet(verifierCache, hex);
  if (cached) return cached;
  const point = hexPoint(hex);
  if (!point) return null;
  const entry = { key: preparePublicKey(hex), z: sm3Digest(zInput(point)) };
  lruSet(verifierCache, hex, entry, VERIFIER_CACHE_MAX);
  return entry;
}

/** Raw r‖s and DER are both accepted; a 64-byte string that also parses as DER is tried both ways. */
function signatureCandidates(signatureHex: string): Uint8Array[] {
  if (signatureHex.length > 144 || !isHex(signatureHex)) return []; // DER of SM2 is at most 72 bytes
  const bytes = hexToBytes(signatureHex);
  const out: Uint8Array[] = [];
  if (bytes.length === 64) out.push(bytes);
  const der = bytes[0] === 0x30 ? decodeSignatureDer(bytes) : null;
  if (der) out.push(der);
  return out;
}

/** r and s must lie in [1, n−1] (GB/T 32918.2, verification step B1/B2). */
export function inScalarRange(b: Uint8Array): boolean {
  const v = bytesToBigInt(b);
  return v >= 1n && v < N;
}

export function sm2Verify(publicKeyHex: string, message: string | Uint8Array, signatureHex: string): boolean {
  try {
    if (typeof publicKeyHex !== "string" || typeof signatureHex !== "string") return false;
    const verifier = verifierFor(publicKeyHex);
    if (!verifier) return false;
    const candidates = signatureCandidates(signatureHex).filter(
      (rs) => inScalarRange(rs.subarray(0, 32)) && inScalarRange(rs.subarray(32)),
    );
    if (candidates.length === 0) return false;
    const e = digest(verifier.z, message);
    return candidates.some((rs) => verifyDigest(e, rs, verifier.key));
  } catch {
    return false; // garbage in never becomes a 500
  }
}
