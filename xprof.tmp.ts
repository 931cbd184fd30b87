import { createDb, runBatch } from "./src/catalog/db";
import type { CpRow } from "./src/catalog/schema";
import { loadConfig } from "./src/config";
import { requestStringToSign, sm2GenerateKeyPair, signBody, signRequest, sm3Hex, verifySignature, type Credential, type SigningCredential } from "./src/crypto";
import type { AuthenticatedRequest } from "./src/ingest/authenticate";
import { planBatch } from "./src/ingest/ingest-message";
import { openSignedBody } from "./src/ingest/signed-body";
import { parseCommonParams } from "./src/protocol/common-params";
import { INTERFACE_PATHS } from "./src/protocol/msg-types";
import { parseMessage } from "./src/protocol/parse-message";
import { seriesBenchMessage } from "./bench/lib/messages";

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


const c = makeCase("x", Number(process.env.EP ?? 200), (process.env.MODE ?? "sm2") as "sm2");
for (let i = 0; i < 200; i++) await signedPath(c);
const t0 = process.cpuUsage();
const N = 2000;
for (let i = 0; i < N; i++) await signedPath(c);
const u = process.cpuUsage(t0);
console.log("ms/req", ((u.user + u.system) / 1000 / N).toFixed(3));
