// Signing profile of the interface profile, section 3: what is signed, and how each mode signs it.
import { CryptoInputError } from "./errors";
import { canonicalJson } from "./jcs";
import { sm2Sign, sm2Verify } from "./sm2";
import { macHex, sm3Hex, timingSafeEqualHex } from "./symmetric";

export type Credential = { mode: "sm2"; publicKey: string } | { mode: "mac"; macKey: string };
export type SigningCredential = { mode: "sm2"; privateKey: string } | { mode: "mac"; macKey: string };

/** Lines joined by LF, no trailing LF; ts exactly as sent (ms or s), never reformatted. */
export function requestStringToSign(p: { path: string; groupId: string; nonce: string; ts: string; bodySm3: string }): string {
  return `POST\n${p.path}\ngroupId=${p.groupId}&nonce=${p.nonce}&ts=${p.ts}\n${p.bodySm3}`;
}

/** RFC 8785 JCS of the body without its msgSign member. */
export function msgSignInput(body: Record<string, unknown>): string {
  const rest = Object.fromEntries(Object.entries(body).filter(([k]) => k !== "msgSign"));
  let out: string | undefined;
  try {
    out = canonicalJson(rest);
  } catch (err) {
    // NaN/Infinity, lone surrogates, cycles: no canonical form exists, so nothing can verify.
    throw new CryptoInputError(`body has no canonical JSON form: ${(err as Error).message}`);
  }
  if (out === undefined) throw new CryptoInputError("body has no canonical JSON form");
  return out;
}

export function verifySignature(cred: Credential, message: string, signatureHex: string): boolean {
  if (typeof signatureHex !== "string") return false;
  if (cred.mode === "sm2") return sm2Verify(cred.publicKey, message, signatureHex);
  try {
    return timingSafeEqualHex(macHex(cred.macKey, message), signatureHex);
  } catch {
    return false; // malformed stored key: refuse rather than 500 on the request path
  }
}

export function signMessage(cred: SigningCredential, message: string): string {
  return cred.mode === "sm2" ? sm2Sign(cred.privateKey, message) : macHex(cred.macKey, message);
}

export function signRequest(
  cred: SigningCredential,
  p: { path: string; groupId: string; nonce: string; ts: string; body: string },
): { sign: string; query: string; bodySm3: string } {
  const bodySm3 = sm3Hex(p.body);
  const sign = signMessage(cred, requestStringToSign({ ...p, bodySm3 }));
  const enc = encodeURIComponent;
  const query = `groupId=${enc(p.groupId)}&nonce=${enc(p.nonce)}&ts=${enc(p.ts)}&sign=${sign}`;
  return { sign, query, bodySm3 };
}

export function signBody(cred: SigningCredential, body: Record<string, unknown>): Record<string, unknown> {
  return { ...body, msgSign: signMessage(cred, msgSignInput(body)) };
}
