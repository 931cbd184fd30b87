/**
 * `npm run e2e:takedown` (CI): emergency offline end to end against the real `wrangler dev`
 * and the CP simulator: takedown from the admin API → the terminal API answers 404 at once →
 * the simulator logs the verified 301/302 (sm2 and mac CPs) → a signed CDN purge arrives →
 * the takedown shows the CP's feedback and its verification → lift restores.
 */
import { startRig, type Rig } from "../../bench/takedown/rig";

function check(label: string, ok: boolean, detail?: unknown): void {
  console.log(`${ok ? "✓" : "✗"} ${label}${ok || detail === undefined ? "" : `: ${JSON.stringify(detail)}`}`);
  if (!ok) process.exitCode = 1;
}

async function until<T>(what: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await what();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

interface Detail {
  notices: { msgId: string; kind: string; status: string; feedback: { code: string } | null }[];
  purges: { status: string }[];
  verification: { status: string };
}

async function run(rig: Rig): Promise<void> {
  const get = (path: string) => fetch(`${rig.base}${path}`, { redirect: "manual" });
  for (const cp of rig.cps) {
    const seriesId = `S-${cp.mode}`;
    const episodes = await rig.pushSeries(cp, seriesId, 2);
    const seriesPath = `/api/v1/terminal/series/${cp.groupId}/${seriesId}`;
    const episodePath = `/api/v1/terminal/programs/${cp.groupId}/${episodes[0]}`;
    check(`${cp.mode}: terminal API serves the series before`, (await get(seriesPath)).status === 200);
    check(`${cp.mode}: play redirect serves before`, (await get(`/play/${cp.groupId}/${episodes[0]}`)).status === 302);

    const body = cp.mode === "sm2" ? { groupId: cp.groupId, seriesIds: [seriesId], reason: "e2e takedown" } : { groupId: cp.groupId, programIds: episodes, reason: "e2e takedown" };
    const res = await rig.admin("POST", "/emergency-offline", body);
    const answer = (await res.json()) as { takedownId: string; notices: { kind: string }[] };
    check(`${cp.mode}: takedown accepted by the admin API`, res.status === 200, answer);
    const s = (await get(seriesPath)).status;
    const e = (await get(episodePath)).status;
    const p = (await get(`/play/${cp.groupId}/${episodes[0]}`)).status;
    if (cp.mode === "sm2") check(`${cp.mode}: the very next terminal requests say 404 (series, episode, play)`, s === 404 && e === 404 && p === 404, { s, e, p });
    else check(`${cp.mode}: the very next terminal requests say 404 (episode, play)`, e === 404 && p === 404, { e, p });

    const detail0 = (await (await rig.admin("GET", `/takedowns/${answer.takedownId}`)).json()) as Detail;
    const msgIds = detail0.notices.map((n) => n.msgId);
    const seen = await until(async () => {
      const got = (await rig.received()).filter((r) => msgIds.includes(r.msgId));
      return got.length === msgIds.length && got.every((r) => r.verified) ? got : undefined;
    }, 15_000);
    check(`${cp.mode}: the simulator received and verified the ${detail0.notices.map((n) => n.kind).join("/")} notice`, seen !== undefined, await rig.received());

    const purge = await until(async () => rig.cdn.calls.find((c) => c.verified && c.items.some((u) => u.endsWith(episodePath))), 15_000);
    check(`${cp.mode}: a signed CDN purge named the terminal URLs`, purge !== undefined, rig.cdn.calls.length);

    const settled = await until(async () => {
      const d = (await (await rig.admin("GET", `/takedowns/${answer.takedownId}`)).json()) as Detail;
      return d.notices.every((n) => n.status === "delivered" && n.feedback?.code === "ok") && d.purges.every((x) => x.status === "delivered") && d.verification.status === "gone" ? d : undefined;
    }, 30_000);
    check(`${cp.mode}: the takedown shows the CP's feedback, the purge delivered and verification "gone"`, settled !== undefined);

    const lift = await rig.admin("POST", "/emergency-offline/lift", body);
    check(`${cp.mode}: lift restores the terminal API`, lift.status === 200 && (await get(episodePath)).status === 200);
  }
  const anon = await fetch(`${rig.base}/admin/api/emergency-offline`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  check("anonymous takedown refused", anon.status === 401, anon.status);
}

async function main(): Promise<void> {
  const rig = await startRig("e2e-takedown");
  try {
    await run(rig);
  } catch (err) {
    console.error(rig.output());
    throw err;
  } finally {
    await rig.stop();
  }
  if (process.exitCode) console.error(rig.output());
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error("[e2e-takedown]", err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
