/**
 * `npm run dev`: the whole local platform in one command.
 *  1. writes `.dev.vars` on first run (admin login, CP secret key, platform SM2 key);
 *  2. applies D1 migrations to the local database;
 *  2b. builds the operator console pages (admin/ → admin/dist, served at /admin/);
 *  3. starts `wrangler dev` (local D1, KV and Queues);
 *  4. on first run registers two demo CPs (one per signature mode) through the admin API,
 *     writes their credentials to `.dev-cp.json`, and ingests demo content through the
 *     real signed interfaces;
 *  5. starts the CP simulator (`npm run cp-sim`, port CP_SIM_PORT, default 8790) and points the
 *     demo CPs' emergency-offline URLs at it, so a takedown's 301/302 arrive and are verified
 *     locally (`--no-cp-sim` leaves it out; run `npm run cp-sim` yourself then).
 * `npm run dev -- --reset` forgets the local state and the demo credentials first.
 */
import { rmSync } from "node:fs";
import { applyLocalMigrations, CP_FILE, CP_SIM_PORT, DEV_VARS, ensureDevVars, pointDemoCpsAtSim, seedDemo, startCpSim, startWrangler, waitForPlatform } from "@gyt345/testkit/local-platform";

const PORT = Number(process.env.PORT ?? 8787);
const BASE = `http://127.0.0.1:${PORT}`;

async function main(): Promise<void> {
  if (process.argv.includes("--reset")) {
    rmSync(".wrangler/state", { recursive: true, force: true });
    rmSync(CP_FILE, { force: true });
    console.log("[dev] local D1/KV state and demo credentials removed");
  }
  const vars = ensureDevVars();
  applyLocalMigrations();
  const inspector = process.env.INSPECTOR_PORT ? ["--inspector-port", process.env.INSPECTOR_PORT] : [];
  // The CP simulator listens on loopback: allowed in development only.
  const wrangler = startWrangler(["--port", String(PORT), "--ip", "127.0.0.1", ...inspector, "--var", "ALLOW_PRIVATE_CP_URLS:true"], "inherit");
  const sim = process.argv.includes("--no-cp-sim") ? undefined : startCpSim(BASE);
  const stop = () => {
    sim?.stop();
    void wrangler.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  wrangler.child.on("exit", (code) => {
    sim?.stop();
    process.exit(code ?? 0);
  });
  await waitForPlatform(BASE);
  const cps = await seedDemo(BASE, vars);
  await pointDemoCpsAtSim(BASE, vars, cps);
  console.log(
    [
      "",
      `[dev] platform ready at ${BASE}`,
      `[dev] operator console: ${BASE}/admin/  (sign in as ${vars.ADMIN_USERNAME} / ${vars.ADMIN_PASSWORD})`,
      `[dev] admin API: POST ${BASE}/admin/api/session  username=${vars.ADMIN_USERNAME} password=${vars.ADMIN_PASSWORD} (from ${DEV_VARS})`,
      `[dev] platform public key: ${BASE}/api/v1/platform/public-key`,
      `[dev] demo CP credentials: ${CP_FILE}`,
      sim
        ? `[dev] CP simulator: http://127.0.0.1:${CP_SIM_PORT}/_sim/received (its JSON lines appear here)`
        : `[dev] CP simulator not started: run \`CP_SIM_PORT=${CP_SIM_PORT} PLATFORM_URL=${BASE} npm run cp-sim\``,
      "",
    ].join("\n"),
  );
}

main().catch((err: unknown) => {
  console.error("[dev]", err instanceof Error ? err.message : err);
  process.exit(1);
});
