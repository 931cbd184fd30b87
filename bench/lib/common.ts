/** Shared by every benchmark of the suite: statistics, the table printer, results files, machine description. */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");
export const RESULTS_DIR = join(ROOT, "bench", "results");

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Nearest-rank percentile of already collected samples. */
export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
};

/** Spread of rounds: (max − min) / median. */
export const spread = (xs: readonly number[]): number => (Math.max(...xs) - Math.min(...xs)) / median(xs);

export function machine(): Record<string, unknown> {
  const cpu = cpus();
  const version = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim().split("\n")[0];
    } catch {
      return null;
    }
  };
  const pkg = (name: string) => {
    try {
      return (JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
    } catch {
      return null;
    }
  };
  return {
    cpuModel: cpu[0]?.model ?? "unknown",
    cores: cpu.length,
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    loadAverage: loadavg().map((x) => +x.toFixed(2)),
    node: process.version,
    workerd: pkg("workerd"),
    wrangler: pkg("wrangler"),
    openssl: version("openssl", ["version"]),
    date: new Date().toISOString(),
  };
}

export function writeResult(name: string, data: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify({ benchmark: name, machine: machine(), ...data }, null, 2) + "\n");
  writeFileSync(join(RESULTS_DIR, `${name}-latest.json`), JSON.stringify({ benchmark: name, machine: machine(), ...data }, null, 2) + "\n");
  return file;
}

/** A Markdown table, numbers right-aligned. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (cs: string[]) => "| " + cs.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ") + " |";
  return [line(header), "|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|", ...cells.map(line)].join("\n");
}

export const fmt = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x >= 10 ? x.toFixed(1) : x.toFixed(3));
export const ratio = (x: number): string => `${x.toFixed(2)}x`;

/** Runs `main`, stops what it started via `cleanup`, exits 1 on any failure or after `deadlineMs`. */
export async function runMain(name: string, main: () => Promise<void>, cleanup: () => Promise<void>, deadlineMs: number): Promise<never> {
  const deadline = setTimeout(async () => {
    console.error(`[${name}] exceeded ${deadlineMs / 1000} s; stopping`);
    await cleanup();
    process.exit(1);
  }, deadlineMs);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, async () => {
      await cleanup();
      process.exit(130);
    });
  }
  let failed = false;
  try {
    await main();
  } catch (err) {
    failed = true;
    console.error(`[${name}] FAILED:`, err instanceof Error ? err.message : err);
  } finally {
    clearTimeout(deadline);
    await cleanup();
  }
  process.exit(failed ? 1 : 0);
}

/**
 * Every process in process group `pgid` with its command name and CPU ms (user + system), read
 * from /proc (Linux): e.g. workerd and node for a `wrangler dev` started in its own group.
 */
export function groupProcessCpu(pgid: number): { pid: number; comm: string; ms: number }[] {
  const tick = 1000 / Number(process.env.CLK_TCK ?? 100);
  const out: { pid: number; comm: string; ms: number }[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      out.push({ pid: Number(d), comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), ms: (Number(fields[11]) + Number(fields[12])) * tick });
    } catch {
      /* gone */
    }
  }
  return out;
}

/** CPU ms per command name of the processes in group `pgid` ({ workerd: …, node: … }). */
export function groupCpuByCommand(pgid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of groupProcessCpu(pgid)) out.set(p.comm, (out.get(p.comm) ?? 0) + p.ms);
  return out;
}
