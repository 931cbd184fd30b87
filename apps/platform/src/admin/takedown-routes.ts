/**
 * Emergency offline API (CONTRACT "Emergency offline"): take down, lift, list, detail,
 * resend a notice. Mounted inside the admin API (session + CSRF already checked there).
 */
import { Hono, type Context } from "hono";
import { createDb } from "../catalog/db";
import { loadOfflineConfig } from "../config";
import { emergencyOffline, EmergencyOfflineInput, type TakedownPorts } from "../offline/takedown";
import { resendNotice, takedownDetail, takedownList } from "../offline/views";
import { input } from "./routes";
import { requireRole, type AdminEnv } from "./session";

function takedownPorts(c: Context<AdminEnv>): TakedownPorts {
  return {
    db: createDb(c.env.DB),
    queue: c.env.NOTICE_QUEUE,
    config: loadOfflineConfig(c.env),
    origin: new URL(c.req.url).origin,
    actor: c.get("operator").username,
    now: Date.now(),
    waitUntil: (p) => c.executionCtx.waitUntil(p),
  };
}

export function takedownRoutes(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const writers = requireRole("admin", "operator");
  const readers = requireRole("admin", "operator", "auditor");
  app.post("/emergency-offline", writers, async (c) => c.json(await emergencyOffline(takedownPorts(c), await input(c, EmergencyOfflineInput), "takedown")));
  app.post("/emergency-offline/lift", writers, async (c) => c.json(await emergencyOffline(takedownPorts(c), await input(c, EmergencyOfflineInput), "lift")));
  app.get("/takedowns", readers, async (c) =>
    c.json(await takedownList(createDb(c.env.DB), { cursor: c.req.query("cursor"), limit: c.req.query("limit"), groupId: c.req.query("groupId") })),
  );
  app.get("/takedowns/:id", readers, async (c) => c.json(await takedownDetail(createDb(c.env.DB), c.req.param("id"))));
  app.post("/notices/:id/resend", writers, async (c) =>
    c.json(await resendNotice({ db: createDb(c.env.DB), queue: c.env.NOTICE_QUEUE, actor: c.get("operator").username, now: Date.now() }, c.req.param("id"))),
  );
  return app;
}
