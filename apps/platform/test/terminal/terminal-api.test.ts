/**
 * Terminal edge API (issue 11 item 5): what a terminal sees, 404 for anything not visible,
 * Cache-Control/Cache-Tag, the Worker cache and its eviction, the play redirect.
 */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { cacheTags, evictTerminalCache, terminalPaths } from "../../src/terminal/cache";
import { affectedContent } from "../../src/catalog/terminal";
import { createDb } from "../../src/catalog/db";
import { offlineMessage, ORIGIN, PATHS, programMessage } from "../helpers/platform";
import { pushTerminalContent } from "./content";

const get = (path: string) => SELF.fetch(`${ORIGIN}${path}`, { redirect: "manual" });
const seriesUrl = (g: string, s: string) => `/api/v1/terminal/series/${g}/${s}`;
const programUrl = (g: string, p: string) => `/api/v1/terminal/programs/${g}/${p}`;

async function lock(table: "series" | "programs", groupId: string, id: string): Promise<void> {
  const column = table === "series" ? "series_id" : "program_id";
  await env.DB.prepare(`UPDATE ${table} SET emergency_locked = 1 WHERE group_id = ? AND ${column} = ?`).bind(groupId, id).run();
}

describe("terminal API", () => {
  it("answers a series with its visible episodes in seq order, with Cache-Control and Cache-Tag", async () => {
    const t = await pushTerminalContent();
    const res = await get(seriesUrl(t.groupId, t.seriesId));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { title: string; groupId: string; episodes: { programId: string; seq: number }[] };
    expect(body.title).toBe("山海情");
    expect(body.groupId).toBe(t.groupId);
    expect(body.episodes.map((e) => e.programId)).toEqual(t.episodes);
    expect(res.headers.get("cache-control")).toMatch(/public, max-age=\d+, s-maxage=\d+/);
    const tags = res.headers.get("cache-tag")!.split(",");
    expect(tags).toContain(`gyt-series-${t.groupId}-${t.seriesId}`);
    expect(tags).toContain(`gyt-cp-${t.groupId}`);
  });

  it("answers a program with Tables 9–10 and play URLs through the platform's redirect", async () => {
    const t = await pushTerminalContent();
    const res = await get(programUrl(t.groupId, t.episodes[0]));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { programId: string; title: string; playInfos: { definition: string; playUrl: string; videoId: string }[] };
    expect(body.programId).toBe(t.episodes[0]);
    expect(body.playInfos.map((p) => p.definition)).toEqual(["SD", "HD"]);
    expect(body.playInfos[1]!.playUrl).toBe(`${ORIGIN}/play/${t.groupId}/${t.episodes[0]}?definition=HD`);
  });

  it("redirects play to the asked definition, else the program's own", async () => {
    const t = await pushTerminalContent();
    const sd = await get(`/play/${t.groupId}/${t.standalone}?definition=sd`);
    expect(sd.status).toBe(302);
    expect(sd.headers.get("location")).toBe(`https://cdn.example.com/${t.standalone}/sd.m3u8`);
    for (const q of ["", "?definition=8K", "?definition=bogus"]) {
      const res = await get(`/play/${t.groupId}/${t.standalone}${q}`);
      expect(res.status, q).toBe(302);
      expect(res.headers.get("location"), q).toBe(`https://cdn.example.com/${t.standalone}/hd.m3u8?v=1`);
    }
  });

  it("is 404 for content the CP took offline, deleted, locked, or whose CP exited, and for episodes of a hidden series", async () => {
    const t = await pushTerminalContent();
    // CP offline (203) of one program
    expect((await t.cp.post(PATHS.programOffline, offlineMessage(203, { programIds: [t.standalone] }))).status).toBe(200);
    expect((await get(programUrl(t.groupId, t.standalone))).status).toBe(404);
    expect((await get(`/play/${t.groupId}/${t.standalone}`)).status).toBe(404);
    // deleted (202)
    expect((await t.cp.post(PATHS.programInject, programMessage({ programId: t.hidden, seriesId: undefined, seriesPrograms: undefined }, { msgType: 202 }))).status).toBe(200);
    expect((await get(programUrl(t.groupId, t.hidden))).status).toBe(404);
    // emergency lock on the series: series and every episode are gone, on the API and the play redirect
    await lock("series", t.groupId, t.seriesId);
    expect((await get(seriesUrl(t.groupId, t.seriesId))).status).toBe(404);
    for (const id of t.episodes) {
      expect((await get(programUrl(t.groupId, id))).status).toBe(404);
      expect((await get(`/play/${t.groupId}/${id}?definition=HD`)).status).toBe(404);
    }
    // unknown
    expect((await get(seriesUrl(t.groupId, "nope"))).status).toBe(404);
    expect((await get(seriesUrl("no-such-cp", t.seriesId))).status).toBe(404);
  });

  it("hides an episode whose program is locked, and everything of an exited CP", async () => {
    const t = await pushTerminalContent();
    await lock("programs", t.groupId, t.episodes[0]);
    const body = (await (await get(seriesUrl(t.groupId, t.seriesId))).json()) as { episodes: { programId: string }[] };
    expect(body.episodes.map((e) => e.programId)).toEqual([t.episodes[1]]);
    expect((await get(programUrl(t.groupId, t.episodes[0]))).status).toBe(404);

    const t2 = await pushTerminalContent();
    expect((await t2.admin.call("PATCH", `/cps/${t2.groupId}`, { status: "exited" })).status).toBe(200);
    expect((await get(seriesUrl(t2.groupId, t2.seriesId))).status).toBe(404);
    expect((await get(programUrl(t2.groupId, t2.standalone))).status).toBe(404);
    expect((await get(`/play/${t2.groupId}/${t2.standalone}`)).status).toBe(404);
  });

  it("serves repeated requests from the Worker cache until evictTerminalCache deletes the entries", async () => {
    const t = await pushTerminalContent();
    const paths = [seriesUrl(t.groupId, t.seriesId), programUrl(t.groupId, t.episodes[0]), `/play/${t.groupId}/${t.episodes[0]}?definition=HD`, `/play/${t.groupId}/${t.episodes[0]}`];
    for (const p of paths) expect((await get(p)).status).toBeLessThan(400);
    await lock("series", t.groupId, t.seriesId);
    // Still cached: the lock alone does not reach the Worker cache...
    for (const p of paths) expect((await get(p)).status, p).toBeLessThan(400);
    // ...the takedown's eviction does, for the series and (via affectedContent) its episodes.
    const ref = await affectedContent(createDb(env.DB), { groupId: t.groupId, seriesIds: [t.seriesId], programIds: [] });
    expect(ref.programIds.sort()).toEqual([...t.episodes, t.hidden].sort());
    await evictTerminalCache(ORIGIN, ref);
    for (const p of paths) expect((await get(p)).status, p).toBe(404);
  });

  it("evicting a program also names the series that lists it", async () => {
    const t = await pushTerminalContent();
    const ref = await affectedContent(createDb(env.DB), { groupId: t.groupId, seriesIds: [], programIds: [t.episodes[1]] });
    expect(ref.seriesIds).toEqual([t.seriesId]);
    expect(terminalPaths(ref)).toContain(`/api/v1/terminal/series/${t.groupId}/${t.seriesId}`);
  });

  it("escapes ids into safe cache tags and paths", () => {
    const ref = { groupId: "g1", seriesIds: ["a/b?c"], programIds: ["节目 1"] };
    expect(cacheTags(ref)).toEqual(["gyt-cp-g1", "gyt-series-g1-a_2fb_3fc", "gyt-program-g1-_e8_8a_82_e7_9b_ae_201"]);
    for (const tag of cacheTags({ groupId: "g", seriesIds: ["x".repeat(128)], programIds: ["é".repeat(100)] })) expect(tag).toMatch(/^[\x21-\x7e]{1,1024}$/);
    expect(terminalPaths(ref)).toContain("/api/v1/terminal/series/g1/a%2Fb%3Fc");
    expect(terminalPaths(ref)).toContain("/play/g1/%E8%8A%82%E7%9B%AE%201?definition=HD");
  });
});
