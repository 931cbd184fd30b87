// SM2 recommended curve parameters (GB/T 32918.5).
import { bigIntToBytes, bytesToBigInt, concatBytes, hexToBytes } from "./hex";

export const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
export const A = 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn;
export const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
export const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
export const GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
export const GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;

/** Default signer identity of GB/T 35276 / OpenSSL distid: "1234567812345678". */
export const DEFAULT_ID = new TextEncoder().encode("1234567812345678");

/** 65-byte 04‖X‖Y with X, Y < p on y² = x³ + ax + b; the cofactor is 1, so this is a full check. */
export function isValidPoint(point: Uint8Array): boolean {
  if (point.length !== 65 || point[0] !== 0x04) return false;
  const x = bytesToBigInt(point.subarray(1, 33));
  const y = bytesToBigInt(point.subarray(33, 65));
  if (x >= P || y >= P) return false;
  return (y * y - (x * x * x + A * x + B)) % P === 0n;
}

/** d must be in [1, n-2]: signing uses (1 + d)⁻¹ mod n. */
export function isValidPrivateScalar(d: bigint): boolean {
  return d >= 1n && d <= N - 2n;
}

/** Fixed part of Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) for the default ID. */
const Z_PREFIX = concatBytes(
  hexToBytes((DEFAULT_ID.length * 8).toString(16).padStart(4, "0")),
  DEFAULT_ID,
  ...[A, B, GX, GY].map((v) => bigIntToBytes(v, 32)),
);

/** Bytes hashed to get Z_A of a validated 65-byte public point. */
export function zInput(point: Uint8Array): Uint8Array {
  return concatBytes(Z_PREFIX, point.subarray(1));
}

/** a⁻¹ mod m (m prime, a ≠ 0) by the extended Euclidean algorithm. */
function invMod(a: bigint, m: bigint): bigint {
  let [r0, r1] = [((a % m) + m) % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** How many multiples k·G (k = 1…SMALL_MULTIPLES) a public key may not be. */
export const SMALL_MULTIPLES = 1024;
let smallMultipleXs: Set<bigint> | undefined;

/**
 * x-coordinates of k·G for k in 1…SMALL_MULTIPLES (and so of −k·G, which shares x): a public
 * key among them has a private key anyone finds by counting. Built once, lazily, by affine
 * addition (about a thousand modular inversions).
 */
function smallMultiples(): Set<bigint> {
  if (smallMultipleXs) return smallMultipleXs;
  const xs = new Set<bigint>([GX]);
  // 2G by doubling, then k·G = (k−1)·G + G.
  let lambda = ((3n * GX * GX + A) * invMod(2n * GY, P)) % P;
  let x = (((lambda * lambda - 2n * GX) % P) + P) % P;
  let y = (((lambda * (GX - x) - GY) % P) + P) % P;
  for (let k = 2; k <= SMALL_MULTIPLES; k++) {
    xs.add(x);
    lambda = (((y - GY) % P) + P) % P * invMod(x - GX, P) % P;
    const nx = (((lambda * lambda - x - GX) % P) + P) % P;
    y = (((lambda * (x - nx) - y) % P) + P) % P;
    x = nx;
  }
  smallMultipleXs = xs;
  return xs;
}

/** True when the valid 65-byte point is ±k·G for a small k (G itself included). */
export function isSmallMultipleOfG(point: Uint8Array): boolean {
  return smallMultiples().has(bytesToBigInt(point.subarray(1, 33)));
}
