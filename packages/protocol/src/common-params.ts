/** Common request parameters (Table 1) as the profile fixes them (section 2), checks 1–2 of section 4. */
import { ProtocolError } from "./errors";

export interface CommonParams {
  groupId: string;
  nonce: string;
  /** As sent: it is part of the string to sign. */
  ts: string;
  sign: string;
}

const NAMES = ["groupId", "nonce", "ts", "sign"] as const;
export const GROUP_ID = /^[A-Za-z0-9_-]{1,64}$/;
const NONCE = /^[A-Za-z0-9_-]{8,64}$/;
const TS = /^(?:\d{13}|\d{10})$/;

/** Parses the query string: absent (or empty, or repeated) parameters first, then formats and the ts window. */
export function parseCommonParams(query: URLSearchParams, nowMs: number, windowMs: number): CommonParams {
  const values: Partial<Record<(typeof NAMES)[number], string>> = {};
  for (const name of NAMES) {
    const all = query.getAll(name);
    if (all.length === 0 || all[0] === "") throw ProtocolError.missing(name);
    if (all.length > 1) throw ProtocolError.invalid(name);
    values[name] = all[0];
  }
  const params = values as CommonParams;
  if (!GROUP_ID.test(params.groupId)) throw ProtocolError.invalid("groupId");
  if (!NONCE.test(params.nonce)) throw ProtocolError.invalid("nonce");
  if (!TS.test(params.ts)) throw ProtocolError.invalid("ts");
  const tsMs = params.ts.length === 10 ? Number(params.ts) * 1000 : Number(params.ts);
  if (Math.abs(tsMs - nowMs) > windowMs) throw ProtocolError.invalid("ts");
  return params;
}

/** groupId as claimed, for the message log, when it is at least well-formed. */
export function claimedGroupId(query: URLSearchParams): string | null {
  const g = query.get("groupId");
  return g !== null && GROUP_ID.test(g) ? g : null;
}
