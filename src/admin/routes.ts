/** Operator JSON API, first slice: session and CP onboarding (the console issue extends it). */
import { Hono, type Context } from "hono";
import * as v from "valibot";
import { loadConfig, loadOfflineConfig } from "../config";
import { createDb } from "../catalog/db";
import { platformPublicKey } from "../offline/platform-key";
import { getCp, listCpViews, onboardCp, OnboardCpInput, patchCp, PatchCpInput, type CpServicePorts } from "./cp-service";
import { AdminError, adminErrorAnswer } from "./errors";
import { login, loginOriginAllowed, logout, requireRole, requireSession, type AdminEnv } from "./session";
import { takedownRoutes } from "./takedown-routes";

const LoginInput = v.object({ username: v.pipe(v.string(), v.maxLength(128)), password: v.pipe(v.string(), v.maxLength(1024)) });

/** Validates a JSON body against a schema; the answer names the field, never echoes the input. */
export async function input<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AdminError("InvalidInput", "The body must be a JSON object.");
  }
  const result = v.safeParse(schema, body, { abortEarly: true });
  if (!result.success) {
    const field = v.getDotPath(result.issues[0]) ?? undefined;
    throw new AdminError("InvalidInput", `${field ?? "body"} is not valid.`, field);
  }
  return result.output;
}

function cpPorts(c: Context<AdminEnv>): CpServicePorts {
  return {
    db: createDb(c.env.DB),
    cpSecretKey: c.env.CP_SECRET_KEY,
    platformPublicKey: platformPublicKey(c.env.PLATFORM_SM2_PRIVATE_KEY),
    allowPrivateCpUrls: loadConfig(c.env).allowPrivateCpUrls,
    now: Date.now(),
    actor: c.get("operator").username,
    offline: { queue: c.env.NOTICE_QUEUE, origin: new URL(c.req.url).origin, cdnAdapter: loadOfflineConfig(c.env).cdnAdapter },
  };
}

export function adminRoutes(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError((err, c) => {
    const { status, body } = adminErrorAnswer(err);
    if (status >= 500) console.error("admin api failed:", err);
    return c.json(body, status as 400);
  });
  // Answers carry operator data: never cache them.
  app.use("*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });

  app.post("/session", async (c) => {
    if (!loginOriginAllowed(c)) throw new AdminError("Forbidden", "Cross-origin request refused.");
    const { username, password } = await input(c, LoginInput);
    const { csrfToken, operator } = await login(c, username, password);
    return c.json({ csrfToken, username: operator.username, role: operator.role });
  });

  app.use("*", requireSession());
  app.get("/session", (c) => c.json(c.get("operator")));
  app.delete("/session", async (c) => {
    await logout(c);
    return c.body(null, 204);
  });

  app.get("/cps", requireRole("admin", "operator", "auditor"), async (c) => c.json({ cps: await listCpViews(createDb(c.env.DB)) }));
  app.get("/cps/:groupId", requireRole("admin", "operator", "auditor"), async (c) => c.json(await getCp(createDb(c.env.DB), c.req.param("groupId"))));
  app.post("/cps", requireRole("admin"), async (c) => c.json(await onboardCp(cpPorts(c), await input(c, OnboardCpInput)), 201));
  app.patch("/cps/:groupId", requireRole("admin"), async (c) => c.json(await patchCp(cpPorts(c), c.req.param("groupId"), await input(c, PatchCpInput))));

  app.route("/", takedownRoutes());

  app.all("*", () => {
    throw new AdminError("NotFound", "No such admin API.");
  });
  return app;
}
