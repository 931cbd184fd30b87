/**
 * `npm run bench:cpu`: the CPU of a signed request's whole path as plain functions (body SM3,
 * `sign` verify, JSON + JCS + msgSign verify, valibot parse, the SM3 of the signed content,
 * building and binding the write batch), against an unsigned JSON parse + validate of the same
 * body. Process CPU time (not wall time: the machine is shared), interleaved rounds, median.
 */
import { createDb, runBatch } from "@gyt345/platform/catalog/db";
import type { CpRow } from "@gyt345/platform/catalog/schema";
import { loadConfig } from "@gyt345/platform/config";
import { requestStringToSign, sm2GenerateKeyPair, signBody, signRequest, sm3Hex, verifySignature, type Credential, type SigningCredential } from "@gyt345/protocol/crypto";
import type { AuthenticatedRequest } from "@gyt345/platform/ingest/authenticate";
import { planBatch } from "@gyt345/platform/ingest/ingest-message";
import { openSignedBody } from "@gyt345/platform/ingest/signed-body";
import { parseCommonParams } from "@gyt345/protocol/common-params";
import { INTERFACE_PATHS } from "@gyt345/protocol/msg-types";
import { parseMessage } from "@gyt345/protocol/parse-message";
import { fmt, median, ratio, runMain, table, writeResult } from "../lib/common";
import { seriesBenchMessage } from "@gyt345/testkit/bench-messages";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGET_CPU_MS = 150;
const config = loadConfig({ TS_WINDOW_SECONDS: "300", REFUSED_LOG_RETENTION_DAYS: "30" });

/** A D1 stand-in: prepare/bind/batch do nothing, so runBatch measures building the statements only. */
const fakeD1 = {
  prepare: () => ({ bind: () => ({}) }),
  batch: async () => [],
} as unknown as D1Database;
const db = createDb(fakeD1);

interface Case {
  name: string;
  query: URLSearchParams;
  bytes: Uint8Array;
  credential: Credential;
  cp: CpRow;
}

function makeCase(name: string, episodes: number, mode: "sm2" | "mac"): Case {
  const groupId = `cp-bench-${mode}`;
  const keys = sm2GenerateKeyPair();
  const signing: SigningCredential = mode === "sm2" ? { mode, privateKey: keys.privateKey } : { mode, macKey: "8f0e2c6b1a4d5e7f9081a2b3c4d5e6f7" };
  const credential: Credential = mode === "sm2" ? { mode, publicKey: keys.publicKey } : { mode, macKey: signing.mode === "mac" ? signing.macKey : "" };
  const body = JSON.stringify(signBody(signing, seriesBenchMessage(0, episodes)));
  const { query } = signRequest(signing, { path: INTERFACE_PATHS.seriesInject, groupId, nonce: "n".repeat(32), ts: String(Date.now()), body });
  const cp = { groupId, status: "active", mode } as CpRow;
  return { name, query: new URLSearchParams(query), bytes: new TextEncoder().encode(body), credential, cp };
}

/** What the Worker does for one signed series message, minus I/O. Returns the answer reader's input size. */
async function signedPath(c: Case): Promise<number> {
  const params = parseCommonParams(c.query, Number(c.query.get("ts")), config.tsWindowMs);
  const bodySm3 = sm3Hex(c.bytes);
  const path = INTERFACE_PATHS.seriesInject;
  if (!verifySignature(c.credential, requestStringToSign({ path, groupId: params.groupId, nonce: params.nonce, ts: params.ts, bodySm3 }), params.sign)) throw new Error("sign does not verify");
  const auth: AuthenticatedRequest = { cp: c.cp, credential: c.credential, params, body: c.bytes, bodySm3 };
  const { body, signedContent } = openSignedBody(auth, "application/json");
  const message = parseMessage("seriesInject", body);
  const plan = planBatch({ db, config }, { path, auth, message, contentSm3: sm3Hex(signedContent), receivedAt: Date.now(), waitUntil: () => undefined });
  await runBatch(db, plan.statements);
  return plan.statements.length;
}

/** The baseline: an unsigned JSON parse + validate of the same body. */
function unsignedPath(c: Case): number {
  const body = JSON.parse(new TextDecoder().decode(c.bytes)) as Record<string, unknown>;
  return parseMessage("seriesInject", body).msgData.seriesPrograms?.length ?? 0;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function perCall(fn: () => unknown, n: number): Promise<number> {
  const c0 = cpuMs();
  for (let i = 0; i < n; i++) await fn();
  return (cpuMs() - c0) / n;
}

async function main(): Promise<void> {
  const cases = [makeCase("series, 20 episodes, sm2", 20, "sm2"), makeCase("series, 20 episodes, mac", 20, "mac"), makeCase("series, 200 episodes, sm2", 200, "sm2"), makeCase("series, 200 episodes, mac", 200, "mac")];
  const rows: Record<string, unknown>[] = [];
  for (const c of cases) {
    // Warm up (JIT, the verifier's table) and check both paths work.
    for (let i = 0; i < 20; i++) {
      if ((await signedPath(c)) < 3) throw new Error("no batch built");
      unsignedPath(c);
    }
    const nSigned = Math.max(5, Math.round(TARGET_CPU_MS / Math.max(await perCall(() => signedPath(c), 20), 0.01)));
    const nPlain = Math.max(5, Math.round(TARGET_CPU_MS / Math.max(await perCall(() => unsignedPath(c), 20), 0.01)));
    const s: number[] = [];
    const p: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      s.push(await perCall(() => signedPath(c), nSigned));
      p.push(await perCall(() => unsignedPath(c), nPlain));
    }
    rows.push({ case: c.name, bodyBytes: c.bytes.length, signedMs: median(s), unsignedMs: median(p) });
  }
  console.log(`whole-request CPU in Node ${process.version} (V8, as workerd), process CPU time, ${ROUNDS} interleaved rounds, median\n`);
  console.log(
    table(
      ["message", "body bytes", "signed path ms", "unsigned parse+validate ms", "signed/unsigned"],
      rows.map((r) => [r.case as string, r.bodyBytes as number, fmt(r.signedMs as number), fmt(r.unsignedMs as number), ratio((r.signedMs as number) / (r.unsignedMs as number))]),
    ),
  );
  const worst = Math.max(...rows.filter((r) => (r.case as string).includes("200")).map((r) => r.signedMs as number));
  console.log(`\ntarget: 200-episode message ≤ 2 ms → ${worst.toFixed(3)} ms ${worst <= 2 ? "met" : "NOT met"}`);
  console.log(`results: ${writeResult("cpu", { rounds: ROUNDS, rows })}`);
}

await runMain("bench:cpu", main, async () => undefined, 300_000);
