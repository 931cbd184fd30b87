/**
 * `cp verify FILE`: checks a captured request (a CP's request to the platform, or a platform
 * 301/302 notice to a CP) step by step, printing each intermediate value, so that a failing
 * implementation in another language shows where it parts from the profile.
 * FILE is JSON `{url, body, method?, contentType?}` (what `cp sign --json` prints) or a raw
 * HTTP request (`POST /path?query HTTP/1.1`, headers, blank line, body).
 */
import { readFileSync } from "node:fs";
import { msgSignInput, normalizeSm2PublicKey, requestStringToSign, sm2PublicKeyFromPrivate, sm3Hex, verifySignature, type Credential } from "@gyt345/protocol/crypto";
import { parseCommonParams } from "@gyt345/protocol/common-params";
import { ProtocolError } from "@gyt345/protocol/errors";
import { INTERFACE_PATHS, type InterfaceName } from "@gyt345/protocol/msg-types";
import { parseMessage } from "@gyt345/protocol/parse-message";
import type { SigningCredential } from "../index";

export interface Captured {
  method: string;
  url: URL;
  contentType: string | null;
  body: Uint8Array;
}

export function parseCaptured(raw: Uint8Array): Captured {
  const text = new TextDecoder().decode(raw);
  if (text.trimStart().startsWith("{")) {
    const j = JSON.parse(text) as { url: string; body: string; method?: string; contentType?: string };
    return { method: j.method ?? "POST", url: new URL(j.url, "http://capture.invalid"), contentType: j.contentType ?? "application/json", body: new TextEncoder().encode(j.body) };
  }
  const sep = text.indexOf("\r\n\r\n") >= 0 ? "\r\n\r\n" : "\n\n";
  const headEnd = text.indexOf(sep);
  const head = (headEnd < 0 ? text : text.slice(0, headEnd)).split(/\r?\n/);
  const [method, target] = head[0]!.split(" ");
  const headers = new Map(head.slice(1).map((l) => [l.slice(0, l.indexOf(":")).trim().toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
  const bodyStart = headEnd < 0 ? raw.length : new TextEncoder().encode(text.slice(0, headEnd + sep.length)).length;
  return { method: method!, url: new URL(target!, `http://${headers.get("host") ?? "capture.invalid"}`), contentType: headers.get("content-type") ?? null, body: raw.subarray(bodyStart) };
}

export interface VerifyStep {
  step: string;
  ok: boolean;
  detail: string;
}

/** Every check of profile section 4, in order; ts only when `nowMs` is given. */
export function verifySteps(c: Captured, cred: Credential, nowMs?: number): VerifyStep[] {
  const steps: VerifyStep[] = [];
  const add = (step: string, ok: boolean, detail: string) => (steps.push({ step, ok, detail }), ok);
  const q = c.url.searchParams;
  let params;
  try {
    params = parseCommonParams(q, nowMs ?? 0, nowMs === undefined ? Number.MAX_SAFE_INTEGER : 300_000);
  } catch (err) {
    add("common parameters (Table 1)", false, (err as Error).message);
    return steps;
  }
  add("common parameters (Table 1)", true, `groupId=${params.groupId} nonce=${params.nonce} ts=${params.ts}${nowMs === undefined ? " (ts window not checked)" : ""}`);
  const bodySm3 = sm3Hex(c.body);
  add("SM3 of the raw body bytes", true, bodySm3);
  const toSign = requestStringToSign({ path: c.url.pathname, groupId: params.groupId, nonce: params.nonce, ts: params.ts, bodySm3 });
  add("string to sign", true, toSign.replaceAll("\n", "\\n"));
  if (!add("sign verifies", verifySignature(cred, toSign, params.sign), `sign=${params.sign}`)) return steps;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(c.body)) as Record<string, unknown>;
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error("not an object");
  } catch (err) {
    add("body is a JSON object", false, (err as Error).message);
    return steps;
  }
  add("body is a JSON object", true, `content-type ${c.contentType ?? "(none)"}`);
  if (typeof body.msgSign !== "string") return add("msgSign present", false, "absent"), steps;
  let input: string;
  try {
    input = msgSignInput(body);
  } catch (err) {
    add("canonical JSON (RFC 8785) of the body without msgSign", false, (err as Error).message);
    return steps;
  }
  add("canonical JSON (RFC 8785) of the body without msgSign", true, input);
  if (!add("msgSign verifies", verifySignature(cred, input, body.msgSign), `msgSign=${body.msgSign}`)) return steps;
  const iface = (Object.keys(INTERFACE_PATHS) as InterfaceName[]).find((k) => INTERFACE_PATHS[k] === c.url.pathname);
  if (body.msgType === 301 || body.msgType === 302) {
    const data = body.msgData as Record<string, unknown> | undefined;
    const ids = body.msgType === 301 ? data?.seriesIds : data?.programIds;
    add(`notice ${String(body.msgType)}`, ids !== undefined, `msgId=${String(body.msgId)} ids=${JSON.stringify(ids)}`);
  } else if (iface !== undefined) {
    try {
      parseMessage(iface, body);
      add(`fields of ${iface} (Tables 2–13)`, true, `msgId=${String(body.msgId)} msgType=${String(body.msgType)}`);
    } catch (err) {
      add(`fields of ${iface} (Tables 2–13)`, false, err instanceof ProtocolError ? `${err.status} ${err.code}: ${err.message}` : String(err));
    }
  }
  return steps;
}

interface VerifyOpts {
  "public-key"?: string;
  "mac-key"?: string;
  "platform-url"?: string;
  cp?: string;
  "cp-file"?: string;
  "check-ts"?: boolean;
  json?: boolean;
}

export async function verifyCaptured(file: string, o: VerifyOpts): Promise<void> {
  let cred: Credential;
  if (o["public-key"]) cred = { mode: "sm2", publicKey: normalizeSm2PublicKey(o["public-key"]) };
  else if (o["mac-key"]) cred = { mode: "mac", macKey: o["mac-key"] };
  else if (o["platform-url"]) {
    const { publicKey } = (await (await fetch(`${o["platform-url"]}/api/v1/platform/public-key`)).json()) as { publicKey: string };
    cred = { mode: "sm2", publicKey };
  } else if (o.cp) {
    const cps = JSON.parse(readFileSync(o["cp-file"] ?? ".dev-cp.json", "utf8")) as { groupId: string; credential: SigningCredential }[];
    const c = cps.find((x) => x.groupId === o.cp)?.credential;
    if (!c) throw new Error(`no CP ${o.cp}`);
    cred = c.mode === "sm2" ? { mode: "sm2", publicKey: sm2PublicKeyFromPrivate(c.privateKey) } : c;
  } else throw new Error("give --public-key (signer's SM2 public key), --mac-key, --platform-url (a notice) or --cp");
  const steps = verifySteps(parseCaptured(readFileSync(file)), cred, o["check-ts"] ? Date.now() : undefined);
  if (o.json) console.log(JSON.stringify(steps, null, 2));
  else for (const s of steps) console.log(`${s.ok ? "✓" : "✗"} ${s.step}\n    ${s.detail}`);
  if (steps.some((s) => !s.ok)) process.exitCode = 1;
}
