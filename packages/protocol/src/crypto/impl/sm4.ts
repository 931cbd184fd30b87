// SM4 (GB/T 32907-2016) block encryption in plain TypeScript: T-tables (S-box and the linear
// transform L folded together), round keys cached per key in a small LRU.
const SBOX = Uint8Array.from(
  "d690e9fecce13db716b614c228fb2c052b679a762abe04c3aa441326498606999c4250f491ef987a33540b43edcfac62e4b31ca9c908e89580df94fa758f3fa64707a7fcf37317ba83593c19e6854fa8686b81b27164da8bf8eb0f4b70569d351e240e5e6358d1a225227c3b01217887d40046579fd327524c3602e7a0c4c89eeabf8ad240c738b5a3f7f2cef96115a1e0ae5da49b341a55ad933230f58cb1e31df6e22e8266ca60c02923ab0d534e6fd5db3745defd8e2f03ff6a726d6c5b518d1baf92bbddbc7f11d95c411f105ad80ac13188a5cd7bbd2d74d012b8e5b4b08969974a0c96777e65b9f109c56ec68418f07dec3adc4d2079ee5f3ed7cb3948"
    .match(/../g)!
    .map((h) => parseInt(h, 16)),
);
const FK = [0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc];
const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

// T0[b] = L(S(b) << 24); T1..T3 are its byte rotations, so T(x) = T0[x>>>24] ^ T1[..] ^ T2[..] ^ T3[..].
const T0 = new Int32Array(256), T1 = new Int32Array(256), T2 = new Int32Array(256), T3 = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const b = SBOX[i]! << 24;
  const t = b ^ rotl(b, 2) ^ rotl(b, 10) ^ rotl(b, 18) ^ rotl(b, 24);
  T0[i] = t; T1[i] = rotl(t, 24); T2[i] = rotl(t, 16); T3[i] = rotl(t, 8);
}

const tau = (x: number) => (SBOX[x >>> 24]! << 24) | (SBOX[(x >>> 16) & 255]! << 16) | (SBOX[(x >>> 8) & 255]! << 8) | SBOX[x & 255]!;

function roundKeys(key: Uint8Array): Int32Array {
  const k = [0, 1, 2, 3].map((i) => ((key[4 * i]! << 24) | (key[4 * i + 1]! << 16) | (key[4 * i + 2]! << 8) | key[4 * i + 3]!) ^ FK[i]!);
  const rk = new Int32Array(32);
  for (let i = 0; i < 32; i++) {
    let ck = 0;
    for (let j = 0; j < 4; j++) ck = (ck << 8) | (((4 * i + j) * 7) & 255);
    const t = tau(k[i + 1]! ^ k[i + 2]! ^ k[i + 3]! ^ ck);
    k.push(k[i]! ^ t ^ rotl(t, 13) ^ rotl(t, 23));
    rk[i] = k[i + 4]!;
  }
  return rk;
}

const RK_CACHE_MAX = 64;
const rkCache = new Map<string, Int32Array>();

function cachedRoundKeys(key: Uint8Array): Int32Array {
  let id = "";
  for (let i = 0; i < 16; i++) id += String.fromCharCode(key[i]!);
  let rk = rkCache.get(id);
  if (!rk) {
    rk = roundKeys(key);
    if (rkCache.size >= RK_CACHE_MAX) rkCache.delete(rkCache.keys().next().value!);
    rkCache.set(id, rk);
  }
  return rk;
}

/** SM4-ECB, no padding. key: 16 bytes; data: a multiple of 16 bytes. */
export function sm4EcbEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  const rk = cachedRoundKeys(key);
  const out = new Uint8Array(data.length);
  for (let off = 0; off < data.length; off += 16) {
    const rd = (i: number) => (data[off + i]! << 24) | (data[off + i + 1]! << 16) | (data[off + i + 2]! << 8) | data[off + i + 3]!;
    let x0 = rd(0), x1 = rd(4), x2 = rd(8), x3 = rd(12);
    for (let i = 0; i < 32; i++) {
      const x = x1 ^ x2 ^ x3 ^ rk[i]!;
      const t = x0 ^ T0[x >>> 24]! ^ T1[(x >>> 16) & 255]! ^ T2[(x >>> 8) & 255]! ^ T3[x & 255]!;
      x0 = x1; x1 = x2; x2 = x3; x3 = t;
    }
    const wr = (i: number, v: number) => {
      out[off + i] = v >>> 24; out[off + i + 1] = v >>> 16; out[off + i + 2] = v >>> 8; out[off + i + 3] = v;
    };
    wr(0, x3); wr(4, x2); wr(8, x1); wr(12, x0);
  }
  return out;
}
