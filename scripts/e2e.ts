/**
 * `npm run e2e [-- smoke|takedown|examples …]`: the end-to-end runs against a real `wrangler dev`
 * (each starts its own, with its own state), in this order; all three when none is named.
 * - smoke: the platform starts, demo CPs in both modes ingest, wrong keys are refused.
 * - takedown: emergency offline end to end with the CP simulator and a stand-in CDN.
 * - examples: the OpenSSL-only, Java and Go CP clients in examples/.
 */
import { spawnSync } from "node:child_process";

const RUNS = ["smoke", "takedown", "examples"];
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !RUNS.includes(a));
if (unknown.length > 0) {
  console.error(`e2e: unknown run ${unknown.join(", ")}; choose from ${RUNS.join(", ")}`);
  process.exit(2);
}
for (const name of RUNS.filter((r) => asked.length === 0 || asked.includes(r))) {
  console.log(`=== e2e ${name}`);
  const r = spawnSync("npx", ["tsx", `scripts/e2e/${name}.ts`], { stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`e2e ${name} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}
