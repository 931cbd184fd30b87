/**
 * `npm run bench:search`: console search latency against a local `wrangler dev` whose D1 holds
 * the catalog of `npm run seed` (1 000 000 programs, 100 000 series by default).
 *
 * Measures p50/p95 over HTTP (login once, then sequential GETs) of 1-, 2- and 3-character
 * Chinese queries and a filtered list, on programs and on series, next to a baseline measured
 * in the same run: the unfiltered newest-first list (no search work at all). Ratios are printed,
 * since this machine is shared and absolute figures move.
 *
 *   npm run seed -- --programs 1000000 --persist-to .wrangler/bench-search   # once (~3–5 min)
 *   npm run bench:search                                                     # ~1–2 min
 *
 * Env: BENCH_STATE (default .wrangler/bench-search), BENCH_PORT (8712), BENCH_INSPECTOR_PORT (9212),
 * BENCH_RUNS (samples per case, default 60).
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { startWrangler, waitForPlatform } from "../../scripts/lib/local-platform";

const STATE = process.env.BENCH_STATE ?? ".wrangler/bench-search";
const PORT = Number(process.env.BENCH_PORT ?? 8712);
const INSPECTOR = Number(process.env.BENCH_INSPECTOR_PORT ?? 9212);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const BASE = `http://127.0.0.1:${PORT}`;

interface Case {
  name: string;
  /** Query strings cycled through (several words per length, common and rare). */
  queries: string[];
}

const CASES: Case[] = [
  { name: "baseline: newest first, no filter", queries: [""] },
  { name: "q 1 char", queries: ["q=梦", "q=传", "q=甄", "q=龙", "q=春"] },
  { name: "q 2 chars", queries: ["q=甄嬛", "q=西游", "q=长安", "q=繁花", "q=江湖"] },
  { name: "q 3 chars", queries: ["q=甄嬛传", "q=西游记", "q=红楼梦", "q=山海情", "q=琅琊榜"] },
  { name: "filtered list", queries: ["category=电视剧&definition=HD&status=online", "category=电影&area=中国香港", "groupId=seed-iqiyi&paid=1", "category=综艺&status=offline"] },
  { name: "q 2 chars + filters", queries: ["q=西游&category=电视剧&status=online", "q=长安&definition=HD", "q=江湖&groupId=seed-youku"] },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  if (!existsSync(STATE)) throw new Error(`no seeded state at ${STATE}: run npm run seed -- --programs 1000000 --persist-to ${STATE}`);
  const password = randomBytes(12).toString("base64url");
  const wrangler = startWrangler([
    "--port", String(PORT),
    "--inspector-port", String(INSPECTOR),
    "--ip", "127.0.0.1",
    "--persist-to", STATE,
    "--var", "ADMIN_USERNAME:bench",
    "--var", `ADMIN_PASSWORD:${password}`,
  ]);
  try {
    await waitForPlatform(BASE, 120_000);
    const login = await fetch(`${BASE}/admin/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": "127.0.0.1" },
      body: JSON.stringify({ username: "bench", password }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie: (login.headers.get("set-cookie") ?? "").split(";")[0]!, "x-csrf-token": csrfToken };

    const get = async (path: string) => {
      const t0 = performance.now();
      const res = await fetch(`${BASE}/admin/api${path}`, { headers });
      const body = (await res.json()) as { items?: unknown[]; total?: number; totalIsEstimate?: boolean };
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
      return { ms, body };
    };

    const count = await get("/programs?limit=1");
    const seriesCount = await get("/series?limit=1");
    console.log(`[bench:search] catalog: programs ${count.body.total}${count.body.totalIsEstimate ? "+" : ""}, series ${seriesCount.body.total}${seriesCount.body.totalIsEstimate ? "+" : ""} (totals capped at 10000)`);

    const rows: { kind: string; name: string; p50: number; p95: number; hits: string }[] = [];
    for (const kind of ["programs", "series"]) {
      for (const c of CASES) {
        // Warm-up: one of each query.
        for (const q of c.queries) await get(`/${kind}?limit=50&${q}`);
        const samples: number[] = [];
        const hits = new Map<string, string>();
        for (let i = 0; i < RUNS; i++) {
          const q = c.queries[i % c.queries.length]!;
          const { ms, body } = await get(`/${kind}?limit=50&${q}`);
          samples.push(ms);
          hits.set(q, `${body.total}${body.totalIsEstimate ? "+" : ""}`);
        }
        samples.sort((a, b) => a - b);
        rows.push({ kind, name: c.name, p50: percentile(samples, 50), p95: percentile(samples, 95), hits: [...hits.values()].join("/") });
      }
    }
    for (const kind of ["programs", "series"]) {
      const base = rows.find((r) => r.kind === kind && r.name.startsWith("baseline"))!;
      console.log(`\n${kind} (${RUNS} requests per case, limit 50)`);
      console.log(`${"case".padEnd(36)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p95/base".padStart(9)}  totals`);
      for (const r of rows.filter((x) => x.kind === kind)) {
        console.log(`${r.name.padEnd(36)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${(r.p95 / base.p95).toFixed(2).padStart(9)}  ${r.hits}`);
      }
    }
    const worst = Math.max(...rows.filter((r) => !r.name.startsWith("baseline")).map((r) => r.p95));
    console.log(`\nworst p95 of the search cases: ${worst.toFixed(1)} ms (target ≤ 50 ms)`);
  } finally {
    await wrangler.stop();
  }
}

main().catch((err: unknown) => {
  console.error("[bench:search]", err instanceof Error ? err.message : err);
  process.exit(1);
});
