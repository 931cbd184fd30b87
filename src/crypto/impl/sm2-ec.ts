// SM2 (GB/T 32918) signatures on the recommended curve, our own BigInt arithmetic:
// Jacobian coordinates with a = -3 doubling, mixed additions against affine precomputed
// tables, no inversion in verify (x is compared projectively). Tables:
//  - the generator: signed fixed windows of W bits (built once per isolate, lazily);
//  - a public key: the same kind of table, built on the key's second use and kept in a bounded
//    LRU by the caller; a key seen once is verified with a sliding wNAF instead.
// Verify handles public data only and may be variable-time. Signing uses a fixed sequence of
// operations for every nonce (one mixed addition per window, a dummy accumulator for zero
// digits, blinded inversions); BigInt itself is not constant-time in V8 (same caveat as noble).

export const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
export const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
const GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
const GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;

/** Window width of the precomputed tables: 2^(W-1) affine points per window, ⌈256/W⌉+1 windows. */
const W = 7;
const WINDOWS = Math.ceil(256 / W) + 1;
const HALF = 1 << (W - 1);
const MASK = BigInt((1 << W) - 1);
const BW = BigInt(W);

type Jac = { x: bigint; y: bigint; z: bigint };
/** Flat affine table: xs[win * HALF + j - 1], ys likewise, for j·2^(W·win)·P. */
export type Table = { xs: bigint[]; ys: bigint[] };

const mod = (a: bigint) => {
  const r = a % P;
  return r < 0n ? r + P : r;
};
const modN = (a: bigint) => {
  const r = a % N;
  return r < 0n ? r + N : r;
};

/** Extended Euclid: variable-time; callers blind secret inputs. */
function invert(a: bigint, m: bigint): bigint {
  let x = ((a % m) + m) % m;
  if (x === 0n) throw new Error("invert(0)");
  let y = m, u = 1n, v = 0n;
  while (x !== 0n) {
    const q = y / x;
    [y, x] = [x, y - q * x];
    [v, u] = [u, v - q * u];
  }
  return ((v % m) + m) % m;
}

function randomScalar(): bigint {
  // 40 bytes reduced mod n-1: bias below 2^-64.
  const b = crypto.getRandomValues(new Uint8Array(40));
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return (v % (N - 1n)) + 1n;
}

const INF: Jac = { x: 1n, y: 1n, z: 0n };

// Doubling for a = -3 (dbl-2001-b): 3M + 5S.
function dbl(p: Jac): Jac {
  if (p.z === 0n) return p;
  const delta = (p.z * p.z) % P;
  const gamma = (p.y * p.y) % P;
  const beta = (p.x * gamma) % P;
  const alpha = (3n * (p.x - delta) * (p.x + delta)) % P;
  const x = (alpha * alpha - 8n * beta) % P;
  const z = ((p.y + p.z) * (p.y + p.z) - gamma - delta) % P;
  const y = (alpha * (4n * beta - x) - 8n * ((gamma * gamma) % P)) % P;
  return { x, y, z };
}

// Mixed addition p + (qx, qy) with q affine: 8M + 3S. Coordinates may be negative (lazy reduction).
function madd(p: Jac, qx: bigint, qy: bigint): Jac {
  if (p.z === 0n) return { x: qx, y: qy, z: 1n };
  const z1z1 = (p.z * p.z) % P;
  const u2 = (qx * z1z1) % P;
  const s2 = (((qy * p.z) % P) * z1z1) % P;
  const h = (u2 - p.x) % P;
  const r = (s2 - p.y) % P;
  if (h === 0n) return r === 0n ? dbl({ x: qx, y: qy, z: 1n }) : INF;
  const hh = (h * h) % P;
  const hhh = (h * hh) % P;
  const v = (p.x * hh) % P;
  const x = (r * r - hhh - 2n * v) % P;
  const y = (r * (v - x) - p.y * hhh) % P;
  return { x, y, z: (p.z * h) % P };
}

// Full Jacobian addition (add-1998-cmo-2): 12M + 4S.
function add(p: Jac, q: Jac): Jac {
  if (p.z === 0n) return q;
  if (q.z === 0n) return p;
  const z1z1 = (p.z * p.z) % P;
  const z2z2 = (q.z * q.z) % P;
  const u1 = (p.x * z2z2) % P;
  const u2 = (q.x * z1z1) % P;
  const s1 = (((p.y * q.z) % P) * z2z2) % P;
  const s2 = (((q.y * p.z) % P) * z1z1) % P;
  const h = (u2 - u1) % P;
  const r = (s2 - s1) % P;
  if (h === 0n) return r === 0n ? dbl(p) : INF;
  const hh = (h * h) % P;
  const hhh = (h * hh) % P;
  const v = (u1 * hh) % P;
  const x = (r * r - hhh - 2n * v) % P;
  const y = (r * (v - x) - s1 * hhh) % P;
  return { x, y, z: (((p.z * q.z) % P) * h) % P };
}

/** Affine x, y of several Jacobian points with one inversion (Montgomery's trick). */
function toAffineBatch(pts: Jac[]): { xs: bigint[]; ys: bigint[] } {
  const acc: bigint[] = new Array(pts.length);
  let a = 1n;
  for (let i = 0; i < pts.length; i++) {
    acc[i] = a;
    a = (a * mod(pts[i]!.z)) % P;
  }
  let inv = invert(a, P);
  const xs: bigint[] = new Array(pts.length);
  const ys: bigint[] = new Array(pts.length);
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    const zi = (inv * acc[i]!) % P;
    inv = (inv * mod(p.z)) % P;
    const zi2 = (zi * zi) % P;
    xs[i] = mod(p.x * zi2);
    ys[i] = mod(((p.y * zi2) % P) * zi);
  }
  return { xs, ys };
}

/** The fixed-window table of an affine point (x, y): WINDOWS × 2^(W-1) points. */
export function buildTable(x: bigint, y: bigint): Table {
  const pts: Jac[] = [];
  let base: Jac = { x, y, z: 1n };
  for (let win = 0; win < WINDOWS; win++) {
    let acc = base;
    pts.push(acc);
    for (let j = 2; j <= HALF; j++) {
      acc = add(acc, base);
      pts.push(acc);
    }
    base = dbl(acc); // 2^(W-1)·base·2 = 2^W·base
  }
  return toAffineBatch(pts);
}

/** Signed W-bit digits of k (k < 2^256), least significant window first; |d| ≤ 2^(W-1). */
function digits(k: bigint): Int32Array {
  const out = new Int32Array(WINDOWS);
  let carry = 0;
  for (let win = 0; win < WINDOWS; win++) {
    let d = Number(k & MASK) + carry;
    k >>= BW;
    carry = 0;
    if (d > HALF) {
      d -= 1 << W;
      carry = 1;
    }
    out[win] = d;
  }
  return out;
}

/** acc + k·P from P's table, variable-time (zero digits skipped). */
function mulTableUnsafe(t: Table, k: bigint, acc: Jac): Jac {
  const d = digits(k);
  for (let win = 0; win < WINDOWS; win++) {
    const v = d[win]!;
    if (v === 0) continue;
    const i = win * HALF + (v < 0 ? -v : v) - 1;
    acc = madd(acc, t.xs[i]!, v < 0 ? -t.ys[i]! : t.ys[i]!);
  }
  return acc;
}

/** k·P for an affine point without a table: sliding wNAF of width 5 (variable-time). */
function mulWnafUnsafe(x: bigint, y: bigint, k: bigint): Jac {
  const w = 5;
  const p1: Jac = { x, y, z: 1n };
  const p2 = dbl(p1);
  const odd: Jac[] = [p1];
  for (let i = 1; i < 1 << (w - 2); i++) odd.push(add(odd[i - 1]!, p2));
  const { xs, ys } = toAffineBatch(odd);
  const naf: number[] = [];
  while (k > 0n) {
    if (k & 1n) {
      let d = Number(k & 31n);
      if (d >= 16) d -= 32;
      naf.push(d);
      k -= BigInt(d);
    } else naf.push(0);
    k >>= 1n;
  }
  let acc = INF;
  for (let i = naf.length - 1; i >= 0; i--) {
    acc = dbl(acc);
    const d = naf[i]!;
    if (d > 0) acc = madd(acc, xs[(d - 1) >> 1]!, ys[(d - 1) >> 1]!);
    else if (d < 0) acc = madd(acc, xs[(-d - 1) >> 1]!, -ys[(-d - 1) >> 1]!);
  }
  return acc;
}

let gTable: Table | undefined;
const generatorTable = () => (gTable ??= buildTable(GX, GY));

// Offset point C = 2^255·G (any fixed non-trivial point): the constant-sequence multiply starts
// from C instead of infinity, so no addition meets the point at infinity; C is removed at the end.
let offset: { c: Jac; negC: Jac } | undefined;
function offsetPoints() {
  if (!offset) {
    const c = mulTableUnsafe(generatorTable(), 1n << 255n, INF);
    offset = { c, negC: { x: c.x, y: -c.y, z: c.z } };
  }
  return offset;
}

/**
 * k·G with the same operations for every k: one mixed addition per window, into the real
 * accumulator or into a dummy one when the digit is 0; negation by arithmetic, not branching.
 */
function mulGeneratorFixed(k: bigint): Jac {
  const t = generatorTable();
  const d = digits(k);
  const { c, negC } = offsetPoints();
  const acc: [Jac, Jac] = [c, c]; // [dummy, real]
  for (let win = 0; win < WINDOWS; win++) {
    const v = d[win]!;
    const nz = (v | -v) >>> 31; // 1 if v ≠ 0
    const sign = v >> 31; // -1 or 0
    const abs = (v ^ sign) - sign;
    const i = win * HALF + abs - 1 + (1 - nz); // digit 0 reads the window's first entry (into the dummy)
    const y = t.ys[i]!;
    const s = BigInt(1 + 2 * sign); // ±1
    acc[nz] = madd(acc[nz]!, t.xs[i]!, y * s);
  }
  return add(acc[1]!, negC);
}

function affineX(p: Jac): bigint {
  // Blinded inversion: the Euclid loop never sees the secret-derived z itself.
  const blind = randomScalar();
  const zb = mod(p.z * blind);
  const zi = (invert(zb, P) * blind) % P;
  return mod(p.x * ((zi * zi) % P));
}

export function bytesToBig(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i < b.length; i += 8) {
    let chunk = 0n;
    const end = Math.min(i + 8, b.length);
    for (let j = i; j < end; j++) chunk = (chunk << 8n) | BigInt(b[j]!);
    v = (v << BigInt(8 * (end - i))) | chunk;
  }
  return v;
}

export function bigToHex(v: bigint, bytes = 32): string {
  return v.toString(16).padStart(bytes * 2, "0");
}

/** Public key 04‖X‖Y (hex) of private scalar d. */
export function publicKeyOf(d: bigint): string {
  const q = mulGeneratorFixed(d);
  const blind = randomScalar();
  const zi = (invert(mod(q.z * blind), P) * blind) % P;
  const zi2 = (zi * zi) % P;
  return "04" + bigToHex(mod(q.x * zi2)) + bigToHex(mod(((q.y * zi2) % P) * zi));
}

export function randomPrivateKey(): bigint {
  for (;;) {
    const d = randomScalar();
    if (d <= N - 2n) return d;
  }
}

/** (1 + d)⁻¹ mod n, blinded; callers cache it per signing key. */
export function signerInverse(d: bigint): bigint {
  const blind = randomScalar();
  return (invert(modN((1n + d) * blind), N) * blind) % N;
}

/** SM2 signature (r, s) of digest e with key d; dInv = (1 + d)⁻¹ mod n. CSPRNG nonces. */
export function sign(e: bigint, d: bigint, dInv: bigint): { r: bigint; s: bigint } {
  for (;;) {
    const k = randomScalar();
    const x1 = affineX(mulGeneratorFixed(k));
    const r = modN(e + x1);
    if (r === 0n || r + k === N) continue;
    const s = modN(dInv * (k - r * d));
    if (s !== 0n) return { r, s };
  }
}

/** Prepared verifier state of a public key: its affine point, and its table once built. */
export interface VerifyKey {
  x: bigint;
  y: bigint;
  table?: Table;
}

/** Verifies (r, s) (both already in [1, n-1]) over digest e. Variable-time: public data only. */
export function verify(e: bigint, r: bigint, s: bigint, key: VerifyKey): boolean {
  const t = modN(r + s);
  if (t === 0n) return false;
  let R = mulTableUnsafe(generatorTable(), s, INF);
  R = key.table ? mulTableUnsafe(key.table, t, R) : add(R, mulWnafUnsafe(key.x, key.y, t));
  if (mod(R.z) === 0n) return false;
  // (e + x1) mod n = r  ⇔  x1 ∈ {r - e mod n, that + n (if < p)}; compare x1·Z² = X without inverting.
  const z2 = (R.z * R.z) % P;
  const X = mod(R.x);
  let v = modN(r - e);
  for (; v < P; v += N) if (mod(v * z2) === X) return true;
  return false;
}
