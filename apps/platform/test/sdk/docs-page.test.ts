/** /docs renders the API reference from the Worker alone: the page, its script and the document it loads. */
import { SELF } from "cloudflare:test";
import { expect, it } from "vitest";
import { ORIGIN } from "../helpers/platform";

it("GET /docs serves the page; every asset it names is served by the platform itself", async () => {
  const page = await SELF.fetch(`${ORIGIN}/docs`);
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  const csp = page.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("script-src 'self'");
  const html = await page.text();
  const assets = [...html.matchAll(/(?:src|href|spec-url)="([^"]+)"/g)].map((m) => m[1]!);
  expect(assets.sort()).toEqual(["/api/v1/openapi.json", "/api/v1/openapi.json", "/docs/redoc.standalone.js"].sort());
  for (const path of assets) expect(path.startsWith("/"), `${path} is not on the platform`).toBe(true);

  const script = await SELF.fetch(`${ORIGIN}/docs/redoc.standalone.js`);
  expect(script.status).toBe(200);
  expect(script.headers.get("content-type")).toMatch(/javascript/);
  const source = await script.text();
  expect(source.length).toBeGreaterThan(500_000);
  expect(source).toContain("Redoc");
  const etag = script.headers.get("etag")!;
  expect((await SELF.fetch(`${ORIGIN}/docs/redoc.standalone.js`, { headers: { "if-none-match": etag } })).status).toBe(304);

  const spec = await SELF.fetch(`${ORIGIN}/api/v1/openapi.json`);
  expect(spec.status).toBe(200);
  expect(((await spec.json()) as { openapi: string }).openapi).toBe("3.1.0");
});
