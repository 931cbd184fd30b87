// npm run bench:crypto — times src/crypto against sm-crypto 0.5 inside workerd (wrangler dev).
// Each measurement is the wall time of a request running N iterations minus that of a no-op request,
// because Date.now() inside workerd does not advance during CPU work. Several rounds, median.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { tmpdir } from "node:os";
import { mkdtempSync, rmSync } from "node:fs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const ROUNDS = 7;
const TARGET_MS = 250; // per timed request: long enough to dwarf the ~1 ms request overhead
const DEADLINE_MS = 150_000;
const OPS = [
  ["sm2-verify", "SM2 verify (key not cached)"],
  ["sm2-verify-precomputed", "SM2 verify, precomputed key"],
  ["sm2-sign", "SM2 sign"],
  ["sm3-1k", "SM3 1 KiB"],
  ["mac-1k", "MAC 1 KiB"],
];
const LIBS = ["ours", "baseline"];

let child;
let persistDir;
let log = "";

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const running = () => child && child.exitCode === null && child.signalCode === null;

function signalGroup(sig) {
  try {
    process.kill(-child.pid, sig); // the group of the process we spawned (detached): wrangler + its workerd
  } catch {}
}

/** Stops the wrangler process group we started, and only that; SIGKILL if it lingers. */
async function stopWrangler() {
  if (!running()) return;
  const exited = new Promise((r) => child.once("exit", r));
  const wait = (ms) => Promise.race([exited, new Promise((r) => setTimeout(r, ms))]);
  signalGroup("SIGTERM");
  await wait(5000);
  if (running()) {
    signalGroup("SIGKILL");
    await wait(2000);
  }
}

async function cleanup() {
  await stopWrangler();
  if (persistDir) rmSync(persistDir, { recursive: true, force: true });
  persistDir = undefined;
}

// Last resort if the script dies some other way: synchronous, so no waiting.
process.on("exit", () => running() && signalGroup("SIGKILL"));
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, async () => {
    await cleanup();
    process.exit(130);
  });
}

async function get(base, params) {
  const t0 = performance.now();
  const res = await fetch(`${base}/?${new URLSearchParams(params)}`);
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${JSON.stringify(params)} → ${res.status}: ${body.slice(0, 500)}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function noop(base) {
  return median([await get(base, { op: "noop" }), await get(base, { op: "noop" }), await get(base, { op: "noop" })]);
}

async function waitReady(base) {
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${log}`);
    try {
      await get(base, { op: "noop" });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`wrangler dev not ready after 90 s:\n${log}`);
}

/** Per-op milliseconds of one timed request of n iterations, the no-op overhead removed. */
async function measure(base, op, lib, n) {
  const overhead = await noop(base);
  const total = await get(base, { op, lib, n: String(n) });
  return Math.max(total - overhead, 0.001) / n;
}

async function main() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  persistDir = mkdtempSync(join(tmpdir(), "crypto-bench-"));
  child = spawn(
    "npx",
    ["wrangler", "dev", "-c", "bench/crypto/wrangler.toml", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", persistDir],
    { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));

  const t0 = Date.now();
  await waitReady(base);
  await get(base, { op: "setup" }); // builds keys/signatures and loads sm-crypto outside any timing
  console.log(`wrangler dev ready on ${base} after ${((Date.now() - t0) / 1000).toFixed(1)} s; ${ROUNDS} rounds per op, median\n`);

  const rows = [];
  for (const [op, label] of OPS) {
    const n = {};
    for (const lib of LIBS) {
      // Calibrate: grow n until one request clearly outlasts the request overhead, then scale to TARGET_MS.
      let k = 1;
      let perOp;
      for (;;) {
        const overhead = await noop(base);
        const total = await get(base, { op, lib, n: String(k) });
        if (total >= overhead + 50 || k >= 100_000) {
          perOp = (total - overhead) / k;
          break;
        }
        k *= 4;
      }
      n[lib] = Math.min(Math.max(3, Math.round(TARGET_MS / perOp)), k * 20);
    }
    const samples = { ours: [], baseline: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const lib of LIBS) samples[lib].push(await measure(base, op, lib, n[lib]));
    }
    const ours = 1000 / median(samples.ours);
    const baseline = 1000 / median(samples.baseline);
    rows.push([label, ours, baseline, ours / baseline]);
  }

  const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(1));
  const header = ["op", "ops/s ours", "ops/s sm-crypto 0.5", "ours/baseline"];
  const body = rows.map(([l, o, b, ratio]) => [l, fmt(o), fmt(b), `${ratio.toFixed(2)}x`]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells) => "| " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
  console.log(line(header));
  console.log("|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|");
  for (const r of body) console.log(line(r));
  console.log("\nsm-crypto 0.5 has no public-key precomputation: both SM2 verify rows call the same baseline function.");
  console.log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const deadline = setTimeout(async () => {
  console.error(`benchmark exceeded ${DEADLINE_MS / 1000} s; stopping`);
  await cleanup();
  process.exit(1);
}, DEADLINE_MS);

let failed = false;
try {
  await main();
} catch (err) {
  failed = true;
  console.error(err instanceof Error ? err.message : err);
} finally {
  clearTimeout(deadline);
  await cleanup();
}
process.exit(failed ? 1 : 0);
