/**
 * Browser tests' world: the built console pages, a real `wrangler dev` (own --persist-to state,
 * migrations applied, admin login from --var), an HLS stream made with ffmpeg and served with
 * CORS by a tiny local server, and test content ingested through the real signed CP interfaces.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import type { TestProject } from "vitest/node";
import { sm2GenerateKeyPair } from "@gyt345/protocol/crypto";
import { cpSender } from "@gyt345/testkit/cp-sender";
import { adminLogin, applyLocalMigrations, newDevVars, startWrangler, waitForPlatform } from "@gyt345/testkit/local-platform";
import { browserContent, BROWSER_GROUP_ID } from "./content";

export const PORTS = { wrangler: 8722, inspector: 9222, hls: 8732, cpSim: 8793 };

export interface BrowserWorld {
  base: string;
  username: string;
  password: string;
  groupId: string;
  hlsUrl: string;
  mp4Url: string;
  /** Port of the CP's registered emergency-offline URLs (the CP simulator, scripts/cp-sim.ts). */
  cpSimPort: number;
}

declare module "vitest" {
  export interface ProvidedContext {
    browserWorld: BrowserWorld;
  }
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr?.toString().slice(-2000)}`);
}

const TYPES: Record<string, string> = { ".m3u8": "application/vnd.apple.mpegurl", ".ts": "video/mp2t", ".mp4": "video/mp4" };

function serveDir(dir: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(dir, path);
    res.setHeader("access-control-allow-origin", "*");
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const base = `http://127.0.0.1:${PORTS.wrangler}`;

  // A 6-second HLS stream in 2-second segments.
  const hlsDir = join(tmpdir(), "gyt345-browser-hls");
  rmSync(hlsDir, { recursive: true, force: true });
  mkdirSync(hlsDir, { recursive: true });
  run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=duration=6:size=320x240:rate=25", "-f", "lavfi", "-i", "sine=duration=6",
    "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-hls_time", "2", "-hls_list_size", "0", join(hlsDir, "out.m3u8")]);
  // The same picture as a progressive MP4 (played natively, without hls.js).
  run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=duration=6:size=320x240:rate=25",
    "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", join(hlsDir, "out.mp4")]);
  const hls = await serveDir(hlsDir, PORTS.hls);
  const hlsUrl = `http://127.0.0.1:${PORTS.hls}/out.m3u8`;
  const mp4Url = `http://127.0.0.1:${PORTS.hls}/out.mp4`;

  const persist = join(".wrangler", "browser-test-state");
  rmSync(persist, { recursive: true, force: true });
  applyLocalMigrations(["--persist-to", persist]);
  const vars = newDevVars();
  const wrangler = startWrangler([
    "--port", String(PORTS.wrangler), "--ip", "127.0.0.1", "--inspector-port", String(PORTS.inspector), "--persist-to", persist,
    ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
  ]);
  let log = "";
  wrangler.child.stdout?.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  wrangler.child.stderr?.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const teardown = async () => {
    await wrangler.stop();
    await new Promise((r) => hls.close(r));
  };
  try {
    await waitForPlatform(base, 90_000);
    // One CP (SM2), content through the signed interfaces; its offline URLs point at the CP simulator (started by the takedown test).
    const admin = await adminLogin(base, vars);
    const keys = sm2GenerateKeyPair();
    const onboard = await admin("POST", "/cps", {
      groupId: BROWSER_GROUP_ID,
      name: "浏览器测试内容平台",
      mode: "sm2",
      publicKey: keys.publicKey,
      seriesOfflineUrl: `http://127.0.0.1:${PORTS.cpSim}/cp/${BROWSER_GROUP_ID}/series-offline`,
      programOfflineUrl: `http://127.0.0.1:${PORTS.cpSim}/cp/${BROWSER_GROUP_ID}/program-offline`,
    });
    if (onboard.status !== 201) throw new Error(`onboarding failed: ${onboard.status} ${await onboard.text()}`);
    const client = cpSender({ baseUrl: base, groupId: BROWSER_GROUP_ID, credential: { mode: "sm2", privateKey: keys.privateKey } });
    for (const { iface, message } of browserContent(hlsUrl, mp4Url)) {
      const answer = await client.send(message);
      if (answer.code !== "ok") throw new Error(`${iface} refused: ${JSON.stringify(answer)}`);
    }
    project.provide("browserWorld", {
      base,
      username: vars.ADMIN_USERNAME,
      password: vars.ADMIN_PASSWORD,
      groupId: BROWSER_GROUP_ID,
      hlsUrl,
      mp4Url,
      cpSimPort: PORTS.cpSim,
    });
  } catch (err) {
    await teardown();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- wrangler dev ---\n${log}`);
  }
  return teardown;
}
