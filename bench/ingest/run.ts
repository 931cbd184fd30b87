/**
 * `npm run bench:ingest`: signed-ingest throughput against a local `wrangler dev`, next to
 * an unsigned no-op route measured in the same run (ratios matter; this machine is noisy).
 * Requests are signed before the clock starts, so the client's own signing is not measured.
 */
import { rmSync } from "node:fs";
import { signBody, signRequest, type SigningCredential } from "../../src/crypto";
import { applyLocalMigrations, ensureDevVars, seedDemo, startWrangler, waitForPlatform } from "../../scripts/lib/local-platform";

const PORT = Number(process.env.BENCH_PORT ?? 8799);
const BASE = `http://127.0.0.1:${PORT}`;
const STATE = ".wrangler/bench-state";
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

interface Prepared {
  url: string;
  body: string;
}

function program(groupId: string, i: number) {
  const programId = `B-${Date.now().toString(36)}-${i}`;
  return {
    msgId: `bench-${programId}`,
    msgType: 200,
    msgTime: Date.now(),
    msgData: {
      programId,
      title: `压测节目 ${i}`,
      category: "电视剧",
      definition: "HD",
      status: "online",
      playInfos: [{ videoId: `${programId}-HD`, definition: "HD", playUrl: `https://cdn.example.com/${groupId}/${programId}.m3u8` }],
    },
  };
}

function series(i: number, episodes: number) {
  const seriesId = `BS-${Date.now().toString(36)}-${i}`;
  return {
    msgId: `bench-${seriesId}`,
    msgType: 100,
    msgTime: Date.now(),
    msgData: {
      seriesId,
      title: `压测节目集 ${i}`,
      vImageUrl: "https://img.example.com/v.jpg",
      category: "电视剧",
      year: "2024",
      definition: "HD",
      completed: "false",
      status: "online",
      seriesPrograms: Array.from({ length: episodes }, (_, n) => ({
        programId: `${seriesId}-E${n + 1}`,
        seriesId,
        title: `第${n + 1}集`,
        programType: "正片",
        seq: n + 1,
        status: "online",
      })),
    },
  };
}

function prepare(groupId: string, credential: SigningCredential, path: string, message: Record<string, unknown>): Prepared {
  const body = JSON.stringify(signBody(credential, message));
  const nonce = crypto.randomUUID().replaceAll("-", "");
  const { query } = signRequest(credential, { path, groupId, nonce, ts: String(Date.now()), body });
  return { url: `${BASE}${path}?${query}`, body };
}

/** Sends every request with at most CONCURRENCY in flight; returns requests/s and failures. */
async function drive(requests: Prepared[]): Promise<{ rps: number; failures: number; p50: number; p95: number }> {
  let next = 0;
  let failures = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const r = requests[next++]!;
        const t0 = performance.now();
        const res = await fetch(r.url, { method: "POST", headers: { "content-type": "application/json" }, body: r.body });
        const answer = (await res.json()) as { code?: string; ok?: boolean };
        latencies.push(performance.now() - t0);
        if (res.status !== 200 || (answer.code !== undefined && answer.code !== "ok")) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { rps: requests.length / seconds, failures, p50: q(0.5), p95: q(0.95) };
}

async function main(): Promise<void> {
  rmSync(STATE, { recursive: true, force: true });
  const vars = ensureDevVars();
  applyLocalMigrations(["--persist-to", STATE]);
  const wrangler = startWrangler(["--port", String(PORT), "--ip", "127.0.0.1", "--persist-to", STATE], "ignore");
  try {
    await waitForPlatform(BASE, 90_000);
    const cps = await seedDemo(BASE, vars, `${STATE}/cp.json`);
    const sm2 = cps.find((c) => c.mode === "sm2")!;
    const mac = cps.find((c) => c.mode === "mac")!;
    // Warm up the isolate (module init, key precomputation) outside the measurement.
    await drive(Array.from({ length: 20 }, (_, i) => prepare(sm2.groupId, sm2.credential, "/api/v1/programs/inject", program(sm2.groupId, 100_000 + i))));

    const noop = () => Array.from({ length: REQUESTS }, () => ({ url: `${BASE}/healthz`, body: JSON.stringify(program("noop", 0)) }));
    const scenarios: [string, () => Prepared[]][] = [
      ["no-op route (unsigned)", noop],
      ["program inject, sm2", () => Array.from({ length: REQUESTS }, (_, i) => prepare(sm2.groupId, sm2.credential, "/api/v1/programs/inject", program(sm2.groupId, i)))],
      ["program inject, mac", () => Array.from({ length: REQUESTS }, (_, i) => prepare(mac.groupId, mac.credential, "/api/v1/programs/inject", program(mac.groupId, i)))],
      ["series inject + 20 episodes, sm2", () => Array.from({ length: REQUESTS / 2 }, (_, i) => prepare(sm2.groupId, sm2.credential, "/api/v1/series/inject", series(i, 20)))],
    ];
    console.log(`signed ingest against wrangler dev (${REQUESTS} requests per row, concurrency ${CONCURRENCY})`);
    console.log("scenario                              req/s   p50 ms   p95 ms  failures  vs no-op");
    let baseline = 0;
    for (const [name, make] of scenarios) {
      const requests = make();
      const r = await drive(requests);
      if (baseline === 0) baseline = r.rps;
      console.log(`${name.padEnd(36)} ${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${String(r.failures).padStart(9)}   ${(r.rps / baseline).toFixed(2)}×`);
    }
  } finally {
    await wrangler.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error("[bench:ingest]", err);
    process.exit(1);
  },
);
