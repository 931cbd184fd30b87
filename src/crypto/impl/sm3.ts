// SM3 (GB/T 32905-2016) in plain TypeScript, tuned for V8: 32-bit integer ops only, one
// message-expansion buffer reused for every block, no allocation per block.
const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];
// T_j <<< (j mod 32), precomputed.
const TJ = new Int32Array(64);
for (let j = 0; j < 64; j++) {
  const t = j < 16 ? 0x79cc4519 : 0x7a879d8a;
  const s = j % 32;
  TJ[j] = s === 0 ? t : (t << s) | (t >>> (32 - s));
}
const W = new Int32Array(68);
const STATE = new Int32Array(8);
const TAIL = new Uint8Array(128);

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

function compress(s: Int32Array, m: Uint8Array, off: number): void {
  for (let j = 0; j < 16; j++, off += 4) W[j] = (m[off]! << 24) | (m[off + 1]! << 16) | (m[off + 2]! << 8) | m[off + 3]!;
  for (let j = 16; j < 68; j++) {
    const x = W[j - 16]! ^ W[j - 9]! ^ rotl(W[j - 3]!, 15);
    W[j] = x ^ rotl(x, 15) ^ rotl(x, 23) ^ rotl(W[j - 13]!, 7) ^ W[j - 6]!;
  }
  let a = s[0]!, b = s[1]!, c = s[2]!, d = s[3]!, e = s[4]!, f = s[5]!, g = s[6]!, h = s[7]!;
  // Rounds 0–15 and 16–63 differ only in FF/GG: two loops, no branch per round.
  for (let j = 0; j < 16; j++) {
    const a12 = rotl(a, 12);
    const ss1 = rotl((a12 + e + TJ[j]!) | 0, 7);
    const ss2 = ss1 ^ a12;
    const wj = W[j]!;
    const ff = a ^ b ^ c;
    const gg = e ^ f ^ g;
    const tt1 = (ff + d + ss2 + (wj ^ W[j + 4]!)) | 0;
    const tt2 = (gg + h + ss1 + wj) | 0;
    d = c;
    c = rotl(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = rotl(f, 19);
    f = e;
    e = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17);
  }
  for (let j = 16; j < 64; j++) {
    const a12 = rotl(a, 12);
    const ss1 = rotl((a12 + e + TJ[j]!) | 0, 7);
    const ss2 = ss1 ^ a12;
    const wj = W[j]!;
    const ff = (a & b) | (a & c) | (b & c);
    const gg = (e & f) | (~e & g);
    const tt1 = (ff + d + ss2 + (wj ^ W[j + 4]!)) | 0;
    const tt2 = (gg + h + ss1 + wj) | 0;
    d = c;
    c = rotl(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = rotl(f, 19);
    f = e;
    e = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17);
  }
  s[0]! ^= a; s[1]! ^= b; s[2]! ^= c; s[3]! ^= d; s[4]! ^= e; s[5]! ^= f; s[6]! ^= g; s[7]! ^= h;
}

/** SM3 digest (32 bytes) of `data`. */
export function sm3(data: Uint8Array): Uint8Array {
  const s = STATE;
  for (let i = 0; i < 8; i++) s[i] = IV[i]!;
  const len = data.length;
  const full = len - (len % 64);
  for (let off = 0; off < full; off += 64) compress(s, data, off);
  // Padding: 0x80, zeros, 64-bit big-endian bit length; one or two blocks.
  const rest = len - full;
  const tailLen = rest < 56 ? 64 : 128;
  TAIL.fill(0);
  TAIL.set(data.subarray(full), 0);
  TAIL[rest] = 0x80;
  const bitsHi = Math.floor(len / 0x20000000); // len * 8 / 2^32
  const bitsLo = (len * 8) >>> 0;
  const p = tailLen - 8;
  TAIL[p] = bitsHi >>> 24; TAIL[p + 1] = bitsHi >>> 16; TAIL[p + 2] = bitsHi >>> 8; TAIL[p + 3] = bitsHi;
  TAIL[p + 4] = bitsLo >>> 24; TAIL[p + 5] = bitsLo >>> 16; TAIL[p + 6] = bitsLo >>> 8; TAIL[p + 7] = bitsLo;
  compress(s, TAIL, 0);
  if (tailLen === 128) compress(s, TAIL, 64);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const v = s[i]!;
    out[4 * i] = v >>> 24; out[4 * i + 1] = v >>> 16; out[4 * i + 2] = v >>> 8; out[4 * i + 3] = v;
  }
  return out;
}
