/**
 * A minimal CP-side client of the four interfaces: signs `msgSign` and `sign` as the
 * profile says and POSTs. Used by the dev seed, the benchmarks and (later) the CP SDK/CLI.
 */
import { randomHex, signBody, signRequest, type SigningCredential } from "../crypto";
import { INTERFACE_PATHS, type InterfaceName } from "../protocol/msg-types";

export type CpInterface = InterfaceName;

export interface CpClientOptions {
  baseUrl: string;
  groupId: string;
  credential: SigningCredential;
  fetch?: typeof fetch;
}

export interface CpAnswer {
  status: number;
  code: string;
  msg: string;
}

export function createCpClient(options: CpClientOptions) {
  const doFetch = options.fetch ?? fetch;
  return {
    /** Sends one message; msgId and msgTime default to a fresh id and now. */
    async send(iface: CpInterface, message: Record<string, unknown>): Promise<CpAnswer> {
      const path = INTERFACE_PATHS[iface];
      const full = { msgId: crypto.randomUUID(), msgTime: Date.now(), ...message };
      const body = JSON.stringify(signBody(options.credential, full));
      const { query } = signRequest(options.credential, { path, groupId: options.groupId, nonce: randomHex(16), ts: String(Date.now()), body });
      const res = await doFetch(`${options.baseUrl}${path}?${query}`, { method: "POST", headers: { "content-type": "application/json" }, body });
      const answer = (await res.json().catch(() => ({ code: "NotJson", msg: "" }))) as { code: string; msg: string };
      return { status: res.status, code: answer.code, msg: answer.msg };
    },
  };
}
