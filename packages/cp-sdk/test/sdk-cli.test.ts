/**
 * The CP developer CLI: keygen output OpenSSL reads, and the endpoint checker — all green
 * against a correct endpoint (the SDK's notice handler, as `cp serve` runs it), each failure
 * reported against a broken one that accepts anything. The test endpoint listens on 8734.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkEndpoint, formatReport } from "../src/cli/check-endpoint";
import { sm2GenerateKeyPair, type SigningCredential } from "@gyt345/protocol/crypto";
import { createNoticeHandler } from "../src/index";
import { toNodeListener } from "../src/node";
import { signNotice } from "../src/testing";

/** The package bin as installed: built JavaScript, plain Node (run `npm run build:sdk` first; `npm test` does). */
const CP_BIN = fileURLToPath(new URL("../bin/gyt345-cp.mjs", import.meta.url));
const PORT = 8734;
afterAll(stopServer);
const URL_ = `http://127.0.0.1:${PORT}/cp/emergency/series`;
// One server whose handler each test swaps: a closed server would leave the client's pooled
// keep-alive sockets stale.
let server: Server | undefined;
let current: (req: Request) => Promise<Response> = async () => new Response(null, { status: 404 });

async function listen(handler: (req: Request) => Promise<Response>): Promise<void> {
  current = handler;
  if (server) return;
  server = createServer(toNodeListener((req) => current(req)));
  await new Promise<void>((resolve) => server!.listen(PORT, "127.0.0.1", resolve));
}
async function stopServer(): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = undefined;
}

const platform = sm2GenerateKeyPair();
const macKey = "00112233445566778899aabbccddeeff";
const modes: [string, SigningCredential, Parameters<typeof createNoticeHandler>[0]][] = [
  ["sm2", { mode: "sm2", privateKey: platform.privateKey }, { groupId: "cp-x", mode: "sm2", platformPublicKey: platform.publicKey, onNotice: () => {} }],
  ["mac", { mode: "mac", macKey }, { groupId: "cp-x", mode: "mac", macKey, onNotice: () => {} }],
];

describe.each(modes)("check-endpoint, mode %s", (_mode, credential, handlerOptions) => {
  it("reports all green against a correct endpoint (the SDK handler)", async () => {
    const acted: string[] = [];
    await listen(createNoticeHandler({ ...handlerOptions, onNotice: (n) => void acted.push(n.msgId) }));
    const results = await checkEndpoint({ url: URL_, groupId: "cp-x", credential });
    expect(results.filter((r) => !r.ok), formatReport(results)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(14);
    // The redelivered msgId was acknowledged but acted on once: 301, 302, 301-as-array.
    expect(acted).toHaveLength(3);
  });

  it("reports each failure against a broken endpoint that accepts anything", async () => {
    await listen(async () => Response.json({ code: "ok", msg: "success" }));
    const results = await checkEndpoint({ url: URL_, groupId: "cp-x", credential });
    const failed = results.filter((r) => !r.ok).map((r) => r.name);
    expect(failed).toEqual([
      "replayed request (same nonce) is refused",
      "notice signed with another key is refused",
      "body changed after signing is refused",
      "notice for another groupId is refused",
      "stale ts (1 hour old) is refused",
      "ts 1 hour in the future is refused",
      "missing sign is refused",
      "missing nonce is refused",
      "body that is not JSON (signed) is refused",
      "body without msgSign is refused",
    ]);
    expect(formatReport(results)).toMatch(/10 of 14 checks FAILED/);
  });
});

it("an endpoint that answers 400 for a redelivered msgId is reported as not deduplicating", async () => {
  const seen = new Set<string>();
  const inner = createNoticeHandler(modes[1]![2]);
  await listen(async (req) => {
    const body = (await req.clone().json().catch(() => ({}))) as { msgId?: string };
    if (body.msgId && seen.has(body.msgId)) return Response.json({ code: "InvalidParameter", msg: 'The specified parameter "msgId" is not valid.' }, { status: 400 });
    const res = await inner(req);
    if (res.status === 200 && body.msgId) seen.add(body.msgId);
    return res;
  });
  const results = await checkEndpoint({ url: URL_, groupId: "cp-x", credential: modes[1]![1] });
  expect(results.filter((r) => !r.ok).map((r) => r.name)).toEqual([
    "redelivery of a msgId with a fresh nonce is acknowledged (deduplicated, not refused)",
    // Refused, but naming msgId where the profile names the nonce.
    "replayed request (same nonce) is refused",
  ]);
});

describe("the cp command line", () => {
  beforeAll(stopServer);
  const cli = (args: string[]) => spawnSync(process.execPath, [CP_BIN, ...args], { encoding: "utf8", timeout: 60_000 });

  it("keygen writes PEM files OpenSSL reads, with the printed public key", () => {
    const dir = mkdtempSync(join(tmpdir(), "cp-keygen-"));
    const r = cli(["keygen", "--out", join(dir, "cp"), "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const k = JSON.parse(r.stdout) as { privateKey: string; publicKey: string };
    const text = execFileSync("openssl", ["pkey", "-in", join(dir, "cp.key.pem"), "-noout", "-text"]).toString().replace(/[\s:]/g, "");
    expect(text).toContain(k.privateKey);
    expect(text).toContain(k.publicKey);
    expect(readFileSync(join(dir, "cp.pub.hex"), "utf8").trim()).toBe(k.publicKey);
    execFileSync("openssl", ["pkey", "-pubin", "-in", join(dir, "cp.pub.pem"), "-noout"]);
  }, 60_000);

  it("verify checks a captured notice step by step: all ✓ as sent, ✗ at sign once the body changed", () => {
    const dir = mkdtempSync(join(tmpdir(), "cp-verify-"));
    const n = signNotice({ mode: "mac", macKey }, { url: URL_, groupId: "cp-x", kind: "302", ids: ["P1"] });
    writeFileSync(join(dir, "good.json"), JSON.stringify({ url: n.url, body: n.body }));
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ url: n.url, body: n.body.replace("P1", "P2") }));
    const good = cli(["verify", join(dir, "good.json"), "--mac-key", macKey]);
    expect(good.status, good.stdout).toBe(0);
    expect(good.stdout).toMatch(/✓ sign verifies[\s\S]*✓ msgSign verifies[\s\S]*✓ notice 302/);
    const bad = cli(["verify", join(dir, "bad.json"), "--mac-key", macKey]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/✗ sign verifies/);
  }, 60_000);

  it("check-endpoint against `cp serve` prints a green report and exits 0; against `cp serve --broken` exits 1", async () => {
    for (const broken of [false, true]) {
      const child = spawn(process.execPath, [CP_BIN, "serve", "--port", String(PORT), "--group-id", "cp-x", "--mode", "mac", "--mac-key", macKey, ...(broken ? ["--broken"] : [])], {
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      try {
        await new Promise<void>((resolve, reject) => {
          child.stderr.on("data", (d: Buffer) => d.toString().includes("cp serve:") && resolve());
          child.once("exit", () => reject(new Error("serve exited")));
        });
        const r = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
          const c = spawn(process.execPath, [CP_BIN, "check-endpoint", URL_, "--mode", "mac", "--group-id", "cp-x", "--mac-key", macKey]);
          let stdout = "";
          c.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
          c.once("exit", (status) => resolve({ status, stdout }));
        });
        if (broken) {
          expect(r.status).toBe(1);
          expect(r.stdout).toMatch(/✗ replayed request \(same nonce\) is refused\n\s+expected 400 InvalidParameter naming "nonce", got 200 ok/);
        } else {
          expect(r.status, r.stdout).toBe(0);
          expect(r.stdout).toMatch(/all 14 checks passed/);
        }
      } finally {
        process.kill(-child.pid!, "SIGTERM");
        await new Promise((resolve) => child.once("exit", resolve));
      }
    }
  }, 120_000);

  it("check-endpoint reports all green against the CP simulator (`cp serve` without --group-id), sm2 and mac CPs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cp-sim-"));
    const cpFile = join(dir, "cps.json");
    writeFileSync(cpFile, JSON.stringify([{ groupId: "sim-sm2", mode: "sm2" }, { groupId: "sim-mac", mode: "mac", credential: { mode: "mac", macKey } }]));
    const SIM = 8794;
    const child = spawn(process.execPath, [CP_BIN, "serve", "--port", String(SIM), "--cp-file", cpFile, "--public-key", platform.publicKey], { stdio: ["ignore", "pipe", "pipe"], detached: true });
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          if ((await fetch(`http://127.0.0.1:${SIM}/_sim/received`)).ok) break;
        } catch {
          if (Date.now() > deadline) throw new Error("cp-sim did not start");
          await new Promise((r) => setTimeout(r, 300));
        }
      }
      for (const [groupId, credential] of [["sim-sm2", modes[0]![1]], ["sim-mac", modes[1]![1]]] as const) {
        const results = await checkEndpoint({
          url: `http://127.0.0.1:${SIM}/cp/${groupId}/series-offline`,
          programUrl: `http://127.0.0.1:${SIM}/cp/${groupId}/program-offline`,
          groupId,
          credential,
        });
        expect(results.filter((r) => !r.ok), formatReport(results)).toEqual([]);
      }
    } finally {
      process.kill(-child.pid!, "SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  }, 120_000);
});
