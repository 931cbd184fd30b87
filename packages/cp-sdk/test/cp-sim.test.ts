/**
 * `npm run cp-sim` as a real process (issue 11 item 8): it verifies the platform's SM2 and MAC
 * notices, answers per mode (ok, 500, wrong code, fail-n, timeout), refuses forged and replayed
 * ones, and reports what it got on /_sim/received.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sm2GenerateKeyPair } from "@gyt345/protocol/crypto";
import { buildNoticeRequest } from "@gyt345/protocol/notice";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const PORT = Number(process.env.CP_SIM_TEST_PORT ?? 8792);
const SIM = `http://127.0.0.1:${PORT}`;
const platform = sm2GenerateKeyPair();
const MAC = "0123456789abcdef0123456789abcdef";
const cps = [
  { groupId: "sim-sm2", mode: "sm2", credential: { mode: "sm2", privateKey: sm2GenerateKeyPair().privateKey } },
  { groupId: "sim-mac", mode: "mac", credential: { mode: "mac", macKey: MAC } },
];
let sim: ChildProcess;
let stdout = "";

async function send(groupId: string, kind: 301 | 302, opts: { forge?: boolean; msgId?: string; replay?: { url: string; body: string } } = {}) {
  const cp = cps.find((c) => c.groupId === groupId)!;
  const cred = cp.mode === "sm2" ? ({ mode: "sm2", privateKey: platform.privateKey } as const) : ({ mode: "mac", macKey: MAC } as const);
  const req =
    opts.replay ??
    buildNoticeRequest(
      { groupId, noticeIdFormat: "string" },
      cred,
      { msgType: kind, msgId: opts.msgId ?? `m-${crypto.randomUUID()}`, msgTime: Date.now(), ids: kind === 301 ? ["S1", "S2"] : ["P1"] },
      `${SIM}/cp/${groupId}/${kind === 301 ? "series-offline" : "program-offline"}`,
      { nonce: `n${crypto.randomUUID().replaceAll("-", "")}`, ts: String(Date.now()) },
    );
  const body = opts.forge ? req.body.replace('"S1', '"SX') : req.body;
  const res = await fetch(req.url, { method: "POST", headers: { "content-type": "application/json" }, body, signal: AbortSignal.timeout(2000) });
  return { status: res.status, answer: (await res.json()) as { code: string; msg: string }, req: { url: req.url, body: req.body } };
}

const control = (path: string, body?: unknown) =>
  fetch(`${SIM}/_sim/${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "cp-sim-"));
  const file = join(dir, "cps.json");
  writeFileSync(file, JSON.stringify(cps));
  // The package bin as a CP runs it (dist/, plain Node).
  sim = spawn(process.execPath, ["bin/gyt345-cp.mjs", "serve", "--port", String(PORT), "--cp-file", file, "--public-key", platform.publicKey, "--platform-url", "http://127.0.0.1:9"], {
    cwd: PACKAGE_DIR,
    stdio: ["ignore", "pipe", "pipe"],
  });
  sim.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await fetch(`${SIM}/_sim/received`);
      break;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}, 40_000);

afterAll(() => {
  sim?.kill("SIGTERM");
});

describe("cp-sim", () => {
  it("verifies SM2 and MAC notices, answers ok and logs them", async () => {
    await control("reset", {});
    for (const [groupId, kind] of [["sim-sm2", 301], ["sim-mac", 302]] as const) {
      const r = await send(groupId, kind, { msgId: `ok-${groupId}` });
      expect(r).toMatchObject({ status: 200, answer: { code: "ok", msg: "success" } });
    }
    const got = (await control("received")) as { groupId: string; kind: string; msgId: string; nonce: string; verified: boolean; body: { msgData: unknown } }[];
    expect(got.map((g) => [g.groupId, g.kind, g.msgId, g.verified])).toEqual([
      ["sim-sm2", "301", "ok-sim-sm2", true],
      ["sim-mac", "302", "ok-sim-mac", true],
    ]);
    expect(got[0]!.body.msgData).toEqual({ seriesIds: "S1,S2" });
    await new Promise((r) => setTimeout(r, 100));
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as { msgId: string; verified: boolean });
    expect(lines.filter((l) => l.msgId === "ok-sim-sm2" && l.verified)).toHaveLength(1);
  });

  it("refuses forged, replayed, unknown-CP and wrong-endpoint notices", async () => {
    await control("reset", {});
    expect(await send("sim-sm2", 301, { forge: true })).toMatchObject({ status: 403, answer: { code: "Forbidden" } });
    expect(await send("sim-mac", 301, { forge: true })).toMatchObject({ status: 403, answer: { code: "Forbidden" } });
    const first = await send("sim-mac", 302);
    expect(first.status).toBe(200);
    expect(await send("sim-mac", 302, { replay: first.req })).toMatchObject({ status: 400, answer: { code: "InvalidParameter", msg: expect.stringContaining("nonce") } });
    const wrongPath = await fetch(first.req.url.replace("program-offline", "series-offline"), { method: "POST", headers: { "content-type": "application/json" }, body: first.req.body });
    expect(wrongPath.status).toBe(403); // the path is signed
    const unknown = await fetch(first.req.url.replace("/cp/sim-mac/", "/cp/sim-nobody/"), { method: "POST", headers: { "content-type": "application/json" }, body: first.req.body });
    expect(unknown.status).toBe(403);
    const got = (await control("received")) as { verified: boolean }[];
    expect(got.map((g) => g.verified)).toEqual([false, false, true, false, false, false]);
  });

  it("answers per mode: 500, wrong code, fail-n then ok, timeout; per CP", async () => {
    await control("reset", {});
    await control("mode", { groupId: "sim-mac", mode: "500" });
    expect(await send("sim-mac", 302)).toMatchObject({ status: 500, answer: { code: "InternalError" } });
    expect(await send("sim-sm2", 302)).toMatchObject({ status: 200, answer: { code: "ok" } }); // other CP unaffected
    await control("mode", { groupId: "sim-mac", mode: "wrong-code" });
    expect(await send("sim-mac", 302)).toMatchObject({ status: 200, answer: { code: "Busy" } });
    await control("mode", { groupId: "sim-mac", mode: "fail-n", n: 2 });
    expect((await send("sim-mac", 302)).status).toBe(500);
    expect((await send("sim-mac", 302)).status).toBe(500);
    expect(await send("sim-mac", 302)).toMatchObject({ status: 200, answer: { code: "ok" } });
    await control("mode", { mode: "timeout" });
    await expect(send("sim-sm2", 301)).rejects.toThrow();
    expect(await control("mode", { mode: "bogus" })).toMatchObject({ error: expect.stringContaining("mode must be") });
  });
});
