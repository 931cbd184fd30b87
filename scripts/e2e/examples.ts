/**
 * `npm run examples`: the OpenSSL-only and Java examples against a real `wrangler dev` (own
 * state), as CI runs them. Onboards one CP per example and mode with keys the example made,
 * runs the example, and checks the platform accepted it (terminal API). Then takes the Java
 * CP's series down: the platform's queue consumer POSTs a real 301 to a local endpoint (the SDK
 * notice handler), and the Java client verifies those exact bytes. Finally /docs in Chromium,
 * when it is installed. Needs openssl, curl, xxd; java + /usr/share/java/bcprov.jar
 * (Debian: default-jdk-headless libbcprov-java).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNoticeHandler } from "@gyt345/cp-sdk";
import { toNodeListener } from "@gyt345/cp-sdk/node";
import { adminLogin, applyLocalMigrations, ensureDevVars, startWrangler, waitForPlatform } from "@gyt345/testkit/local-platform";

const PORT = Number(process.env.EXAMPLES_PORT ?? 8714);
const INSPECTOR_PORT = Number(process.env.EXAMPLES_INSPECTOR_PORT ?? 9214);
const CP_PORT = Number(process.env.EXAMPLES_CP_PORT ?? 8734);
const BASE = `http://127.0.0.1:${PORT}`;
const STATE = ".wrangler/examples-state";
const BCPROV = process.env.BCPROV_JAR ?? "/usr/share/java/bcprov.jar";

// The Java compiler can take longer than workerd keeps an idle keep-alive connection: a request
// on such a stale socket fails before it is sent, so it is safe to send it once more.
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  try {
    return await realFetch(input, init);
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (code === "UND_ERR_SOCKET" || code === "ECONNRESET" || code === "EPIPE") return realFetch(input, init);
    throw err;
  }
};

let failed = 0;
function check(label: string, ok: boolean, detail?: unknown): void {
  console.log(`${ok ? "✓" : "✗"} ${label}${ok || detail === undefined ? "" : `: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`}`);
  if (!ok) failed += 1;
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, ...env }, timeout: 180_000 });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

async function main(): Promise<void> {
  rmSync(STATE, { recursive: true, force: true });
  const work = mkdtempSync(join(tmpdir(), "gyt345-examples-"));
  const vars = ensureDevVars();
  applyLocalMigrations(["--persist-to", STATE]);
  const wrangler = startWrangler(["--port", String(PORT), "--ip", "127.0.0.1", "--inspector-port", String(INSPECTOR_PORT), "--persist-to", STATE, "--var", "ALLOW_PRIVATE_CP_URLS:true"]);
  let output = "";
  wrangler.child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  wrangler.child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const received: { url: string; body: string }[] = [];
  const cpServer = createServer();
  try {
    await waitForPlatform(BASE, 120_000);
    const admin = await adminLogin(BASE, vars);
    const onboard = async (groupId: string, mode: "sm2" | "mac", publicKey?: string) => {
      const res = await admin("POST", "/cps", {
        groupId,
        name: groupId,
        mode,
        ...(publicKey ? { publicKey } : {}),
        seriesOfflineUrl: `http://127.0.0.1:${CP_PORT}/${groupId}/emergency/series`,
        programOfflineUrl: `http://127.0.0.1:${CP_PORT}/${groupId}/emergency/programs`,
      });
      if (res.status !== 201) throw new Error(`onboarding ${groupId}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { macSecret?: string; platformPublicKey?: string };
    };
    const visible = async (path: string) => (await fetch(`${BASE}${path}`)).status === 200;

    // ---- OpenSSL, both modes: keys made with openssl itself.
    const keyPem = join(work, "openssl-cp.key.pem");
    execFileSync("openssl", ["genpkey", "-algorithm", "SM2", "-out", keyPem]);
    const pubPem = execFileSync("openssl", ["pkey", "-in", keyPem, "-pubout"]).toString();
    await onboard("cp-openssl-sm2", "sm2", pubPem);
    const { macSecret: opensslMac } = await onboard("cp-openssl-mac", "mac");
    for (const [groupId, env] of [
      ["cp-openssl-sm2", { MODE: "sm2", KEY_PEM: keyPem }],
      ["cp-openssl-mac", { MODE: "mac", MAC_KEY: opensslMac! }],
    ] as const) {
      const r = run("sh", ["examples/openssl/sign-and-send.sh"], { PLATFORM_URL: BASE, GROUP_ID: groupId, ...env });
      check(`openssl example (${env.MODE}) accepted by the platform`, r.status === 0, r.out);
      check(`openssl example (${env.MODE}): the series is on the terminal API`, await visible(`/api/v1/terminal/series/${groupId}/S-OPENSSL-1`));
    }

    // ---- Java, both modes: the key pair made by the Java client.
    const javaOk = existsSync(BCPROV) && run("java", ["-version"]).status === 0;
    check(`java and ${BCPROV} are installed`, javaOk, "apt-get install -y default-jdk-headless libbcprov-java");
    if (javaOk) {
      const java = (...args: string[]) => run("java", ["-cp", BCPROV, "examples/java/Client.java", ...args]);
      const keys = java("keygen");
      const privateKey = /privateKey ([0-9a-f]{64})/.exec(keys.out)?.[1];
      const publicKey = /publicKey (04[0-9a-f]{128})/.exec(keys.out)?.[1];
      check("java keygen", privateKey !== undefined && publicKey !== undefined, keys.out);
      await onboard("cp-java-sm2", "sm2", publicKey);
      const { macSecret: javaMac } = await onboard("cp-java-mac", "mac");
      for (const [groupId, key] of [
        ["cp-java-sm2", `sm2:${privateKey}`],
        ["cp-java-mac", `mac:${javaMac}`],
      ] as const) {
        const r = java("send", BASE, groupId, key);
        check(`java example (${key.slice(0, 3)}) sent a series and a program, both accepted`, r.status === 0 && (r.out.match(/^accepted /gm) ?? []).length === 2, r.out);
        check(`java example (${key.slice(0, 3)}): series and program on the terminal API`, (await visible(`/api/v1/terminal/series/${groupId}/S-JAVA-1`)) && (await visible(`/api/v1/terminal/programs/${groupId}/P-JAVA-1`)));
      }

      // ---- A real 301 from the platform's consumer, verified by the SDK handler and by Java.
      const { publicKey: platformKey } = (await (await fetch(`${BASE}/api/v1/platform/public-key`)).json()) as { publicKey: string };
      const sdkHandler = createNoticeHandler({ groupId: "cp-java-sm2", mode: "sm2", platformPublicKey: platformKey, onNotice: () => {} });
      cpServer.on(
        "request",
        toNodeListener(async (req) => {
          const body = await req.clone().text();
          const answer = await sdkHandler(req);
          received.push({ url: req.url, body });
          return answer;
        }),
      );
      await new Promise<void>((resolve) => cpServer.listen(CP_PORT, "127.0.0.1", resolve));
      const takedown = await admin("POST", "/emergency-offline", { groupId: "cp-java-sm2", seriesIds: ["S-JAVA-1"], reason: "examples: notice to the Java CP" });
      check("emergency offline of the Java CP's series accepted", takedown.status === 200, await takedown.clone().text());
      const deadline = Date.now() + 60_000;
      while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
      check("the platform's consumer delivered a 301 to the CP endpoint", received.length > 0);
      if (received.length > 0) {
        const noticeFile = join(work, "notice-301.json");
        writeFileSync(noticeFile, JSON.stringify(received[0]));
        const v = java("verify-notice", noticeFile, "cp-java-sm2", `sm2:${platformKey}`);
        check("java verifies the platform's 301 (sign, msgSign, groupId, ts)", v.status === 0, v.out);
        const forged = JSON.stringify({ ...received[0], body: received[0]!.body.replace("S-JAVA-1", "S-JAVA-2") });
        writeFileSync(noticeFile, forged);
        check("java refuses the same notice with its body changed", java("verify-notice", noticeFile, "cp-java-sm2", `sm2:${platformKey}`).status === 1);
        const detail = await (await admin("GET", `/takedowns?groupId=cp-java-sm2`)).json() as { items: { id: string }[] };
        const t = await (await admin("GET", `/takedowns/${detail.items[0]!.id}`)).json() as { notices: { status: string }[] };
        check("the SDK handler's 200 ok is recorded as the CP's feedback (notice delivered)", t.notices[0]?.status === "delivered", t.notices);
      }
    }

    // ---- /docs renders in a real browser, without network access beyond the platform.
    const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
    if (chromium) {
      const r = run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=20000", "--dump-dom", `${BASE}/docs`]);
      check("/docs renders the API reference in Chromium", /Series metadata injection/.test(r.out) && /seriesEmergencyOffline|Series emergency offline/.test(r.out), r.out.slice(-2000));
    } else console.log("- chromium not installed: /docs browser check skipped");
  } catch (err) {
    console.error(output);
    throw err;
  } finally {
    cpServer.close();
    await wrangler.stop();
    rmSync(work, { recursive: true, force: true });
  }
  if (failed) {
    console.error(output.slice(-5000));
    process.exitCode = 1;
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error("[examples]", err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
