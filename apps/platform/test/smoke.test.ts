import { SELF, env } from "cloudflare:test";
import { expect, it } from "vitest";

it("answers health", async () => {
  const res = await SELF.fetch("https://platform.test/healthz");
  expect(res.status).toBe(200);
  expect(env.DB).toBeDefined();
});
