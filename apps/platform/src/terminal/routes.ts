/**
 * Terminal edge API (public, read-only): a series with its visible episodes, a program with its
 * playInfos, and the play redirect (A.4 request redirect, A.5 anti-hotlinking). Anything not
 * visible is 404 (catalog/terminal holds the rule). Answers go through the Worker cache with a
 * short lifetime and carry Cache-Tag for the zone purge.
 */
import { Hono, type Context } from "hono";
import { loadConfig } from "../config";
import { createDb } from "../catalog/db";
import { visibleProgram, visibleSeries, type VisibleProgram } from "../catalog/terminal";
import type { HonoEnv } from "../env";
import type { PlayInfo } from "@gyt345/protocol/schemas/program-inject";
import { cacheTags, PLAY_DEFINITIONS, playPath, programPath, seriesPath, serveCached, type ContentRef, type PlayDefinitionKey } from "./cache";
import { signPlayUrl } from "./play-token";

function gone(c: Context<HonoEnv>): Response {
  c.header("Cache-Control", "no-store");
  return c.json({ code: "NotFound", msg: "No such content, or it is not available." }, 404);
}

function cacheHeaders(c: Context<HonoEnv>, ref: ContentRef): Record<string, string> {
  const ttl = loadConfig(c.env).terminalCacheTtlSeconds;
  return { "Cache-Control": `public, max-age=${ttl}, s-maxage=${ttl}`, "Cache-Tag": cacheTags(ref).join(",") };
}

/** The definition asked for, if it is one of Table 10's. */
export function definitionKey(value: string | undefined): PlayDefinitionKey {
  const upper = (value ?? "").toUpperCase();
  return (PLAY_DEFINITIONS as readonly string[]).includes(upper) ? (upper as PlayDefinitionKey) : "";
}

/** The playInfo to play: the asked definition, else the program's own, else the first; http(s) only. */
export function pickPlayInfo(program: Pick<VisibleProgram, "definition" | "playInfos">, definition: PlayDefinitionKey): PlayInfo | undefined {
  const playable = program.playInfos.filter((p) => {
    try {
      return ["http:", "https:"].includes(new URL(p.playUrl).protocol);
    } catch {
      return false;
    }
  });
  return (definition && playable.find((p) => p.definition === definition)) || playable.find((p) => p.definition === program.definition) || playable[0];
}

function programRef(p: VisibleProgram): ContentRef {
  return { groupId: p.groupId, seriesIds: p.seriesId ? [p.seriesId] : [], programIds: [p.programId] };
}

export function terminalRoutes(): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>();

  app.get("/api/v1/terminal/series/:groupId/:seriesId", async (c) => {
    const { groupId, seriesId } = c.req.param();
    const origin = new URL(c.req.url).origin;
    return serveCached(origin, seriesPath(groupId, seriesId), async () => {
      const found = await visibleSeries(createDb(c.env.DB), groupId, seriesId);
      if (!found) return gone(c);
      const ref = { groupId, seriesIds: [seriesId], programIds: found.episodes.map((e) => e.programId) };
      return c.json({ ...found.series.data, groupId, seriesId, episodes: found.episodes }, 200, cacheHeaders(c, ref));
    });
  });

  app.get("/api/v1/terminal/programs/:groupId/:programId", async (c) => {
    const { groupId, programId } = c.req.param();
    const origin = new URL(c.req.url).origin;
    return serveCached(origin, programPath(groupId, programId), async () => {
      const program = await visibleProgram(createDb(c.env.DB), groupId, programId);
      if (!program) return gone(c);
      // Terminals play through the platform's redirect, so a takedown and play auth hold for them.
      const playInfos = program.playInfos.map((p) => ({ ...p, playUrl: new URL(playPath(groupId, programId, definitionKey(p.definition)), origin).toString() }));
      return c.json({ ...program.data, groupId, programId, playInfos }, 200, cacheHeaders(c, programRef(program)));
    });
  });

  app.get("/play/:groupId/:programId", async (c) => {
    const { groupId, programId } = c.req.param();
    const origin = new URL(c.req.url).origin;
    const definition = definitionKey(c.req.query("definition"));
    const { playAuth } = loadConfig(c.env);
    const redirect = async () => {
      const program = await visibleProgram(createDb(c.env.DB), groupId, programId);
      const playInfo = program && pickPlayInfo(program, definition);
      if (!program || !playInfo) return gone(c);
      const location = signPlayUrl(playInfo.playUrl, playAuth, Date.now());
      // A signed URL is fresh per request: never shared through a cache.
      const headers = playAuth.scheme === "none" ? cacheHeaders(c, programRef(program)) : { "Cache-Control": "private, no-store" };
      return new Response(null, { status: 302, headers: { Location: location, ...headers } });
    };
    return playAuth.scheme === "none" ? serveCached(origin, playPath(groupId, programId, definition), redirect) : redirect();
  });

  return app;
}
