/**
 * `npm run bench:ingest`: signed ingestion over HTTP against a local `wrangler dev`, next to an
 * unsigned no-op route of the same Worker measured in the same run. Series messages with 0, 20
 * and 200 episodes, sm2 and mac, at concurrency 1, 8 and 32; every scenario of a concurrency
 * level runs once per round, rounds interleaved, req/s is the median of the rounds and the
 * percentiles pool every request. Requests are signed before the clock starts. Any request not
 * answered 200/ok fails the run. D1 round trips per request come from the benchmark worker's
 * counting D1 binding (bench/ingest/worker.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signBody, signRequest, type SigningCredential } from "@gyt345/protocol/crypto";
import { applyLocalMigrations, ensureDevVars, seedDemo, startWrangler, waitForPlatform } from "@gyt345/testkit/local-platform";
import { fmt, groupCpuByCommand, median, percentile, ratio, runMain, table, writeResult, ROOT } from "../lib/common";
import { seriesBenchMessage } from "@gyt345/testkit/bench-messages";

const PORT = Number(process.env.BENCH_INGEST_PORT ?? 8723);
const INSPECTOR = Number(process.env.BENCH_INGEST_INSPECTOR_PORT ?? 9223);
const BASE = `http://127.0.0.1:${PORT}`;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "1,8,32").split(",").map(Number);
/** Requests per scenario and round at concurrency c. */
const perRound = (c: number) => Math.max(12, c * Number(process.env.BENCH_REQUESTS_PER_WORKER ?? 2));
const CONFIG = join(ROOT, "bench/ingest/wrangler.toml");

interface Prepared {
  url: string;
  body: string;
}

let wrangler: ReturnType<typeof startWrangler> | undefined;
let stateDir: string | undefined;
let seq = 0;

function signed(groupId: string, credential: SigningCredential, episodes: number): Prepared {
  const path = "/api/v1/series/inject";
  const body = JSON.stringify(signBody(credential, seriesBenchMessage(seq++, episodes, `${groupId.slice(-3)}${Date.now().toString(36)}`)));
  const nonce = crypto.randomUUID().replaceAll("-", "");
  const { query } = signRequest(credential, { path, groupId, nonce, ts: String(Date.now()), body });
  return { url: `${BASE}${path}?${query}`, body };
}

/** Sends every request with at most `c` in flight. Throws on any failure. */
async function drive(requests: Prepared[], c: number): Promise<{ rps: number; latencies: number[]; d1Calls: number[] }> {
  let next = 0;
  const latencies: number[] = [];
  const d1Calls: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < requests.length) {
        const r = requests[next++]!;
        const t0 = performance.now();
        const res = await fetch(r.url, { method: "POST", headers: { "content-type": "application/json" }, body: r.body });
        const text = await res.text();
        latencies.push(performance.now() - t0);
        let code: unknown;
        try {
          code = (JSON.parse(text) as { code?: unknown }).code;
        } catch {
          code = undefined;
        }
        if (res.status !== 200 || code !== "ok") throw new Error(`${r.url.split("?")[0]} → ${res.status} ${text.slice(0, 300)}`);
        d1Calls.push(Number(res.headers.get("x-d1-calls")));
      }
    }),
  );
  return { rps: requests.length / ((performance.now() - started) / 1000), latencies, d1Calls };
}

async function main(): Promise<void> {
  const t0 = Date.now();
  stateDir = mkdtempSync(join(tmpdir(), "ingest-bench-"));
  const vars = ensureDevVars();
  applyLocalMigrations(["-c", CONFIG, "--persist-to", stateDir]);
  const secrets = ["ADMIN_USERNAME", "ADMIN_PASSWORD", "CP_SECRET_KEY", "PLATFORM_SM2_PRIVATE_KEY"].flatMap((k) => ["--var", `${k}:${vars[k]}`]);
  if (process.env.BENCH_INGEST_STORAGE) secrets.push("--var", `BENCH_INGEST_STORAGE:${process.env.BENCH_INGEST_STORAGE}`);
  wrangler = startWrangler(["-c", CONFIG, "--port", String(PORT), "--inspector-port", String(INSPECTOR), "--ip", "127.0.0.1", "--persist-to", stateDir, ...secrets], "ignore");
  await waitForPlatform(BASE, 120_000);
  const cps = await seedDemo(BASE, vars, join(stateDir, "cp.json"));
  const sm2 = cps.find((c) => c.mode === "sm2")!;
  const mac = cps.find((c) => c.mode === "mac")!;

  type Scenario = { name: string; make: () => Prepared };
  const scenarios: Scenario[] = [{ name: "no-op route (unsigned)", make: () => ({ url: `${BASE}/bench/noop`, body: JSON.stringify(seriesBenchMessage(0, 20)) }) }];
  for (const episodes of [0, 20, 200]) {
    for (const cp of [sm2, mac]) scenarios.push({ name: `series + ${episodes} episodes, ${cp.mode}`, make: () => signed(cp.groupId, cp.credential, episodes) });
  }
  // Warm-up outside the measurement: module init, the CP cache, the verifier's table.
  for (const s of scenarios) await drive(Array.from({ length: 10 }, s.make), 4);
  console.log(`wrangler dev ready and warm after ${((Date.now() - t0) / 1000).toFixed(1)} s; ${ROUNDS} interleaved rounds per concurrency\n`);

  const rows: Record<string, unknown>[] = [];
  for (const c of CONCURRENCY) {
    const acc = scenarios.map(() => ({ rps: [] as number[], latencies: [] as number[], d1Calls: [] as number[], cpu: {} as Record<string, number> }));
    for (let r = 0; r < ROUNDS; r++) {
      for (const [i, s] of scenarios.entries()) {
        const requests = Array.from({ length: perRound(c) }, s.make);
        const cpu0 = groupCpuByCommand(wrangler!.child.pid!);
        const client0 = process.cpuUsage();
        const res = await drive(requests, c);
        const client = process.cpuUsage(client0);
        const cpu1 = groupCpuByCommand(wrangler!.child.pid!);
        for (const [comm, ms] of cpu1) acc[i]!.cpu[comm] = (acc[i]!.cpu[comm] ?? 0) + (ms - (cpu0.get(comm) ?? 0)) / requests.length / ROUNDS;
        acc[i]!.cpu.client = (acc[i]!.cpu.client ?? 0) + (client.user + client.system) / 1000 / requests.length / ROUNDS;
        acc[i]!.rps.push(res.rps);
        acc[i]!.latencies.push(...res.latencies);
        acc[i]!.d1Calls.push(...res.d1Calls);
      }
      console.log(`  concurrency ${c}, round ${r + 1}: ${scenarios.map((s, i) => `${s.name} ${acc[i]!.rps.at(-1)!.toFixed(0)}`).join("; ")} req/s`);
    }
    const noopRps = median(acc[0]!.rps);
    for (const [i, s] of scenarios.entries()) {
      const a = acc[i]!;
      rows.push({
        concurrency: c,
        scenario: s.name,
        requests: a.latencies.length,
        rps: median(a.rps),
        rpsRounds: a.rps.map((x) => +x.toFixed(1)),
        p50: percentile(a.latencies, 0.5),
        p95: percentile(a.latencies, 0.95),
        p99: percentile(a.latencies, 0.99),
        d1CallsPerRequest: a.d1Calls.reduce((x, y) => x + y, 0) / a.d1Calls.length,
        vsNoop: median(a.rps) / noopRps,
        cpuMsPerRequest: Object.fromEntries(Object.entries(a.cpu).map(([k, v]) => [k, +v.toFixed(3)])),
      });
    }
  }
  console.log(
    table(
      ["concurrency", "scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "D1 calls/req", "vs no-op", "CPU ms/req workerd · wrangler · client"],
      rows.map((r) => {
        const cpu = r.cpuMsPerRequest as Record<string, number>;
        return [r.concurrency as number, r.scenario as string, fmt(r.rps as number), fmt(r.p50 as number), fmt(r.p95 as number), fmt(r.p99 as number), (r.d1CallsPerRequest as number).toFixed(2), ratio(r.vsNoop as number), [cpu.workerd ?? 0, cpu.node ?? 0, cpu.client ?? 0].map((x) => x.toFixed(2)).join(" · ")];
      }),
    ),
  );
  const at8 = rows.filter((r) => r.concurrency === 8 && r.scenario !== scenarios[0]!.name);
  if (at8.length > 0) {
    const worst = Math.min(...at8.map((r) => r.vsNoop as number));
    console.log(`\ntarget: signed ingest ≥ 0.6 of the no-op route's req/s at concurrency 8 → lowest ${worst.toFixed(2)} (${worst >= 0.6 ? "met" : "NOT met"} for every scenario; see the table per scenario)`);
  }
  console.log(`results: ${writeResult("ingest", { rounds: ROUNDS, rows })}; total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

await runMain("bench:ingest", main, async () => {
  await wrangler?.stop();
  wrangler = undefined;
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  stateDir = undefined;
}, 540_000);
