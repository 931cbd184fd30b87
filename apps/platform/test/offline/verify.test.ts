/**
 * Takedown verification (issue 11 item 6): after a takedown the verify job probes the terminal
 * API, the play redirects (through the public routes) and the CDN play URLs (HEAD), backs off,
 * and records on the takedown when each answered gone — or flags what is still served.
 */
import { afterEach, describe, expect, it } from "vitest";
import { adminCall, consume, fakeRemote, pushContent, terminal, testEnv } from "./harness";

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

interface Verification {
  status: string;
  urls: { url: string; goneAt: number | null; lastStatus: number | null; checks: number }[];
}

async function takeDown(vars: Record<string, string> = {}) {
  const c = await pushContent("mac");
  const t = testEnv(vars);
  const res = await adminCall(c.admin, t.env, "POST", "/emergency-offline", { groupId: c.groupId, seriesIds: [c.seriesId], reason: "verify me" });
  expect(res.status).toBe(200);
  const { takedownId } = (await res.json()) as { takedownId: string };
  const job = t.notices.bodies.find((b) => (b as { kind: string }).kind === "verify");
  expect(job).toBeDefined();
  const verification = async () => ((await (await c.admin.call("GET", `/takedowns/${takedownId}`)).json()) as { verification: Verification }).verification;
  return { c, t, job, takedownId, verification };
}

describe("takedown verification", () => {
  it("records when each URL answered gone, backing off while the CDN still serves", async () => {
    const { c, t, job, verification } = await takeDown();
    expect((await verification()).status).toBe("pending");

    let cdnStatus = 200;
    const cdn = fakeRemote(() => ({ status: cdnStatus }));
    restore = cdn.restore;
    const first = await consume(t.env, [job]);
    expect(first.retryMessages).toHaveLength(1);
    expect(first.delays).toEqual([2]);
    // The CDN was asked with HEAD for each episode's play URL, nothing else left the Worker.
    expect(cdn.calls.map((r) => `${r.method} ${r.url}`).sort()).toEqual(c.episodes.map((id) => `HEAD https://cdn.example.com/${id}/hd.m3u8?v=1`).sort());

    let v = await verification();
    expect(v.status).toBe("pending");
    const api = v.urls.filter((u) => u.url.startsWith("https://platform.test/"));
    // The series, each episode's terminal API URL and play redirect.
    expect(api.map((u) => new URL(u.url).pathname).sort()).toEqual(
      [`/api/v1/terminal/series/${c.groupId}/${c.seriesId}`, ...c.episodes.flatMap((id) => [`/api/v1/terminal/programs/${c.groupId}/${id}`, `/play/${c.groupId}/${id}`])].sort(),
    );
    for (const u of api) expect(u).toMatchObject({ goneAt: expect.any(Number), lastStatus: 404, checks: 1 });
    for (const u of v.urls.filter((u) => u.url.startsWith("https://cdn.example.com/"))) expect(u).toMatchObject({ goneAt: null, lastStatus: 200, checks: 1 });

    cdnStatus = 404;
    const second = await consume(t.env, [job], 2);
    expect(second.explicitAcks).toHaveLength(1);
    v = await verification();
    expect(v.status).toBe("gone");
    for (const u of v.urls) expect(u.goneAt, u.url).not.toBeNull();
    // Gone URLs are not probed again.
    expect(v.urls.filter((u) => u.url.startsWith("https://platform.test/")).every((u) => u.checks === 1)).toBe(true);
    expect((await terminal(`/api/v1/terminal/series/${c.groupId}/${c.seriesId}`)).status).toBe(404);
  });

  it("flags a URL still served after the configured time", async () => {
    const { t, job, verification } = await takeDown({ VERIFY_FLAG_AFTER_SECONDS: "0" });
    const cdn = fakeRemote(() => ({ status: 200 }));
    restore = cdn.restore;
    const run = await consume(t.env, [job]);
    expect(run.retryMessages).toHaveLength(1); // still checking, now flagged
    const v = await verification();
    expect(v.status).toBe("still-served");
    expect(v.urls.filter((u) => u.goneAt === null).map((u) => u.lastStatus)).toEqual([200, 200]);
  });

  it("with play auth on, the CDN is probed with a signed URL (an unsigned one is always refused)", async () => {
    const { c, t, job, verification } = await takeDown({ PLAY_AUTH: "aliyun-a", PLAY_AUTH_KEY: "CdnKey123456" });
    const cdn = fakeRemote((req) => ({ status: req.url.searchParams.has("auth_key") ? 200 : 403 }));
    restore = cdn.restore;
    await consume(t.env, [job]);
    expect(cdn.calls.map((r) => r.url.pathname).sort()).toEqual(c.episodes.map((id) => `/${id}/hd.m3u8`).sort());
    expect(cdn.calls.every((r) => /^\d{10}-[0-9a-f]{32}-0-[0-9a-f]{32}$/.test(r.url.searchParams.get("auth_key") ?? ""))).toBe(true);
    expect((await verification()).status).toBe("pending");
  });

  it("an unreachable CDN is not taken as gone", async () => {
    const { t, job, verification } = await takeDown({ VERIFY_FLAG_AFTER_SECONDS: "0" });
    const cdn = fakeRemote(() => ({ throws: true }));
    restore = cdn.restore;
    await consume(t.env, [job]);
    const v = await verification();
    expect(v.status).toBe("still-served");
    expect(v.urls.filter((u) => u.url.startsWith("https://cdn.example.com/")).every((u) => u.goneAt === null && u.lastStatus === null)).toBe(true);
  });
});
