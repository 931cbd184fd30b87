/**
 * `npm run bench`: every benchmark, one after the other, then one summary JSON in bench/results/.
 * The list below runs first, in this order; any other `bench/<name>/run.ts|mjs` that exists
 * (e.g. `bench/takedown/run.ts`, `bench/search/run.ts` of other branches) joins after them, so
 * a new benchmark only needs that file and its `bench:<name>` npm script. A failed benchmark
 * fails the suite (after the others have run).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { machine, RESULTS_DIR, ROOT, writeResult } from "./lib/common";

const ORDER = ["crypto", "cpu", "ingest"];

function discover(): { name: string; file: string }[] {
  const dirs = readdirSync(join(ROOT, "bench"), { withFileTypes: true }).filter((d) => d.isDirectory() && !["lib", "results"].includes(d.name));
  const found = dirs
    .map((d) => ["run.ts", "run.mjs"].map((f) => join("bench", d.name, f)).find((f) => existsSync(join(ROOT, f))))
    .map((file, i) => ({ name: dirs[i]!.name, file }))
    .filter((x): x is { name: string; file: string } => x.file !== undefined);
  return found.sort((a, b) => (ORDER.indexOf(a.name) + 1 || 99) - (ORDER.indexOf(b.name) + 1 || 99) || a.name.localeCompare(b.name));
}

const only = process.argv.slice(2);
const t0 = Date.now();
const outcome: Record<string, { ok: boolean; seconds: number }> = {};
console.log(`bench suite on ${JSON.stringify(machine())}`);
console.log("Note: absolute figures on a shared machine move with its load; the ratios against the baselines measured in the same run are what to compare.\n");
for (const { name, file } of discover()) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n=== bench:${name} (${file}) ===`);
  const started = Date.now();
  const r = spawnSync("npx", ["tsx", file], { cwd: ROOT, stdio: "inherit" });
  outcome[name] = { ok: r.status === 0, seconds: Math.round((Date.now() - started) / 1000) };
}
const latest = (name: string) => {
  try {
    return JSON.parse(readFileSync(join(RESULTS_DIR, `${name}-latest.json`), "utf8")) as unknown;
  } catch {
    return null;
  }
};
const file = writeResult("suite", { outcome, totalSeconds: Math.round((Date.now() - t0) / 1000), results: Object.fromEntries(Object.keys(outcome).map((n) => [n, latest(n)])) });
console.log(`\n=== suite: ${Object.entries(outcome).map(([n, o]) => `${n} ${o.ok ? "ok" : "FAILED"} (${o.seconds} s)`).join(", ")}; total ${Math.round((Date.now() - t0) / 1000)} s; ${file}`);
process.exit(Object.values(outcome).every((o) => o.ok) ? 0 : 1);
