/**
 * GET /docs: the API reference rendered by Redoc from /api/v1/openapi.json. The Redoc
 * standalone bundle is part of the Worker (imported as text, see wrangler.toml [[rules]]) and
 * served at /docs/redoc.standalone.js: no CDN at run time, and nothing shared with the static
 * assets of /admin/.
 */
import { Hono } from "hono";
import redocSource from "redoc/bundles/redoc.standalone.js";
import type { HonoEnv } from "../env";

const BUNDLE_PATH = "/docs/redoc.standalone.js";

// Redoc injects its styles and starts its search index in a blob: worker; nothing leaves the origin.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; worker-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GY/T 345-2021 节目集成系统 — API reference</title>
<style>body{margin:0}</style>
</head>
<body>
<redoc spec-url="/api/v1/openapi.json" hide-download-button="false" expand-responses="200,400" path-in-middle-panel="true"></redoc>
<noscript>The API reference needs JavaScript; the document itself is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</noscript>
<script src="${BUNDLE_PATH}"></script>
</body>
</html>
`;

let etag: string | undefined;
async function bundleEtag(): Promise<string> {
  if (etag === undefined) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(redocSource));
    etag = `"${[...new Uint8Array(digest).slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("")}"`;
  }
  return etag;
}

export function docsRoutes() {
  const docs = new Hono<HonoEnv>();
  docs.get("/docs", (c) => {
    c.header("content-security-policy", CSP);
    c.header("cache-control", "no-cache");
    return c.html(PAGE);
  });
  docs.get(BUNDLE_PATH, async (c) => {
    const tag = await bundleEtag();
    if (c.req.header("if-none-match") === tag) return c.body(null, 304);
    c.header("content-type", "text/javascript; charset=utf-8");
    c.header("cache-control", "public, max-age=86400");
    c.header("etag", tag);
    return c.body(redocSource);
  });
  return docs;
}
