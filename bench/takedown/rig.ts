/**
 * A local emergency-offline rig for the e2e check (scripts/e2e-takedown.ts) and the benchmark
 * (bench/takedown/run.ts): real `wrangler dev` (local D1/KV/Queues, its own state directory),
 * the CP simulator (`gyt345-cp serve`), and a stand-in CDN — a webhook receiver that checks the
 * platform's SM2 signature on every purge call and serves media URLs until they are purged.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { requestStringToSign, sm2GenerateKeyPair, sm2Verify, sm3Hex, type SigningCredential } from "@gyt345/protocol/crypto";
import { cpSender } from "@gyt345/testkit/cp-sender";
import { adminLogin, applyLocalMigrations, ensureDevVars, startCpSim, startWrangler, waitForPlatform } from "@gyt345/testkit/local-platform";

export const PORT = Number(process.env.TAKEDOWN_PORT ?? 8711);
export const INSPECTOR_PORT = Number(process.env.TAKEDOWN_INSPECTOR_PORT ?? 9211);
export const CP_SIM_PORT = Number(process.env.CP_SIM_PORT ?? 8791);
export const BASE = `http://127.0.0.1:${PORT}`;

export interface PurgeCall {
  at: number;
  op: string;
  items: string[];
  verified: boolean;
}

export interface SimReceived {
  at: number;
  groupId: string;
  kind: string;
  msgId: string;
  nonce: string;
  verified: boolean;
}

export interface RigCp {
  groupId: string;
  mode: "sm2" | "mac";
  credential: SigningCredential;
  macSecret?: string;
  publicKey?: string;
}

/** The stand-in CDN: POST /purge (signed webhook), GET/HEAD /media/* (200 until purged, then 404). */
function startCdn(platformPublicKey: () => string): Promise<{ server: Server; port: number; calls: PurgeCall[] }> {
  const calls: PurgeCall[] = [];
  const purged = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = Date.now();
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.method === "POST" && url.pathname === "/purge") {
        const body = Buffer.concat(chunks).toString("utf8");
        const q = url.searchParams;
        const signed = requestStringToSign({ path: url.pathname, groupId: q.get("groupId") ?? "", nonce: q.get("nonce") ?? "", ts: q.get("ts") ?? "", bodySm3: sm3Hex(body) });
        let verified = false;
        try {
          verified = q.get("groupId") === "platform" && sm2Verify(platformPublicKey(), signed, q.get("sign") ?? "");
        } catch {
          verified = false;
        }
        const parsed = JSON.parse(body) as { op: string; items: string[] };
        calls.push({ at, op: parsed.op, items: parsed.items, verified });
        if (verified && parsed.op === "purge-urls") for (const u of parsed.items) purged.add(u);
        res.writeHead(verified ? 200 : 403, { "content-type": "application/json" }).end(JSON.stringify({ ok: verified }));
        return;
      }
      if (url.pathname.startsWith("/media/")) {
        const full = `http://127.0.0.1:${(server.address() as AddressInfo).port}${url.pathname}`;
        res.writeHead(purged.has(full) ? 404 : 200, { "content-type": "application/vnd.apple.mpegurl" }).end(req.method === "HEAD" ? undefined : "#EXTM3U\n");
        return;
      }
      res.writeHead(404).end();
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as AddressInfo).port, calls })));
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

export interface Rig {
  base: string;
  admin: Awaited<ReturnType<typeof adminLogin>>;
  cps: RigCp[];
  cdn: { port: number; calls: PurgeCall[] };
  received(): Promise<SimReceived[]>;
  simMode(body: Record<string, unknown>): Promise<void>;
  /** Pushes a series of `episodes` episodes whose play URLs live on the stand-in CDN. */
  pushSeries(cp: RigCp, seriesId: string, episodes: number): Promise<string[]>;
  output(): string;
  stop(): Promise<void>;
}

export async function startRig(name: string): Promise<Rig> {
  const state = `.wrangler/${name}-state`;
  const cpFile = `.wrangler/${name}-cp.json`;
  rmSync(state, { recursive: true, force: true });
  const vars = ensureDevVars();
  applyLocalMigrations(["--persist-to", state]);
  let platformKey = "";
  const cdn = await startCdn(() => platformKey);
  const wrangler = startWrangler([
    "--port", String(PORT),
    "--inspector-port", String(INSPECTOR_PORT),
    "--ip", "127.0.0.1",
    "--persist-to", state,
    "--var", "ALLOW_PRIVATE_CP_URLS:true",
    "--var", "CDN_ADAPTER:webhook",
    "--var", `CDN_WEBHOOK_URL:http://127.0.0.1:${cdn.port}/purge`,
  ]);
  let output = "";
  wrangler.child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  wrangler.child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  let sim: ChildProcess | undefined;
  const stop = async () => {
    if (sim?.pid) {
      try {
        process.kill(-sim.pid, "SIGTERM");
      } catch {
        /* gone */
      }
    }
    await wrangler.stop();
    cdn.server.close();
  };
  try {
    await waitForPlatform(BASE, 120_000);
    platformKey = ((await (await fetch(`${BASE}/api/v1/platform/public-key`)).json()) as { publicKey: string }).publicKey;
    const admin = await adminLogin(BASE, vars);
    const cps: RigCp[] = [];
    for (const mode of ["sm2", "mac"] as const) {
      const groupId = `${name}-${mode}`;
      const keys = mode === "sm2" ? sm2GenerateKeyPair() : undefined;
      const res = await admin("POST", "/cps", {
        groupId,
        name: `${name} ${mode}`,
        mode,
        ...(keys ? { publicKey: keys.publicKey } : {}),
        seriesOfflineUrl: `http://127.0.0.1:${CP_SIM_PORT}/cp/${groupId}/series-offline`,
        programOfflineUrl: `http://127.0.0.1:${CP_SIM_PORT}/cp/${groupId}/program-offline`,
      });
      if (res.status !== 201) throw new Error(`onboarding ${groupId}: ${res.status} ${await res.text()}`);
      const created = (await res.json()) as { macSecret?: string };
      cps.push({
        groupId,
        mode,
        credential: keys ? { mode: "sm2", privateKey: keys.privateKey } : { mode: "mac", macKey: created.macSecret! },
        ...(created.macSecret ? { macSecret: created.macSecret } : {}),
        ...(keys ? { publicKey: keys.publicKey } : {}),
      });
    }
    // The simulator learns the CPs (and the MAC secret) from this file, like .dev-cp.json.
    writeFileSync(cpFile, JSON.stringify(cps, null, 2) + "\n", { mode: 0o600 });
    sim = startCpSim(BASE, cpFile, CP_SIM_PORT, { output: "pipe" }).child;
    sim.stdout?.on("data", () => undefined);
    sim.stderr?.on("data", (d: Buffer) => (output += `[cp-sim] ${d.toString()}`));
    await waitFor(`http://127.0.0.1:${CP_SIM_PORT}/_sim/received`, 30_000);
    const simUrl = `http://127.0.0.1:${CP_SIM_PORT}`;
    return {
      base: BASE,
      admin,
      cps,
      cdn: { port: cdn.port, calls: cdn.calls },
      async received() {
        return (await (await fetch(`${simUrl}/_sim/received`)).json()) as SimReceived[];
      },
      async simMode(body) {
        await fetch(`${simUrl}/_sim/mode`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      },
      async pushSeries(cp, seriesId, episodes) {
        const client = cpSender({ baseUrl: BASE, groupId: cp.groupId, credential: cp.credential });
        const ids = Array.from({ length: episodes }, (_, i) => `${seriesId}-E${i + 1}`);
        const entries = ids.map((programId, i) => ({ programId, seriesId, title: `第${i + 1}集`, programType: "正片", seq: i + 1, status: "online" }));
        const s = await client.send({
          msgType: 100,
          msgData: { seriesId, title: `节目集 ${seriesId}`, vImageUrl: "https://img.example.com/v.jpg", category: "电视剧", year: "2024", definition: "HD", completed: "false", status: "online", seriesPrograms: entries },
        });
        if (s.code !== "ok") throw new Error(`series ${seriesId}: ${JSON.stringify(s)}`);
        for (const [i, programId] of ids.entries()) {
          const p = await client.send({
            msgType: 200,
            msgData: {
              programId,
              title: `第${i + 1}集`,
              category: "电视剧",
              definition: "HD",
              status: "online",
              seriesId,
              seriesPrograms: entries[i],
              playInfos: [{ videoId: `${programId}-HD`, definition: "HD", format: "hls", playUrl: `http://127.0.0.1:${cdn.port}/media/${encodeURIComponent(programId)}.m3u8` }],
            },
          });
          if (p.code !== "ok") throw new Error(`program ${programId}: ${JSON.stringify(p)}`);
        }
        return ids;
      },
      output: () => output,
      stop,
    };
  } catch (err) {
    console.error(output);
    await stop();
    throw err;
  }
}
