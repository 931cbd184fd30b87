/**
 * `npm run cp:add -- --group-id cp-x --name "X" --mode sm2 --public-key 04… \
 *    --series-offline-url https://… --program-offline-url https://… [--base URL]`
 * Onboards a CP through the admin API of a running platform (the same service the console
 * uses). Admin credentials come from ADMIN_USERNAME / ADMIN_PASSWORD or `.dev.vars`.
 * In mac mode the secret is printed once: store it, the platform never shows it again.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { adminLogin, DEV_VARS, parseVars } from "@gyt345/testkit/local-platform";

const { values } = parseArgs({
  options: {
    base: { type: "string", default: "http://127.0.0.1:8787" },
    "group-id": { type: "string" },
    name: { type: "string" },
    mode: { type: "string" },
    "public-key": { type: "string" },
    "public-key-file": { type: "string" },
    "series-offline-url": { type: "string" },
    "program-offline-url": { type: "string" },
  },
});

function credentials(): Record<string, string> {
  const fromFile = existsSync(DEV_VARS) ? parseVars(readFileSync(DEV_VARS, "utf8")) : {};
  return { ADMIN_USERNAME: process.env.ADMIN_USERNAME ?? fromFile.ADMIN_USERNAME ?? "", ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? fromFile.ADMIN_PASSWORD ?? "" };
}

async function main(): Promise<void> {
  const publicKey = values["public-key-file"] ? readFileSync(values["public-key-file"], "utf8") : values["public-key"];
  const admin = await adminLogin(values.base!, credentials());
  const res = await admin("POST", "/cps", {
    groupId: values["group-id"],
    name: values.name,
    mode: values.mode,
    ...(publicKey ? { publicKey } : {}),
    seriesOfflineUrl: values["series-offline-url"],
    programOfflineUrl: values["program-offline-url"],
  });
  const body = await res.text();
  if (res.status !== 201) {
    console.error(`onboarding refused (${res.status}): ${body}`);
    process.exit(1);
  }
  console.log(JSON.stringify(JSON.parse(body), null, 2));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
