import { readTlv } from "./der";
import { CryptoInputError } from "./errors";
import { bytesToHex } from "./hex";

const OID_EC_PUBLIC_KEY = "2a8648ce3d0201"; // 1.2.840.10045.2.1
const OID_SM2 = "2a811ccf5501822d"; // 1.2.156.10197.1.301
const PEM_RE = /-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]*)-----END PUBLIC KEY-----/;

export function isPem(input: string): boolean {
  return input.includes("-----BEGIN");
}

function fail(why: string): never {
  throw new CryptoInputError(`PEM public key: ${why}`);
}

function decodeBase64(b64: string): Uint8Array {
  try {
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  } catch {
    throw new CryptoInputError("PEM body is not valid base64");
  }
}

/**
 * SubjectPublicKeyInfo PEM → 65-byte point (not yet checked to be on the curve).
 * Accepts id-ecPublicKey with the SM2 curve OID (OpenSSL 3) and SM2 as algorithm OID (GmSSL, older tools).
 */
export function spkiPemToPoint(pem: string): Uint8Array {
  const m = PEM_RE.exec(pem);
  if (!m) throw new CryptoInputError("not a PEM public key");
  const der = decodeBase64(m[1]!.replace(/\s+/g, ""));
  const spki = readTlv(der, 0);
  if (!spki || spki.tag !== 0x30 || spki.end !== der.length) fail("not a SubjectPublicKeyInfo");
  const alg = readTlv(der, spki.start);
  if (!alg || alg.tag !== 0x30) fail("no AlgorithmIdentifier");
  const oid = readTlv(der, alg.start);
  if (!oid || oid.tag !== 0x06) fail("no algorithm OID");
  const algOid = bytesToHex(der.subarray(oid.start, oid.end));
  const param = oid.end < alg.end ? readTlv(der, oid.end) : null;
  if (param && param.end !== alg.end) fail("trailing data in AlgorithmIdentifier");
  const paramOid = param?.tag === 0x06 ? bytesToHex(der.subarray(param.start, param.end)) : null;
  const isNull = param?.tag === 0x05 && param.end === param.start;
  const ok =
    (algOid === OID_EC_PUBLIC_KEY && paramOid === OID_SM2) ||
    (algOid === OID_SM2 && (!param || isNull || paramOid === OID_SM2));
  if (!ok) fail("not an SM2 key");
  const bits = readTlv(der, alg.end);
  if (!bits || bits.tag !== 0x03 || bits.end !== spki.end) fail("no subjectPublicKey BIT STRING");
  if (der[bits.start] !== 0 || bits.end - bits.start !== 66) fail("not an uncompressed 65-byte point");
  return der.slice(bits.start + 1, bits.end);
}
