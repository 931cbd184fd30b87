/**
 * `npm run bench:takedown`: emergency offline latency against a local `wrangler dev` with the
 * CP simulator and a stand-in CDN (signed webhook adapter), BENCH_TAKEDOWNS (default 60)
 * series takedowns one after another (each waits for its notice and purge, so queueing behind
 * earlier takedowns is not what is measured). For each, from the moment the admin request is sent:
 *   (a) terminal API gone — and whether the very next request after the answer said 404,
 *   (b) the 301 received and verified by the simulator (its receive time),
 *   (c) the CDN purge call made (the stand-in CDN's receive time),
 *   (d) verified gone (the latest goneAt the verification job recorded).
 * Baseline of the same run: the round trip of GET /healthz. Targets: (a) the next request,
 * (b) and (c) p95 ≤ 1 s.
 */
import { startRig, type Rig } from "./rig";

const TAKEDOWNS = Number(process.env.BENCH_TAKEDOWNS ?? 60);
const TIMEOUT_MS = 60_000;

interface Sample {
  seriesId: string;
  t0: number;
  answeredMs: number;
  nextRequest404: boolean;
  goneMs: number;
  msgId?: string;
  takedownId?: string;
  noticeMs?: number;
  purgeMs?: number;
  verifiedMs?: number;
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

function row(label: string, values: (number | undefined)[], base: number): string {
  const v = values.filter((x): x is number => x !== undefined);
  if (v.length === 0) return `${label.padEnd(44)} no samples`;
  const med = pct(v, 50);
  return `${label.padEnd(44)} n=${String(v.length).padStart(3)}  median ${String(Math.round(med)).padStart(5)} ms  p95 ${String(Math.round(pct(v, 95))).padStart(5)} ms  max ${String(Math.round(Math.max(...v))).padStart(5)} ms  (${(med / base).toFixed(1)}× healthz)`;
}

async function baseline(rig: Rig): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await (await fetch(`${rig.base}/healthz`)).text();
    times.push(performance.now() - t);
  }
  return pct(times, 50);
}

async function main(): Promise<void> {
  const rig = await startRig("bench-takedown");
  try {
    const cp = rig.cps.find((c) => c.mode === "sm2")!;
    console.log(`[bench] pushing ${TAKEDOWNS} series of 2 episodes through the signed interfaces…`);
    const series: { seriesId: string; episode: string }[] = [];
    for (let i = 0; i < TAKEDOWNS; i++) {
      const seriesId = `BT-${i}`;
      const [episode] = await rig.pushSeries(cp, seriesId, 2);
      series.push({ seriesId, episode: episode! });
    }
    const healthz = await baseline(rig);
    const samples: Sample[] = [];
    console.log(`[bench] ${TAKEDOWNS} takedowns one after another (each waits for its notice and purge); healthz round trip median ${healthz.toFixed(1)} ms`);
    for (const s of series) {
      const t0 = Date.now();
      const res = await rig.admin("POST", "/emergency-offline", { groupId: cp.groupId, seriesIds: [s.seriesId], reason: "bench" });
      const answered = Date.now();
      const answer = (await res.json()) as { takedownId: string };
      if (res.status !== 200) throw new Error(`takedown ${s.seriesId}: ${res.status} ${JSON.stringify(answer)}`);
      const path = `/api/v1/terminal/programs/${cp.groupId}/${s.episode}`;
      let status = (await fetch(`${rig.base}${path}`)).status;
      const sample: Sample = { seriesId: s.seriesId, t0, answeredMs: answered - t0, nextRequest404: status === 404, goneMs: 0, takedownId: answer.takedownId };
      while (status !== 404) status = (await fetch(`${rig.base}${path}`)).status;
      sample.goneMs = Date.now() - t0;
      const detail = (await (await rig.admin("GET", `/takedowns/${answer.takedownId}`)).json()) as { notices: { msgId: string }[] };
      sample.msgId = detail.notices[0]?.msgId;
      const url = `${rig.base}/api/v1/terminal/series/${cp.groupId}/${s.seriesId}`;
      // (b) and (c): wait for both before the next takedown, so each is measured on its own.
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && (sample.noticeMs === undefined || sample.purgeMs === undefined)) {
        const call = rig.cdn.calls.find((c) => c.verified && c.items.includes(url));
        if (call) sample.purgeMs = call.at - t0;
        const got = (await rig.received()).find((r) => r.msgId === sample.msgId && r.verified);
        if (got) sample.noticeMs = got.at - t0;
        await new Promise((r) => setTimeout(r, 20));
      }
      samples.push(sample);
    }

    // (d): the verification job backs off between rounds; collect the recorded goneAt times.
    const deadline = Date.now() + TIMEOUT_MS;
    while (Date.now() < deadline && samples.some((s) => s.verifiedMs === undefined)) {
      for (const s of samples.filter((x) => x.verifiedMs === undefined)) {
        const detail = (await (await rig.admin("GET", `/takedowns/${s.takedownId}`)).json()) as { verification: { status: string; urls: { goneAt: number | null }[] } };
        if (detail.verification.status === "gone") s.verifiedMs = Math.max(...detail.verification.urls.map((u) => u.goneAt ?? 0)) - s.t0;
      }
      await new Promise((r) => setTimeout(r, 500));
    }

    const next = samples.filter((s) => s.nextRequest404).length;
    console.log(`\nemergency offline, ${samples.length} series takedowns (2 episodes each), local wrangler dev, sm2 CP, webhook CDN`);
    console.log(row("admin request answered", samples.map((s) => s.answeredMs), healthz));
    console.log(row("(a) terminal API gone", samples.map((s) => s.goneMs), healthz));
    console.log(`${"    very next request after the answer 404".padEnd(44)} ${next}/${samples.length}`);
    console.log(row("(b) 301 received + verified by the simulator", samples.map((s) => s.noticeMs), healthz));
    console.log(row("(c) CDN purge call made", samples.map((s) => s.purgeMs), healthz));
    console.log(row("(d) verified gone", samples.map((s) => s.verifiedMs), healthz));
    const p95 = (k: "noticeMs" | "purgeMs") => pct(samples.map((s) => s[k] ?? Infinity), 95);
    const ok = next === samples.length && p95("noticeMs") <= 1000 && p95("purgeMs") <= 1000;
    console.log(`\ntargets — (a) next request: ${next === samples.length ? "met" : "MISSED"}; (b) p95 ≤ 1 s: ${p95("noticeMs") <= 1000 ? "met" : "MISSED"}; (c) p95 ≤ 1 s: ${p95("purgeMs") <= 1000 ? "met" : "MISSED"}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await rig.stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error("[bench:takedown]", err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
