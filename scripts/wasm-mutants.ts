/**
 * Mutants of the WebAssembly source (src/crypto/wasm/sm.c), run by `npm run test:mutants` after
 * the TypeScript ones. scripts/mutants.ts switches mutants at run time inside one isolate, which
 * a compiled module cannot do, so here every mutant gets its own copy of the project under
 * .mutants-wasm/, its own clang build (scripts/build-wasm.sh) and its own vitest process. The
 * unmodified copy must pass first; a mutant is killed when a listed test fails. Exits non-zero
 * on a survivor, a stale `find`, or a build failure.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { copyProject } from "./mutants/project-copy";

interface WasmMutant {
  id: string;
  why: string;
  tests: string[];
  find: string;
  replace: string;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const work = join(root, ".mutants-wasm");
const SOURCE = "packages/protocol/src/crypto/wasm/sm.c";
const started = Date.now();
const { mutants } = JSON.parse(readFileSync(join(root, "scripts/mutants/wasm-mutants.json"), "utf8")) as { mutants: WasmMutant[] };
const original = readFileSync(join(root, SOURCE), "utf8");

function fail(message: string): never {
  console.error(`wasm mutants: ${message}`);
  process.exit(1);
}

for (const m of mutants) {
  const count = original.split(m.find).length - 1;
  if (count !== 1) fail(`${m.id}: text to mutate found ${count} times in ${SOURCE} (must be exactly once): ${JSON.stringify(m.find.slice(0, 80))}`);
  for (const t of m.tests) if (!existsSync(join(root, t))) fail(`${m.id}: test file ${t} does not exist`);
}

/** Builds a copy with `source` as sm.c and runs `tests`; returns how many tests ran and failed. */
function run(name: string, source: string, tests: string[]): { ran: number; failed: number } {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyProject(root, dir);
  writeFileSync(join(dir, SOURCE), source);
  const build = spawnSync("bash", ["packages/protocol/scripts/build-wasm.sh"], { cwd: dir, encoding: "utf8" });
  if (build.status !== 0) fail(`${name}: the build failed: ${build.stderr.slice(-1000)}`);
  const report = join(dir, "results.json");
  spawnSync("npx", ["vitest", "run", ...tests, "--reporter=json", `--outputFile=${report}`], { cwd: dir, stdio: "ignore", env: { ...process.env, NO_COLOR: "1" } });
  if (!existsSync(report)) fail(`${name}: vitest wrote no report`);
  const json = JSON.parse(readFileSync(report, "utf8")) as { numTotalTests: number; numFailedTests: number; numPassedTests: number };
  return { ran: json.numPassedTests + json.numFailedTests, failed: json.numFailedTests };
}

const allTests = [...new Set(mutants.flatMap((m) => m.tests))];
const baseline = run("baseline", original, allTests);
if (baseline.ran === 0 || baseline.failed > 0) fail(`the unmodified copy does not pass (${baseline.failed} of ${baseline.ran} failed)`);
let killed = 0;
for (const m of mutants) {
  const r = run(m.id, original.replace(m.find, m.replace), m.tests);
  if (r.ran === 0) fail(`${m.id}: no test ran`);
  if (r.failed > 0) {
    killed++;
    console.log(`  killed   ${m.id}  (${r.failed} of ${r.ran} tests failed)`);
  } else {
    console.log(`  SURVIVED ${m.id}  — ${m.why}`);
  }
}
console.log(`wasm mutation score: ${killed}/${mutants.length} killed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (!process.env.MUTANTS_KEEP) rmSync(work, { recursive: true, force: true });
if (killed < mutants.length) process.exit(1);
