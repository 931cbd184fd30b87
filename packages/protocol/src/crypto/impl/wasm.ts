// SM2 on the curve code of ../wasm/sm.c (WebAssembly), with the few scalar operations mod n
// that signing needs done here in BigInt; SM3 on the same module. The module is instantiated
// once per isolate, lazily (never at module scope: workerd forbids work such as random draws there).
import { smModule } from "#sm-wasm";
import { N } from "../curve";
import { bigIntToBytes, bytesToBigInt, bytesToHex } from "../hex";

interface SmExports {
  memory: WebAssembly.Memory;
  io_ptr(): number;
  table_bytes(): number;
  tables_reserve(count: number): number;
  key_table_build(at: number): void;
  verify(table: number): number;
  mul_g(): void;
  sm3_buf(): number;
  sm3_buf_size(): number;
  sm3_init(): void;
  sm3_update(n: number): void;
  sm3_final(): void;
}

let ex: SmExports | undefined;
let ioAddr = 0;

function wasm(): SmExports {
  if (!ex) {
    ex = new WebAssembly.Instance(smModule, {}).exports as unknown as SmExports;
    ioAddr = ex.io_ptr();
  }
  return ex;
}

/** The 256-byte exchange buffer (a fresh view: memory growth detaches old ones). */
function io(): Uint8Array {
  return new Uint8Array(wasm().memory.buffer, ioAddr, 256);
}

const modN = (a: bigint) => {
  const r = a % N;
  return r < 0n ? r + N : r;
};

/** A scalar in [1, n-1] from 40 CSPRNG bytes reduced mod n-1 (bias below 2^-64). */
function randomScalar(): bigint {
  return (bytesToBigInt(crypto.getRandomValues(new Uint8Array(40))) % (N - 1n)) + 1n;
}

/** Affine k·G (k in [1, n-1]) by the constant-sequence multiply; returns 64 bytes X‖Y. */
function mulG(k: bigint): Uint8Array {
  const m = wasm();
  const buf = io();
  buf.set(bigIntToBytes(k, 32), 0);
  m.mul_g(); // clears k from the buffer
  const out = buf.slice(32, 96);
  buf.fill(0, 32, 96);
  return out;
}

/** Public key 04‖X‖Y (hex) of private scalar d. */
export function publicKeyOf(d: bigint): string {
  return "04" + bytesToHex(mulG(d));
}

export function randomPrivateKey(): bigint {
  for (;;) {
    const d = randomScalar();
    if (d <= N - 2n) return d;
  }
}

/** a⁻¹ mod n (extended Euclid, variable-time: callers blind secret inputs). */
function invertN(a: bigint): bigint {
  let x = modN(a), y = N, u = 1n, v = 0n;
  while (x !== 0n) {
    const q = y / x;
    [y, x] = [x, y - q * x];
    [v, u] = [u, v - q * u];
  }
  return modN(v);
}

/** (1 + d)⁻¹ mod n, blinded; callers cache it per signing key. */
export function signerInverse(d: bigint): bigint {
  const blind = randomScalar();
  return modN(invertN(modN((1n + d) * blind)) * blind);
}

/** SM2 signature (r, s) of digest e with key d; dInv = (1 + d)⁻¹ mod n. CSPRNG nonces. */
export function sign(e: bigint, d: bigint, dInv: bigint): { r: bigint; s: bigint } {
  for (;;) {
    const k = randomScalar();
    const x1 = bytesToBigInt(mulG(k).subarray(0, 32));
    const r = modN(e + x1);
    if (r === 0n || r + k === N) continue;
    const s = modN(dInv * (k - r * d));
    if (s !== 0n) return { r, s };
  }
}

/** Verifier state of a public key: X‖Y, and the slot of its table once it has one. */
export interface VerifyKey {
  xy: Uint8Array;
  slot?: number;
}

// Per-key tables live in the module's memory: TABLE_SLOTS of them, given out by an LRU.
export const TABLE_SLOTS = 32;
let tablesAddr = 0;
let tableBytes = 0;
const lru = new Map<VerifyKey, true>(); // keys holding a slot, least recently used first

/** Builds `key`'s table (evicting the least recently used key's if all slots are taken). */
export function buildTable(key: VerifyKey): void {
  const m = wasm();
  if (tablesAddr === 0) {
    tablesAddr = m.tables_reserve(TABLE_SLOTS);
    if (tablesAddr === 0) throw new Error("sm.wasm: no memory for key tables");
    tableBytes = m.table_bytes();
  }
  // Slots are handed out in order until all are taken (a slot is only ever freed to be reused at
  // once), then the least recently used key's is reused.
  let slot = lru.size;
  if (slot >= TABLE_SLOTS) {
    const oldest = lru.keys().next().value!;
    lru.delete(oldest);
    slot = oldest.slot!;
    oldest.slot = undefined;
  }
  io().set(key.xy, 0);
  m.key_table_build(tablesAddr + slot * tableBytes);
  key.slot = slot;
  lru.set(key, true);
}

/** Marks `key` as just used (its table is evicted last). */
export function touch(key: VerifyKey): void {
  if (key.slot === undefined) return;
  lru.delete(key);
  lru.set(key, true);
}

/** Verifies r‖s (64 bytes, each already in [1, n-1]) over the 32-byte digest e. */
export function verify(e: Uint8Array, rs: Uint8Array, key: VerifyKey): boolean {
  const m = wasm();
  const buf = io();
  buf.set(e, 0);
  buf.set(rs, 32);
  if (key.slot === undefined) buf.set(key.xy, 96);
  return m.verify(key.slot === undefined ? 0 : tablesAddr + key.slot * tableBytes) === 1;
}

/** SM3 digest of `data` (the compression function in WebAssembly, fed through its 64 KiB buffer). */
export function sm3(data: Uint8Array): Uint8Array {
  const m = wasm();
  const at = m.sm3_buf();
  const size = m.sm3_buf_size();
  m.sm3_init();
  const mem = new Uint8Array(m.memory.buffer);
  for (let off = 0; off < data.length; off += size) {
    const part = data.subarray(off, Math.min(off + size, data.length));
    mem.set(part, at);
    m.sm3_update(part.length);
  }
  m.sm3_final();
  return mem.slice(ioAddr, ioAddr + 32);
}
