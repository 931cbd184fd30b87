/**
 * `npm run smoke`: starts the real `wrangler dev` (workerd, not the test pool) on its own
 * state directory and makes real requests: the faults that only the runtime raises (module
 * scope randomness, bundling, bindings) show here and nowhere else.
 */
import { rmSync } from "node:fs";
import { cpSender } from "@gyt345/testkit/cp-sender";
import { applyLocalMigrations, ensureDevVars, seedDemo, startWrangler, waitForPlatform } from "@gyt345/testkit/local-platform";

const PORT = Number(process.env.SMOKE_PORT ?? 8797);
const BASE = `http://127.0.0.1:${PORT}`;
const STATE = ".wrangler/smoke-state";
const CP_FILE = ".wrangler/smoke-cp.json";

function check(label: string, ok: boolean, detail: unknown): void {
  console.log(`${ok ? "✓" : "✗"} ${label}${ok ? "" : `: ${JSON.stringify(detail)}`}`);
  if (!ok) process.exitCode = 1;
}

async function main(): Promise<void> {
  rmSync(STATE, { recursive: true, force: true });
  rmSync(CP_FILE, { force: true });
  const vars = ensureDevVars();
  applyLocalMigrations(["--persist-to", STATE]);
  const wrangler = startWrangler(["--port", String(PORT), "--ip", "127.0.0.1", "--persist-to", STATE]);
  let output = "";
  wrangler.child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  wrangler.child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  try {
    await waitForPlatform(BASE, 90_000);
    const cps = await seedDemo(BASE, vars, CP_FILE);
    check("demo CPs onboarded in both modes and demo content ingested", cps.length === 2, cps.map((c) => c.mode));
    const key = (await (await fetch(`${BASE}/api/v1/platform/public-key`)).json()) as { publicKey: string };
    check("platform public key published", /^04[0-9a-f]{128}$/.test(key.publicKey), key);
    for (const cp of cps) {
      const client = cpSender({ baseUrl: BASE, groupId: cp.groupId, credential: cp.credential });
      const off = await client.send({ msgType: 203, msgData: { programIds: [`${cp.groupId}-M2001`, "nope"] } });
      check(`${cp.mode}: signed program offline accepted`, off.code === "ok" && off.msg.includes("unknown programIds: nope"), off);
      const bad = await cpSender({ baseUrl: BASE, groupId: cp.groupId, credential: cp.mode === "mac" ? { mode: "mac", macKey: "00".repeat(16) } : { mode: "sm2", privateKey: "1".repeat(64) } }).send({
        msgType: 103,
        msgData: { seriesIds: "x" },
      });
      check(`${cp.mode}: wrong key refused with 403 Forbidden`, bad.status === 403 && bad.code === "Forbidden", bad);
    }
    const anon = await fetch(`${BASE}/admin/api/cps`);
    check("admin API refuses anonymous calls", anon.status === 401, anon.status);
  } catch (err) {
    console.error(output);
    throw err;
  } finally {
    await wrangler.stop();
  }
  if (process.exitCode) console.error(output);
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error("[smoke]", err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
