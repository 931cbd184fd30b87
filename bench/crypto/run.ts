/**
 * `npm run bench:crypto`: src/crypto inside workerd (wrangler dev) against sm-crypto-v2 and
 * sm-crypto 0.5 in the same worker, and `openssl speed` on the host, all in one run.
 * Each figure is the CPU time the workerd process spent on a request running n iterations
 * (read from /proc, as `openssl speed` reports user CPU time), minus that of a no-op request:
 * workerd's clocks do not advance during CPU work, and wall time on a loaded machine measures
 * the load. Our library runs in one `wrangler dev` and the baselines in a second one, so the
 * garbage the baselines leave (sm-crypto's BigInts) is never collected on our clock: sharing
 * an isolate made our cold-key verify look 3x slower after a baseline's request. (Do not edit
 * sources during a run: wrangler dev reloads on change.) Libraries are interleaved round by round, the median of the rounds is reported. Every result is checked: the same verify answers, the
 * same digests and MACs, and signatures that verify with another library. Any mismatch or
 * failed request fails the run.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sm2 as smv2sm2 } from "sm-crypto-v2";
import { sm2Verify } from "@gyt345/protocol/crypto";
import { startWrangler } from "@gyt345/testkit/local-platform";
import { fmt, groupProcessCpu, median, ratio, runMain, spread, table, writeResult, ROOT } from "../lib/common";

const PORT = Number(process.env.BENCH_CRYPTO_PORT ?? 8713);
const INSPECTOR = Number(process.env.BENCH_CRYPTO_INSPECTOR_PORT ?? 9213);
/** Our library on PORT, the baselines on PORT + 1: separate workerd processes. */
const instanceOf = (lib: Lib) => (lib === "ours" ? 0 : 1);
const baseOf = (i: number) => `http://127.0.0.1:${PORT + i}`;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_CPU_MS = Number(process.env.BENCH_CPU_MS ?? 100); // per timed request: 20 ticks of the 10 ms CPU clock at least
const TICK_MS = 1000 / Number(process.env.CLK_TCK ?? 100);
const LIBS = ["ours", "smv2", "sm05"] as const;
type Lib = (typeof LIBS)[number];
const OPS: [op: string, label: string, bytes: number][] = [
  ["sm2-verify-cached", "SM2 verify, cached key", 0],
  ["sm2-verify-cold", "SM2 verify, key not cached", 0],
  ["sm2-sign", "SM2 sign", 0],
  ["sm3-1k", "SM3 1 KiB", 1024],
  ["sm3-1m", "SM3 1 MiB", 1 << 20],
  ["mac-1k", "MAC 1 KiB", 1024],
  ["mac-1m", "MAC 1 MiB", 1 << 20],
];

const wranglers: ReturnType<typeof startWrangler>[] = [];
let persistDir: string | undefined;

async function get(instance: number, params: Record<string, string>): Promise<{ ms: number; body: Record<string, unknown> }> {
  const t0 = performance.now();
  const res = await fetch(`${baseOf(instance)}/?${new URLSearchParams(params)}`);
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${JSON.stringify(params)} → ${res.status}: ${text.slice(0, 500)}`);
  return { ms, body: JSON.parse(text) as Record<string, unknown> };
}

const groups: number[] = [];

/** CPU ms (utime + stime) per pid of every workerd process in the process group of wrangler instance i. */
function workerdCpu(instance: number): Map<number, number> {
  const out = new Map(groupProcessCpu(groups[instance]!).filter((p) => p.comm === "workerd").map((p) => [p.pid, p.ms]));
  if (out.size === 0) throw new Error("no workerd process found");
  return out;
}

/** A CPU stopwatch over workerd; a process that restarted in between counts from zero. */
function cpuSince(instance: number, before: Map<number, number>): number {
  let ms = 0;
  for (const [pid, now] of workerdCpu(instance)) ms += now - (before.get(pid) ?? 0);
  return ms;
}

const noopCpuMs = [0, 0];
/** CPU ms of one no-op request, averaged over many (it is far below the clock's 10 ms tick). */
async function measureNoop(): Promise<void> {
  for (const i of [0, 1]) {
    const c0 = workerdCpu(i);
    for (let k = 0; k < 100; k++) await get(i, { op: "noop" });
    noopCpuMs[i] = cpuSince(i, c0) / 100;
  }
}

async function waitReady(): Promise<void> {
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (wranglers.some((w) => w.child.exitCode !== null)) throw new Error("wrangler dev exited");
    try {
      await get(0, { op: "noop" });
      await get(1, { op: "noop" });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error("wrangler dev not ready after 90 s");
}

/** Per-op CPU ms of one request of n iterations, the no-op overhead removed; and its results. */
async function measure(op: string, lib: Lib, n: number): Promise<{ perOpMs: number; cpu: number; body: Record<string, unknown> }> {
  const i = instanceOf(lib);
  const c0 = workerdCpu(i);
  const { body } = await get(i, { op, lib, n: String(n) });
  const cpu = cpuSince(i, c0);
  return { perOpMs: Math.max(cpu - noopCpuMs[i]!, TICK_MS / 2) / n, cpu, body };
}

async function calibrate(op: string, lib: Lib): Promise<number> {
  for (let k = 1; ; k *= 4) {
    const { cpu } = await measure(op, lib, k);
    if (cpu >= 50 || k >= 1_000_000) return Math.min(Math.max(3, Math.round((TARGET_CPU_MS * k) / Math.max(cpu - noopCpuMs[instanceOf(lib)]!, 1))), k * 20);
  }
}

/** The results every library must agree on (verify answers, digests); signatures are checked separately. */
function comparable(op: string, body: Record<string, unknown>): unknown {
  // Verify: every answer is compared with the expected one (every 8th signature is tampered).
  if (op.startsWith("sm2-verify")) return { wrong: body.wrong };
  if (op === "sm2-sign") return null;
  return body.digests;
}

function checkSignatures(lib: Lib, body: Record<string, unknown>): void {
  const { publicKey, sample } = body as { publicKey: string; sample: { msg: string; sig: string }[] };
  for (const { msg, sig } of sample) {
    const byOurs = sm2Verify(publicKey, msg, sig);
    const byOther = smv2sm2.doVerifySignature(msg, sig, publicKey, { hash: true });
    if (!byOurs || !byOther) throw new Error(`${lib} signature does not verify (ours: ${byOurs}, sm-crypto-v2: ${byOther})`);
  }
}

/** `openssl speed` on the host, parsed: SM2 sign/verify per second, SM3 and SM4-ECB bytes per second. */
function opensslSpeed(): { sm2SignPerS: number; sm2VerifyPerS: number; sm3BytesPerS: Record<string, number>; sm4EcbBytesPerS: Record<string, number> } | { error: string } {
  try {
    const run = (args: string[]) => execFileSync("openssl", ["speed", "-seconds", "1", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const sm2 = /SM2 \(CurveSM2\)\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)/.exec(run(["sm2"]));
    if (!sm2) throw new Error("no SM2 line in `openssl speed sm2`");
    const bytes = (algo: string, size: number) => {
      const out = run(["-bytes", String(size), "-evp", algo]);
      const m = new RegExp(`^${algo}\\s+([\\d.]+)k`, "im").exec(out);
      if (!m) throw new Error(`no ${algo} line in openssl speed output`);
      return Number(m[1]) * 1000;
    };
    return {
      sm2SignPerS: Number(sm2[1]),
      sm2VerifyPerS: Number(sm2[2]),
      sm3BytesPerS: { "1k": bytes("sm3", 1024), "1m": bytes("sm3", 1 << 20) },
      sm4EcbBytesPerS: { "1k": bytes("sm4-ecb", 1024) },
    };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

async function main(): Promise<void> {
  const t0 = Date.now();
  console.log("openssl speed -seconds 1 sm2; -evp sm3 (1 KiB, 1 MiB); -evp sm4-ecb (1 KiB) …");
  const openssl = opensslSpeed(); // before workerd starts, so the two do not compete for the CPU
  persistDir = mkdtempSync(join(tmpdir(), "crypto-bench-"));
  for (const i of [0, 1]) {
    const w = startWrangler(["-c", join(ROOT, "bench/crypto/wrangler.toml"), "--port", String(PORT + i), "--inspector-port", String(INSPECTOR + i), "--ip", "127.0.0.1", "--persist-to", join(persistDir, String(i))], "ignore");
    wranglers.push(w);
    groups.push(w.child.pid!);
  }
  await waitReady();
  for (const i of [0, 1]) await get(i, { op: "setup" }); // keys, signatures, sm-crypto 0.5 loaded outside any timing
  await measureNoop();
  console.log(`wrangler dev ready after ${((Date.now() - t0) / 1000).toFixed(1)} s (ours on :${PORT}, the baselines on :${PORT + 1}); workerd CPU time per op (no-op request ${noopCpuMs.map((x) => x.toFixed(2)).join(" / ")} ms); ${ROUNDS} interleaved rounds, median\n`);

  const rows: Record<string, unknown>[] = [];
  for (const [op, label, bytes] of OPS) {
    const n = {} as Record<Lib, number>;
    for (const lib of LIBS) n[lib] = await calibrate(op, lib);
    const samples = { ours: [], smv2: [], sm05: [] } as Record<Lib, number[]>;
    for (let r = 0; r < ROUNDS; r++) {
      const seen = {} as Record<Lib, unknown>;
      for (const lib of LIBS) {
        const { perOpMs, body } = await measure(op, lib, n[lib]);
        samples[lib].push(perOpMs);
        if (op === "sm2-sign") checkSignatures(lib, body);
        seen[lib] = comparable(op, body);
      }
      for (const lib of LIBS) {
        // Digests: the first iterations of each library hashed the same inputs.
        if (Array.isArray(seen[lib])) {
          const len = Math.min((seen[lib] as unknown[]).length, (seen.ours as unknown[]).length);
          seen[lib] = (seen[lib] as unknown[]).slice(0, len);
          seen.ours = (seen.ours as unknown[]).slice(0, len);
        }
        if (JSON.stringify(seen[lib]) !== JSON.stringify(seen.ours)) throw new Error(`${label}: ${lib} disagrees with ours: ${JSON.stringify(seen[lib])} vs ${JSON.stringify(seen.ours)}`);
      }
      if (op.startsWith("sm2-verify") && (seen.ours as { wrong: number }).wrong !== 0) throw new Error(`${label}: wrong answers`);
    }
    const ms = Object.fromEntries(LIBS.map((l) => [l, median(samples[l])])) as Record<Lib, number>;
    console.log(`  ${label}: ${LIBS.map((l) => `${l} ${ms[l].toFixed(4)} ms`).join(", ")}`);
    rows.push({ op, label, bytes, msPerOp: ms, spread: Object.fromEntries(LIBS.map((l) => [l, +spread(samples[l]).toFixed(3)])), iterations: n });
  }

  // openssl figures in the same units, for the rows it has.
  const os = "error" in openssl ? undefined : openssl;
  const opensslMs = (op: string): number | undefined => {
    if (!os) return undefined;
    if (op.startsWith("sm2-verify")) return 1000 / os.sm2VerifyPerS;
    if (op === "sm2-sign") return 1000 / os.sm2SignPerS;
    if (op === "sm3-1k") return (1024 / os.sm3BytesPerS["1k"]!) * 1000;
    if (op === "sm3-1m") return ((1 << 20) / os.sm3BytesPerS["1m"]!) * 1000;
    return undefined;
  };
  const unit = (row: Record<string, unknown>, msv: number) => ((row.bytes as number) > 0 ? `${fmt((row.bytes as number) / 1e6 / (msv / 1000))} MB/s` : `${fmt(msv)} ms`);
  const printed = rows.map((row) => {
    const ms = row.msPerOp as Record<Lib, number>;
    const o = opensslMs(row.op as string);
    return [row.label as string, unit(row, ms.ours), unit(row, ms.smv2), ratio(ms.smv2 / ms.ours), unit(row, ms.sm05), ratio(ms.sm05 / ms.ours), o === undefined ? "–" : unit(row, o), o === undefined ? "–" : ratio(o / ms.ours)];
  });
  console.log(table(["op (ms per op, or MB/s)", "ours", "sm-crypto-v2", "speed-up", "sm-crypto 0.5", "speed-up", "openssl speed", "speed-up"], printed));
  console.log("\nspeed-up = baseline time / our time (>1: we are faster). Spread of rounds (max−min)/median, ours: " + rows.map((r) => `${r.op} ${((r.spread as Record<Lib, number>).ours * 100).toFixed(0)}%`).join(", "));
  if ("error" in openssl) console.log(`openssl speed failed: ${openssl.error}`);
  const file = writeResult("crypto", { rounds: ROUNDS, rows, openssl });
  console.log(`results: ${file}; total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

await runMain("bench:crypto", main, async () => {
  await Promise.all(wranglers.map((w) => w.stop()));
  wranglers.length = 0;
  if (persistDir) rmSync(persistDir, { recursive: true, force: true });
  persistDir = undefined;
}, 600_000);
