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
 * A second table runs the same search code (src/catalog/search.ts) in-process on the same SQLite
 * file through a minimal D1 shim over node:sqlite: the database work alone, without workerd,
 * HTTP and the shared machine's scheduling.
 *
 * Without a seeded state (a fresh clone, `npm run bench`), it seeds BENCH_SEARCH_PROGRAMS (default
 * 200 000) programs into .wrangler/bench-search-<N> first (~1 min), so the whole suite stays
 * within ten minutes; the million-program figures need the explicit seed above.
 *
 * Env: BENCH_STATE (default .wrangler/bench-search), BENCH_PORT (8712), BENCH_INSPECTOR_PORT (9212),
 * BENCH_RUNS (samples per case, default 60), BENCH_SQL_ONLY=1 (only the in-process table).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { startWrangler, waitForPlatform } from "@gyt345/testkit/local-platform";
import type { Db } from "@gyt345/platform/catalog/db";
import { searchContent, type SearchKind } from "@gyt345/platform/catalog/search";

let STATE = process.env.BENCH_STATE ?? ".wrangler/bench-search";
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

/** Just enough of D1 (prepare/bind/first/all/batch) over node:sqlite to run the catalog's queries. */
function d1Shim(file: string): Db {
  const db = new DatabaseSync(file, { readOnly: true });
  const statement = (sql: string, params: unknown[] = []) => {
    const s = db.prepare(sql);
    const args = params as (string | number | null)[];
    return {
      bind: (...p: unknown[]) => statement(sql, p),
      first: async () => (s.get(...args) as unknown) ?? null,
      all: async () => ({ results: s.all(...args) }),
      run: () => ({ results: s.all(...args) }),
    };
  };
  const client = { prepare: (sql: string) => statement(sql), batch: async (list: { run: () => unknown }[]) => list.map((x) => x.run()) };
  return { $client: client } as unknown as Db;
}

function d1File(): string {
  const dir = join(STATE, "v3", "d1", "miniflare-D1DatabaseObject");
  const file = readdirSync(dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (!file) throw new Error(`no D1 file under ${dir}`);
  return join(dir, file);
}

/** Parses a case's query string into searchContent's query. */
function toQuery(qs: string) {
  const p = new URLSearchParams(qs);
  const get = (k: string) => p.get(k) ?? undefined;
  return {
    q: get("q"),
    groupId: get("groupId"),
    category: get("category"),
    area: get("area"),
    definition: get("definition"),
    status: get("status"),
    paid: p.has("paid") ? Number(p.get("paid")) : undefined,
    sort: "updated" as const,
    order: "desc" as const,
    limit: 50,
  };
}

async function inProcess(): Promise<void> {
  const db = d1Shim(d1File());
  for (const kind of ["programs", "series"] as SearchKind[]) {
    console.log(`\n${kind}, in-process SQL only (same search code on node:sqlite, ${RUNS} runs per case)`);
    console.log(`${"case".padEnd(36)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}`);
    let base = 0;
    for (const c of CASES) {
      for (const q of c.queries) await searchContent(db, kind, toQuery(q));
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await searchContent(db, kind, toQuery(c.queries[i % c.queries.length]!));
        samples.push(performance.now() - t0);
      }
      samples.sort((a, b) => a - b);
      if (c === CASES[0]) base = percentile(samples, 95);
      console.log(`${c.name.padEnd(36)} ${percentile(samples, 50).toFixed(2).padStart(8)} ${percentile(samples, 95).toFixed(2).padStart(8)}  (p95/base ${(percentile(samples, 95) / base).toFixed(2)})`);
    }
  }
}

async function main(): Promise<void> {
  if (!existsSync(STATE) && !process.env.BENCH_STATE) {
    const programs = Number(process.env.BENCH_SEARCH_PROGRAMS ?? 200_000);
    STATE = `.wrangler/bench-search-${programs}`;
    if (!existsSync(join(STATE, "v3"))) {
      console.log(`[bench:search] no seeded catalog at .wrangler/bench-search: seeding ${programs} programs into ${STATE} (for 1 M: npm run seed -- --programs 1000000 --persist-to .wrangler/bench-search)`);
      const r = spawnSync("npx", ["tsx", "scripts/seed.ts", "--programs", String(programs), "--persist-to", STATE], { stdio: "inherit" });
      if (r.status !== 0) throw new Error("seeding failed");
    }
  }
  if (!existsSync(STATE)) throw new Error(`no seeded state at ${STATE}: run npm run seed -- --programs 1000000 --persist-to ${STATE}`);
  if (process.env.BENCH_SQL_ONLY === "1") return inProcess();
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

    // The floor of any admin call here: the session check and one tiny JSON answer.
    const floor: number[] = [];
    for (let i = 0; i < RUNS; i++) floor.push((await get("/session")).ms);
    floor.sort((a, b) => a - b);
    console.log(`[bench:search] floor (GET /session, no catalog work): p50 ${percentile(floor, 50).toFixed(1)} ms, p95 ${percentile(floor, 95).toFixed(1)} ms`);

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
    console.log(`\nworst p95 of the search cases over HTTP: ${worst.toFixed(1)} ms (target ≤ 50 ms)`);
  } finally {
    await wrangler.stop();
  }
  await inProcess();
}

main().catch((err: unknown) => {
  console.error("[bench:search]", err instanceof Error ? err.message : err);
  process.exit(1);
});
