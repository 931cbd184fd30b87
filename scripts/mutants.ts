/**
 * Curated mutation testing (`npm run test:mutants`): deliberate bugs from
 * scripts/mutants/mutants.json, each of which the listed test files must kill.
 *
 * Mutant switching, so the Workers pool starts once (its start-up dominates a run):
 * 1. every mutant's `find` text must occur exactly once in its file (else the run fails:
 *    the list follows the code);
 * 2. a copy of the project is made under .mutants/ with each edit compiled in behind a
 *    switch, `globalThis.__MUTANT__ === "<id>" ? (replace) : (find)` (or an if/else for
 *    kind "statement"), so with no mutant selected the copy is the original code;
 * 3. for every (mutant, test file) pair a describe block selects the mutant, then imports
 *    its own copy of the real test file; a baseline block per test file selects none. The
 *    blocks go into one generated file per vitest process (the pool's start-up is paid per
 *    file);
 * 4. MUTANT_JOBS vitest processes (default 2), one shard file each;
 * 5. a mutant is killed when at least one of its files has a failing test. Every baseline
 *    file must pass and every generated file must have run tests.
 * Prints the mutation score; exits non-zero if a mutant survives or anything is off.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { copyProject } from "./mutants/project-copy";

interface Edit {
  file: string;
  find: string;
  replace: string;
  /** "expression" (default): `find` is a whole expression. "statement": whole statement(s). */
  kind?: "expression" | "statement";
}
interface Mutant {
  id: string;
  /** The bug this mutant stands for. */
  why: string;
  tests: string[];
  edits?: Edit[];
  file?: string;
  find?: string;
  replace?: string;
  kind?: "expression" | "statement";
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const work = join(root, ".mutants");
const GENERATED = "apps/platform/test/mutants-generated";
const started = Date.now();

function fail(message: string): never {
  console.error(`mutants: ${message}`);
  process.exit(1);
}

const listFile = join(root, "scripts/mutants/mutants.json");
const mutants = (JSON.parse(readFileSync(listFile, "utf8")) as { mutants: Mutant[] }).mutants;
const only = process.env.MUTANTS_ONLY?.split(",").filter(Boolean);
const selected = only ? mutants.filter((m) => only.includes(m.id)) : mutants;
if (selected.length === 0) fail("no mutants selected");

const editsOf = (m: Mutant): Edit[] => m.edits ?? [{ file: m.file!, find: m.find!, replace: m.replace!, kind: m.kind }];

// 1. Validate the list against the code.
const problems: string[] = [];
const ids = new Set<string>();
for (const m of mutants) {
  if (!/^[a-z0-9-]+$/.test(m.id)) problems.push(`${m.id}: id must be [a-z0-9-]+`);
  if (ids.has(m.id)) problems.push(`${m.id}: duplicate id`);
  ids.add(m.id);
  if (!m.tests?.length) problems.push(`${m.id}: no test files`);
  for (const t of m.tests ?? []) if (!existsSync(join(root, t))) problems.push(`${m.id}: test file ${t} does not exist`);
  for (const e of editsOf(m)) {
    if (!e.file || e.find === undefined || e.replace === undefined) {
      problems.push(`${m.id}: an edit needs file, find and replace`);
      continue;
    }
    const path = join(root, e.file);
    if (!existsSync(path)) {
      problems.push(`${m.id}: ${e.file} does not exist`);
      continue;
    }
    const count = readFileSync(path, "utf8").split(e.find).length - 1;
    if (count !== 1) problems.push(`${m.id}: text to mutate found ${count} times in ${e.file} (must be exactly once): ${JSON.stringify(e.find.slice(0, 80))}`);
  }
}
if (problems.length > 0) fail(`the mutant list no longer matches the code:\n  ${problems.join("\n  ")}`);

// 2. The switched copy.
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
copyProject(root, work, (p) => p.includes(GENERATED));

const SWITCH = "(globalThis as { __MUTANT__?: string }).__MUTANT__";
interface Span {
  start: number;
  end: number;
  kind: "expression" | "statement";
  variants: { id: string; replace: string }[];
}
const byFile = new Map<string, Span[]>();
for (const m of selected) {
  for (const e of editsOf(m)) {
    const text = readFileSync(join(root, e.file), "utf8");
    const start = text.indexOf(e.find);
    const spans = byFile.get(e.file) ?? [];
    const same = spans.find((s) => s.start === start && s.end === start + e.find.length);
    if (same) {
      if (same.kind !== (e.kind ?? "expression")) fail(`${m.id}: same text as another mutant but another kind`);
      same.variants.push({ id: m.id, replace: e.replace });
    } else {
      const overlap = spans.find((s) => start < s.end && s.start < start + e.find.length);
      if (overlap) fail(`${m.id}: its text in ${e.file} overlaps mutant ${overlap.variants[0]!.id}'s; use the same text or a disjoint one`);
      spans.push({ start, end: start + e.find.length, kind: e.kind ?? "expression", variants: [{ id: m.id, replace: e.replace }] });
    }
    byFile.set(e.file, spans);
  }
}
for (const [file, spans] of byFile) {
  let text = readFileSync(join(root, file), "utf8");
  for (const s of [...spans].sort((a, b) => b.start - a.start)) {
    const original = text.slice(s.start, s.end);
    const switched =
      s.kind === "expression"
        ? `(${s.variants.map((v) => `${SWITCH} === ${JSON.stringify(v.id)} ? (${v.replace}) : `).join("")}(${original}))`
        : `${s.variants.map((v) => `if (${SWITCH} === ${JSON.stringify(v.id)}) { ${v.replace} } else `).join("")}{ ${original} }`;
    text = text.slice(0, s.start) + switched + text.slice(s.end);
  }
  writeFileSync(join(work, file), text);
}

// A switch that does not parse would fail every run and "kill" every mutant: refuse it here.
const ts = (await import("typescript")).default;
for (const [file, spans] of byFile) {
  const out = ts.transpileModule(readFileSync(join(work, file), "utf8"), { fileName: file, reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
  if (out.diagnostics?.length) {
    const ids = spans.flatMap((sp) => sp.variants.map((v) => v.id)).join(", ");
    fail(`the switched ${file} does not parse (mutants ${ids}): ${ts.flattenDiagnosticMessageText(out.diagnostics[0]!.messageText, " ")}`);
  }
}

// 3. Generated test files. The Workers pool pays its start-up per test FILE, so each vitest
// process gets ONE file in which every (mutant, test file) pair is a describe block that
// selects the mutant and imports its own copy of the test file (`?mutant=` makes it another
// module). Baselines (no mutant) come first.
const genDir = join(work, GENERATED);
mkdirSync(genDir, { recursive: true });
interface Run {
  title: string;
  mutant: string | null;
  test: string;
  /** Rough cost, to balance the shards. */
  weight: number;
}
const WEIGHTS: Record<string, number> = { "refused-log.test.ts": 10, "ingest-auth.test.ts": 3, "guards.test.ts": 2, "ingest-semantics.test.ts": 2, "races.test.ts": 2 };
const runs: Run[] = [];
const testFiles = [...new Set(selected.flatMap((m) => m.tests))];
for (const t of testFiles) runs.push({ title: `baseline :: ${t}`, mutant: null, test: t, weight: WEIGHTS[basename(t)] ?? 1 });
for (const m of selected) for (const t of m.tests) runs.push({ title: `mutant ${m.id} :: ${t}`, mutant: m.id, test: t, weight: WEIGHTS[basename(t)] ?? 1 });

const jobs = Math.max(1, Math.min(Number(process.env.MUTANT_JOBS ?? 2), runs.length));
const shards: Run[][] = Array.from({ length: jobs }, () => []);
const load = Array(jobs).fill(0) as number[];
// Baselines first in every shard (they keep their order), then the heaviest runs to the lightest shard.
for (const run of [...runs.filter((r) => !r.mutant), ...runs.filter((r) => r.mutant).sort((x, y) => y.weight - x.weight)]) {
  const i = load.indexOf(Math.min(...load));
  shards[i]!.push(run);
  load[i]! += run.weight;
}
const shardFiles = shards.map((list, i) => {
  const file = join(genDir, `shard-${i + 1}.test.ts`);
  const blocks = list.map((run) => {
    const target = relative(genDir, join(work, run.test)).replaceAll("\\", "/");
    const id = JSON.stringify(run.mutant ?? "");
    return `describe(${JSON.stringify(run.title)}, async () => {
  g.__MUTANT__ = ${id};
  beforeAll(() => {
    g.__MUTANT__ = ${id};
  });
  await import(${JSON.stringify(`${target}?mutant=${encodeURIComponent(run.mutant ?? "baseline")}`)});
});`;
  });
  writeFileSync(file, `import { beforeAll, describe } from "vitest";\nconst g = globalThis as { __MUTANT__?: string };\n${blocks.join("\n")}\n`);
  return relative(work, file).replaceAll("\\", "/");
});

// 4. One vitest process per shard file.
function vitest(shard: number): Promise<{ code: number; report: string }> {
  const report = join(work, `.results-${shard}.json`);
  const args = ["vitest", "run", shardFiles[shard - 1]!, "--project", "platform", "--reporter=json", `--outputFile=${report}`, "--testTimeout=120000"];
  return new Promise((done) => {
    const child = spawn("npx", args, { cwd: work, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-20_000)));
    child.on("close", (code) => {
      if (!existsSync(report)) console.error(err);
      done({ code: code ?? 1, report });
    });
  });
}
console.log(`mutants: ${selected.length} mutants, ${runs.length} test-file runs (${testFiles.length} baselines), ${jobs} vitest process(es)`);
const results = await Promise.all(Array.from({ length: jobs }, (_, i) => vitest(i + 1)));

// 5. Verdicts, per describe block.
interface Assertion {
  status: string;
  ancestorTitles: string[];
  fullName: string;
}
interface FileResult {
  name: string;
  status: string;
  assertionResults: Assertion[];
  message?: string;
}
const byTitle = new Map<string, Assertion[]>();
const fileErrors: string[] = [];
for (const r of results) {
  if (!existsSync(r.report)) fail(`vitest wrote no report (exit ${r.code})`);
  const json = JSON.parse(readFileSync(r.report, "utf8")) as { testResults: FileResult[] };
  for (const f of json.testResults) {
    if (f.status === "failed" && f.message) fileErrors.push(`${basename(f.name)}: ${f.message.slice(0, 500)}`);
    for (const a of f.assertionResults) {
      const title = a.ancestorTitles[0] ?? "";
      byTitle.set(title, [...(byTitle.get(title) ?? []), a]);
    }
  }
}
const errors: string[] = [...fileErrors];
const outcome = (run: Run) => {
  const mine = byTitle.get(run.title) ?? [];
  const failures = mine.filter((a) => a.status === "failed").map((a) => a.fullName);
  return { ran: mine.filter((a) => a.status === "passed" || a.status === "failed").length, failed: failures.length, failures };
};
for (const run of runs.filter((r) => r.mutant === null)) {
  const o = outcome(run);
  if (o.failed > 0 || o.ran === 0) errors.push(`baseline ${run.test} ${o.ran === 0 ? "ran no test" : `fails without any mutant: ${o.failures.slice(0, 3).join("; ")}`}`);
}
let killed = 0;
const survivors: Mutant[] = [];
for (const m of selected) {
  const mine = runs.filter((r) => r.mutant === m.id).map((r) => ({ run: r, o: outcome(r) }));
  for (const { run, o } of mine) if (o.ran === 0) errors.push(`${m.id}: ${run.test} ran no test`);
  const killers = mine.filter(({ o }) => o.failed > 0);
  if (killers.length > 0) {
    killed++;
    console.log(`  killed   ${m.id}  by ${killers.map(({ run, o }) => `${basename(run.test)} (${o.failed})`).join(", ")}`);
  } else {
    survivors.push(m);
    console.log(`  SURVIVED ${m.id}  — ${m.why}`);
  }
}
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(`mutation score: ${killed}/${selected.length} killed (${((100 * killed) / selected.length).toFixed(1)}%) in ${seconds} s`);
if (errors.length > 0) console.error(`mutants: run problems:\n  ${errors.join("\n  ")}`);
if (survivors.length > 0 || errors.length > 0) process.exit(1);
if (!process.env.MUTANTS_KEEP) rmSync(work, { recursive: true, force: true });
