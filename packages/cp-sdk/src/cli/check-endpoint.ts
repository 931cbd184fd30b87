/**
 * `cp check-endpoint`: what a CP's emergency-offline endpoint (6.8/6.9) must do, checked from
 * outside by sending it notices signed as the platform signs them — valid ones, and forged,
 * replayed, stale and malformed ones — and comparing each answer with the profile's (Annex C).
 */
import { sm2GenerateKeyPair, type SigningCredential } from "@gyt345/protocol/crypto";
import { readAnswer, signCpRequest } from "../signing";
import { signNotice, type SignedNotice } from "../testing";

export interface CheckOptions {
  /** The CP's endpoint; `programUrl` when 302 goes elsewhere (default: the same URL). */
  url: string;
  programUrl?: string;
  groupId: string;
  /** Signs as the platform: sm2 with the platform private key the endpoint trusts, or mac with the CP's secret. */
  credential: SigningCredential;
  /** Ids to take offline in the valid notices (the endpoint really acts on them!). */
  seriesIds?: string[];
  programIds?: string[];
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface CheckResult {
  name: string;
  /** What the profile requires. */
  expect: string;
  ok: boolean;
  got: string;
}

interface Expectation {
  status: number;
  code: string;
  /** The parameter the msg must name, if any. */
  param?: string;
}

const describe = (e: Expectation) => `${e.status} ${e.code}${e.param ? ` naming "${e.param}"` : ""}`;

export async function checkEndpoint(o: CheckOptions): Promise<CheckResult[]> {
  const doFetch = o.fetch ?? fetch;
  const seriesIds = o.seriesIds ?? ["CHECK-S1", "CHECK-S2"];
  const programIds = o.programIds ?? ["CHECK-P1"];
  const programUrl = o.programUrl ?? o.url;
  const results: CheckResult[] = [];
  const notice = (kind: "301" | "302", extra: Partial<Parameters<typeof signNotice>[1]> = {}, cred = o.credential) =>
    signNotice(cred, { url: kind === "301" ? o.url : programUrl, groupId: o.groupId, kind, ids: kind === "301" ? seriesIds : programIds, ...extra });

  async function run(name: string, n: { url: string; body: string }, expected: Expectation, init: { contentType?: string } = {}): Promise<void> {
    let got: string;
    let ok = false;
    try {
      const res = await doFetch(n.url, {
        method: "POST",
        headers: { "content-type": init.contentType ?? "application/json" },
        body: n.body,
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
      const a = await readAnswer(res);
      got = `${a.status} ${a.code}${a.msg ? ` "${a.msg}"` : ""}`;
      const named = expected.param === undefined || a.msg.includes(`"${expected.param}"`);
      ok = a.status === expected.status && a.code === expected.code && named;
    } catch (err) {
      got = `no answer: ${err instanceof Error ? err.message : String(err)}`;
    }
    results.push({ name, expect: describe(expected), ok, got });
  }

  const OK: Expectation = { status: 200, code: "ok" };
  const series = notice("301");
  await run("valid 301 series emergency offline is accepted", series, OK);
  await run("valid 302 program emergency offline is accepted", notice("302"), OK);
  await run("301 with seriesIds as an array (sample B.4) is accepted", notice("301", { seriesIdsAsArray: true }), OK);
  await run("redelivery of a msgId with a fresh nonce is acknowledged (deduplicated, not refused)", notice("301", { msgId: series.msgId }), OK);
  await run("replayed request (same nonce) is refused", series, { status: 400, code: "InvalidParameter", param: "nonce" });

  const forger: SigningCredential = o.credential.mode === "sm2" ? { mode: "sm2", privateKey: sm2GenerateKeyPair().privateKey } : { mode: "mac", macKey: "0f".repeat(16) };
  await run("notice signed with another key is refused", notice("302", {}, forger), { status: 403, code: "Forbidden" });
  const tampered = notice("302");
  await run("body changed after signing is refused", { url: tampered.url, body: tampered.body.replace(`"${programIds[0]}"`, `"${programIds[0]}-X"`) }, { status: 403, code: "Forbidden" });
  await run("notice for another groupId is refused", notice("302", { groupId: `${o.groupId}-other` }), { status: 403, code: "Forbidden" });
  await run("stale ts (1 hour old) is refused", notice("302", { ts: String(Date.now() - 3_600_000) }), { status: 400, code: "InvalidParameter", param: "ts" });
  await run("ts 1 hour in the future is refused", notice("302", { ts: String(Date.now() + 3_600_000) }), { status: 400, code: "InvalidParameter", param: "ts" });
  await run("missing sign is refused", withoutParam(notice("302"), "sign"), { status: 400, code: "MissingParameter", param: "sign" });
  await run("missing nonce is refused", withoutParam(notice("302"), "nonce"), { status: 400, code: "MissingParameter", param: "nonce" });
  await run("body that is not JSON (signed) is refused", resigned(o, "not json", programUrl), { status: 400, code: "InvalidParameter" });
  const noMsgSign = JSON.parse(notice("302").body) as Record<string, unknown>;
  delete noMsgSign.msgSign;
  await run("body without msgSign is refused", resigned(o, JSON.stringify(noMsgSign), programUrl), { status: 400, code: "MissingParameter", param: "msgSign" });
  return results;
}

function withoutParam(n: SignedNotice, name: string): { url: string; body: string } {
  const url = new URL(n.url);
  url.searchParams.delete(name);
  return { url: url.toString(), body: n.body };
}

/** A request whose `sign` is valid over `body`, whatever the body is (to reach the checks after sign). */
function resigned(o: CheckOptions, body: string, url: string): { url: string; body: string } {
  const target = new URL(url);
  const req = signCpRequest(o.credential, { baseUrl: target.origin, path: target.pathname, groupId: o.groupId, bodyText: body });
  return { url: req.url, body };
}

export function formatReport(results: CheckResult[]): string {
  const lines = results.map((r) => `${r.ok ? "✓" : "✗"} ${r.name}\n    expected ${r.expect}${r.ok ? "" : `, got ${r.got}`}`);
  const failed = results.filter((r) => !r.ok).length;
  lines.push(failed === 0 ? `all ${results.length} checks passed` : `${failed} of ${results.length} checks FAILED`);
  return lines.join("\n");
}
