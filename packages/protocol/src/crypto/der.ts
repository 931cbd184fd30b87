// Minimal DER reader/writer: just enough for SM2 signatures and SubjectPublicKeyInfo.

export type Tlv = { tag: number; start: number; end: number };

/** Reads one TLV at `off`; null unless it is well-formed DER that fits in `buf`. */
export function readTlv(buf: Uint8Array, off: number): Tlv | null {
  if (off + 2 > buf.length) return null;
  const tag = buf[off]!;
  const first = buf[off + 1]!;
  let len: number;
  let start: number;
  if (first < 0x80) {
    len = first;
    start = off + 2;
  } else if (first === 0x81) {
    len = buf[off + 2] ?? -1;
    if (len < 0x80) return null; // DER: short form was required
    start = off + 3;
  } else if (first === 0x82) {
    if (off + 4 > buf.length) return null;
    len = (buf[off + 2]! << 8) | buf[off + 3]!;
    if (len < 0x100) return null;
    start = off + 4;
  } else {
    return null; // indefinite or absurdly long: never needed here
  }
  const end = start + len;
  return end <= buf.length ? { tag, start, end } : null;
}

/** Positive, minimally encoded INTEGER of at most `size` bytes, left-padded to `size`. */
function readUnsignedInteger(buf: Uint8Array, off: number, size: number): { value: Uint8Array; end: number } | null {
  const t = readTlv(buf, off);
  if (!t || t.tag !== 0x02 || t.end === t.start) return null;
  let body = buf.subarray(t.start, t.end);
  if (body[0]! & 0x80) return null; // negative
  if (body.length > 1 && body[0] === 0) {
    if (!(body[1]! & 0x80)) return null; // non-minimal leading zero: OpenSSL rejects it too
    body = body.subarray(1);
  }
  if (body.length > size) return null;
  const value = new Uint8Array(size);
  value.set(body, size - body.length);
  return { value, end: t.end };
}

/** DER SEQUENCE { INTEGER r, INTEGER s } → r‖s (32 bytes each), or null if malformed. */
export function decodeSignatureDer(der: Uint8Array): Uint8Array | null {
  const seq = readTlv(der, 0);
  if (!seq || seq.tag !== 0x30 || seq.end !== der.length) return null;
  const r = readUnsignedInteger(der, seq.start, 32);
  if (!r) return null;
  const s = readUnsignedInteger(der, r.end, 32);
  if (!s || s.end !== seq.end) return null;
  const raw = new Uint8Array(64);
  raw.set(r.value, 0);
  raw.set(s.value, 32);
  return raw;
}

function encodeUnsignedInteger(value: Uint8Array): Uint8Array {
  let i = 0;
  while (i < value.length - 1 && value[i] === 0) i++;
  const body = value.subarray(i);
  const pad = body[0]! & 0x80 ? 1 : 0; // keep it positive
  const out = new Uint8Array(2 + pad + body.length);
  out[0] = 0x02;
  out[1] = pad + body.length;
  out.set(body, 2 + pad);
  return out;
}

/** r‖s (64 bytes) → DER as OpenSSL emits it. */
export function encodeSignatureDer(raw: Uint8Array): Uint8Array {
  const r = encodeUnsignedInteger(raw.subarray(0, 32));
  const s = encodeUnsignedInteger(raw.subarray(32, 64));
  const out = new Uint8Array(2 + r.length + s.length); // ≤ 72 bytes: short-form length
  out[0] = 0x30;
  out[1] = r.length + s.length;
  out.set(r, 2);
  out.set(s, 2 + r.length);
  return out;
}
