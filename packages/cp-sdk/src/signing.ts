/**
 * The two signing steps of the profile on the CP side (`msgSign` over the body, `sign` over the
 * request) and the reading of an Annex C answer; `CpClient` (index.ts) sends with them.
 */
import { msgSignInput, randomHex, requestStringToSign, signMessage, signRequest, type SigningCredential } from "@gyt345/protocol/crypto";

export interface CpAnswer {
  status: number;
  code: string;
  msg: string;
}

/** Step 1 of the profile (msgSign): the canonical input, its signature and the body text sent. */
export interface SignedBody {
  /** RFC 8785 canonical JSON of the body without msgSign: what msgSign signs. */
  msgSignInput: string;
  msgSign: string;
  /** The body as sent (JSON.stringify of the body with msgSign last). */
  text: string;
}

export function signMessageBody(credential: SigningCredential, body: Record<string, unknown>): SignedBody {
  const input = msgSignInput(body);
  const msgSign = signMessage(credential, input);
  const rest = Object.fromEntries(Object.entries(body).filter(([k]) => k !== "msgSign"));
  return { msgSignInput: input, msgSign, text: JSON.stringify({ ...rest, msgSign }) };
}

/** Step 2 (sign): the string to sign over the exact body bytes, with a fresh nonce and ts per call. */
export interface SignedRequest {
  url: string;
  path: string;
  query: string;
  nonce: string;
  ts: string;
  bodySm3: string;
  stringToSign: string;
  sign: string;
}

export function signCpRequest(
  credential: SigningCredential,
  p: { baseUrl: string; path: string; groupId: string; bodyText: string; nonce?: string; ts?: string },
): SignedRequest {
  const nonce = p.nonce ?? randomHex(16);
  const ts = p.ts ?? String(Date.now());
  const { query, sign, bodySm3 } = signRequest(credential, { path: p.path, groupId: p.groupId, nonce, ts, body: p.bodyText });
  const stringToSign = requestStringToSign({ path: p.path, groupId: p.groupId, nonce, ts, bodySm3 });
  return { url: `${p.baseUrl.replace(/\/+$/, "")}${p.path}?${query}`, path: p.path, query, nonce, ts, bodySm3, stringToSign, sign };
}

/** Reads an answer body as `{code,msg}` whatever it is. */
export async function readAnswer(res: Response): Promise<CpAnswer> {
  const text = await res.text();
  try {
    const json = JSON.parse(text) as { code?: unknown; msg?: unknown };
    if (typeof json === "object" && json !== null && typeof json.code === "string")
      return { status: res.status, code: json.code, msg: typeof json.msg === "string" ? json.msg : "" };
  } catch {
    /* not JSON: reported below */
  }
  return { status: res.status, code: "NotJson", msg: text.slice(0, 200) };
}
