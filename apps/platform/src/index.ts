/**
 * GY/T 345-2021 program integration system (节目集成系统): the Worker's entry point.
 * CP-facing signed interfaces under /api/v1, the operator API under /admin/api.
 */
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { adminRoutes } from "./admin/routes";
import { createDb } from "./catalog/db";
import { purgeRefusedAnonymous, purgeRefusedLog } from "./catalog/messages";
import { purgeExpiredNonces } from "./catalog/nonces";
import { loadConfig } from "./config";
import { configGuard, healthz } from "./config-guard";
import type { AppBindings, HonoEnv } from "./env";
import { ingestRoutes } from "./ingest/routes";
import { handleQueue } from "./offline/consumer";
import { sweepOutbox } from "./offline/outbox";
import { platformPublicKey } from "./offline/platform-key";
import { annexCAnswer } from "@gyt345/protocol/errors";
import { openApiDocument } from "@gyt345/protocol/openapi";
import { terminalRoutes } from "./terminal/routes";
import { docsRoutes } from "./docs/routes";

const app = new Hono<HonoEnv>();
app.use(secureHeaders());

// The CP-facing wire format: every error becomes its Annex C answer here and only here.
app.onError((err, c) => {
  const { status, body } = annexCAnswer(err);
  return c.json(body, status as 400);
});
app.notFound((c) => c.json({ code: "NotFound", msg: "No such interface." }, 404));

app.all("/healthz", healthz);
app.use("*", configGuard());
app.get("/api/v1/openapi.json", (c) => c.json(openApiDocument()));
app.get("/api/v1/platform/public-key", (c) => c.json({ publicKey: platformPublicKey(c.env.PLATFORM_SM2_PRIVATE_KEY) }));
app.route("/", ingestRoutes());
app.route("/admin/api", adminRoutes());
app.route("/", terminalRoutes());
app.route("/", docsRoutes());

/** Cron: forget nonces past the ts window and refused-request logs past retention. */
async function scheduled(controller: ScheduledController, env: AppBindings): Promise<void> {
  const db = createDb(env.DB);
  const config = loadConfig(env);
  // The runtime's clock for this run (tests pass a chosen time the same way).
  const now = controller.scheduledTime;
  await db.batch([
    purgeExpiredNonces(db, now),
    purgeRefusedLog(db, now - config.refusedLogRetentionMs),
    purgeRefusedAnonymous(db, now - config.refusedLogRetentionMs),
  ]);
  await sweepOutbox(db, env, now);
}

export default {
  fetch: app.fetch,
  scheduled,
  queue: handleQueue,
} satisfies ExportedHandler<AppBindings>;
