/**
 * The same flow through the pool's real queue and consumer (wrangler.toml [[queues.consumers]]):
 * nothing is called by hand — the takedown's messages reach the consumer, which delivers.
 */
import { SELF } from "cloudflare:test";
import { afterEach, expect, it } from "vitest";
import { ORIGIN } from "../helpers/platform";
import { fakeRemote, forCp, outboxRows, pushContent } from "../offline/harness";

let restore: (() => void) | undefined;
afterEach(() => restore?.());

it("a takedown through the real queue: the consumer delivers the 302 and records the CP's feedback", { timeout: 60_000 }, async () => {
  const c = await pushContent();
  const cp = fakeRemote(
    (req) => (req.url.hostname === "cp.example.com" ? { json: { code: "ok", msg: "received" } } : { status: 404, json: {} }),
    (req) => req.url.hostname !== "cp.example.com" || forCp(c.groupId)(req),
  );
  restore = cp.restore;
  const res = await c.admin.call("POST", "/emergency-offline", { groupId: c.groupId, programIds: [c.standalone], reason: "real queue" });
  expect(res.status).toBe(200);
  const { takedownId } = (await res.json()) as { takedownId: string };
  let detail: { notices: { status: string; feedback: unknown }[]; purges: { status: string }[] } | undefined;
  for (let i = 0; i < 250; i++) {
    detail = (await (await SELF.fetch(`${ORIGIN}/admin/api/takedowns/${takedownId}`, { headers: { cookie: c.admin.cookie, "x-csrf-token": c.admin.csrfToken } })).json()) as typeof detail;
    if (detail!.notices[0]!.status === "delivered" && detail!.purges[0]!.status === "delivered") break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(detail!.notices[0]).toMatchObject({ status: "delivered", feedback: { code: "ok", msg: "received" } });
  expect(detail!.purges[0]!.status).toBe("delivered");
  expect(cp.calls.filter((call) => call.url.hostname === "cp.example.com")).toHaveLength(1);
  // The verification job ran through the same queue and, once settled, its outbox row too.
  let verify: { status: string } | undefined;
  for (let i = 0; i < 250 && verify?.status !== "delivered"; i++) {
    [verify] = await outboxRows(c.groupId, "verify");
    if (verify?.status !== "delivered") await new Promise((r) => setTimeout(r, 100));
  }
  expect(verify?.status).toBe("delivered");
});
