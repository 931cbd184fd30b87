/** Steps shared by `npm run dev`, the smoke run and the benchmarks: a local platform. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { sm2GenerateKeyPair, type SigningCredential } from "@gyt345/protocol/crypto";
import { cpSender } from "./cp-sender";
import { demoMessages } from "./demo-content";

export const DEV_VARS = ".dev.vars";
export const CP_FILE = ".dev-cp.json";
/** wrangler.toml [assets] directory: the operator console, built by wrangler's [build] step. */
export const CONSOLE_ASSETS_DIR = "apps/console/dist";

/** `.dev.vars` as KEY="value" lines. */
export function parseVars(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .map((l) => /^([A-Z_][A-Z0-9_]*)\s*=\s*"?(.*?)"?\s*$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}

/** Fresh local secrets: admin login, CP secret key, platform SM2 key (dev and browser tests). */
export function newDevVars() {
  return {
    ADMIN_USERNAME: "admin",
    ADMIN_PASSWORD: randomBytes(12).toString("base64url"),
    CP_SECRET_KEY: randomBytes(32).toString("hex"),
    PLATFORM_SM2_PRIVATE_KEY: sm2GenerateKeyPair().privateKey,
    // The CP simulator listens on localhost in development.
    ALLOW_PRIVATE_CP_URLS: "true",
  };
}

export function ensureDevVars(): Record<string, string> {
  if (!existsSync(DEV_VARS)) {
    const vars = newDevVars();
    writeFileSync(DEV_VARS, Object.entries(vars).map(([k, v]) => `${k}="${v}"`).join("\n") + "\n", { mode: 0o600 });
    console.log(`[dev] wrote ${DEV_VARS} (git-ignored) with a new admin password and platform keys`);
  }
  return parseVars(readFileSync(DEV_VARS, "utf8"));
}

export function applyLocalMigrations(extraArgs: string[] = []): void {
  const r = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", ...extraArgs], { stdio: "inherit", env: { ...process.env, CI: "true" } });
  if (r.status !== 0) throw new Error("applying D1 migrations failed");
}

/**
 * Starts `wrangler dev` in its own process group, so that stopping it stops workerd too
 * (a signal to `npx` alone is not always passed on, e.g. without a terminal in CI).
 */
export function startWrangler(args: string[], output: "inherit" | "pipe" | "ignore" = "pipe"): { child: ChildProcess; stop: () => Promise<void> } {
  // wrangler checks that the [assets] directory exists before its [build] step fills it.
  mkdirSync(CONSOLE_ASSETS_DIR, { recursive: true });
  const child = spawn("node_modules/.bin/wrangler", ["dev", ...args], { stdio: ["ignore", output, output], detached: true });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  return {
    child,
    async stop() {
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
      signal("SIGKILL"); // anything the group left behind
    },
  };
}

export async function waitForPlatform(base: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the platform did not answer at ${base} within ${timeoutMs / 1000}s`);
}

export interface DemoCp {
  groupId: string;
  mode: "sm2" | "mac";
  credential: SigningCredential;
  publicKey?: string;
}

export async function adminLogin(base: string, vars: Record<string, string>) {
  const res = await fetch(`${base}/admin/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ username: vars.ADMIN_USERNAME, password: vars.ADMIN_PASSWORD }),
  });
  if (!res.ok) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  return (method: string, path: string, body?: unknown) =>
    fetch(`${base}/admin/api${path}`, {
      method,
      headers: { cookie, origin: base, "x-csrf-token": csrfToken, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

/** Registers the demo CPs and ingests demo content, once; later runs reuse `.dev-cp.json`. */
export async function seedDemo(base: string, vars: Record<string, string>, cpFile = CP_FILE): Promise<DemoCp[]> {
  if (existsSync(cpFile)) return JSON.parse(readFileSync(cpFile, "utf8")) as DemoCp[];
  const admin = await adminLogin(base, vars);
  const cps: DemoCp[] = [];
  for (const mode of ["sm2", "mac"] as const) {
    const groupId = `cp-demo-${mode}`;
    const keys = mode === "sm2" ? sm2GenerateKeyPair() : undefined;
    const res = await admin("POST", "/cps", {
      groupId,
      name: mode === "sm2" ? "演示内容平台 (SM2)" : "演示内容平台 (MAC)",
      mode,
      ...(keys ? { publicKey: keys.publicKey } : {}),
      ...cpSimUrls(groupId),
    });
    if (res.status === 409) throw new Error(`${groupId} exists but ${cpFile} is gone; run \`npm run dev -- --reset\``);
    if (res.status !== 201) throw new Error(`onboarding ${groupId} failed: ${res.status} ${await res.text()}`);
    const created = (await res.json()) as { macSecret?: string };
    const credential: SigningCredential = keys ? { mode: "sm2", privateKey: keys.privateKey } : { mode: "mac", macKey: created.macSecret! };
    cps.push({ groupId, mode, credential, ...(keys ? { publicKey: keys.publicKey } : {}) });
  }
  writeFileSync(cpFile, JSON.stringify(cps, null, 2) + "\n", { mode: 0o600 });
  for (const cp of cps) {
    const client = cpSender({ baseUrl: base, groupId: cp.groupId, credential: cp.credential });
    for (const { iface, message } of demoMessages(cp.groupId)) {
      const answer = await client.send(message);
      if (answer.code !== "ok") throw new Error(`demo ${iface} for ${cp.groupId} refused: ${JSON.stringify(answer)}`);
    }
  }
  console.log(`[dev] registered ${cps.map((c) => `${c.groupId} (${c.mode})`).join(", ")}; credentials in ${cpFile}; demo content ingested`);
  return cps;
}


/** The CP simulator (`npm run cp -- serve`): where the demo CPs' emergency-offline interfaces live locally. */
export const CP_SIM_PORT = Number(process.env.CP_SIM_PORT ?? 8790);

export function cpSimUrls(groupId: string, port = CP_SIM_PORT): { seriesOfflineUrl: string; programOfflineUrl: string } {
  return {
    seriesOfflineUrl: `http://127.0.0.1:${port}/cp/${groupId}/series-offline`,
    programOfflineUrl: `http://127.0.0.1:${port}/cp/${groupId}/program-offline`,
  };
}

/** The kit's CLI as a CP runs it: the built package bin, plain Node. */
export const CP_BIN = "packages/cp-sdk/bin/gyt345-cp.mjs";

/**
 * Starts the CP simulator (`gyt345-cp serve`) in its own process group; its JSON lines go to
 * this terminal unless `output` is "pipe".
 */
export function startCpSim(
  platformUrl: string,
  cpFile = CP_FILE,
  port = CP_SIM_PORT,
  o: { output?: "inherit" | "pipe"; platformPublicKey?: string } = {},
): { child: ChildProcess; stop: () => void } {
  const args = [CP_BIN, "serve", "--port", String(port), "--cp-file", cpFile, "--platform-url", platformUrl];
  if (o.platformPublicKey) args.push("--public-key", o.platformPublicKey);
  const output = o.output ?? "inherit";
  const child = spawn(process.execPath, args, { stdio: ["ignore", output, output], detached: true });
  return {
    child,
    stop() {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        /* already gone */
      }
    },
  };
}

/** Demo CPs registered by an older run (or another port) are pointed at the simulator. */
export async function pointDemoCpsAtSim(base: string, vars: Record<string, string>, cps: readonly DemoCp[], port = CP_SIM_PORT): Promise<void> {
  const admin = await adminLogin(base, vars);
  for (const cp of cps) {
    const want = cpSimUrls(cp.groupId, port);
    const res = await admin("GET", `/cps/${encodeURIComponent(cp.groupId)}`);
    if (!res.ok) continue;
    const have = (await res.json()) as { seriesOfflineUrl: string; programOfflineUrl: string };
    if (have.seriesOfflineUrl === want.seriesOfflineUrl && have.programOfflineUrl === want.programOfflineUrl) continue;
    const patched = await admin("PATCH", `/cps/${encodeURIComponent(cp.groupId)}`, want);
    if (!patched.ok) throw new Error(`pointing ${cp.groupId} at the CP simulator failed: ${patched.status} ${await patched.text()}`);
  }
}
