/** Operator JSON API, first slice: session and CP onboarding (the console issue extends it). */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import * as v from "valibot";
import { loadConfig, loadOfflineConfig } from "../config";
import { createDb } from "../catalog/db";
import { platformPublicKey } from "../offline/platform-key";
import { getCp, listCpViews, onboardCp, OnboardCpInput, patchCp, PatchCpInput, type CpServicePorts } from "./cp-service";
import { AdminError, adminErrorAnswer } from "./errors";
import { login, loginOriginAllowed, logout, requireRole, requireSession, ALL_ROLES, type AdminEnv } from "./session";
import { takedownRoutes } from "./takedown-routes";
import {
  auditList,
  AuditQuery,
  ContentQuery,
  dashboardStats,
  messageList,
  MessageQuery,
  parseQuery,
  programDetail,
  searchList,
  seriesDetail,
  verifyAuditChain,
} from "./console";
import { createOperator, CreateOperatorInput, listOperatorViews, patchOperator, PatchOperatorInput, type OperatorPorts } from "./operators";

/** Largest admin request body: refused with 413 before it is read whole. */
export const ADMIN_MAX_BODY_BYTES = 64 * 1024;

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

  app.use(
    "*",
    bodyLimit({
      maxSize: ADMIN_MAX_BODY_BYTES,
      onError: () => {
        throw new AdminError("PayloadTooLarge", `The body exceeds ${ADMIN_MAX_BODY_BYTES} bytes.`);
      },
    }),
  );

  app.post("/session", async (c) => {
    if (!loginOriginAllowed(c)) throw new AdminError("Forbidden", "Cross-origin request refused.");
    const { username, password } = await input(c, LoginInput);
    const { csrfToken, operator } = await login(c, username, password);
    return c.json({ csrfToken, username: operator.username, role: operator.role });
  });

  app.use("*", requireSession());
  app.get("/session", requireRole(...ALL_ROLES), (c) => c.json(c.get("operator")));
  app.delete("/session", requireRole(...ALL_ROLES), async (c) => {
    await logout(c);
    return c.body(null, 204);
  });

  app.get("/cps", requireRole("admin", "operator", "auditor"), async (c) => c.json({ cps: await listCpViews(createDb(c.env.DB)) }));
  app.get("/cps/:groupId", requireRole("admin", "operator", "auditor"), async (c) => c.json(await getCp(createDb(c.env.DB), c.req.param("groupId"))));
  app.post("/cps", requireRole("admin"), async (c) => c.json(await onboardCp(cpPorts(c), await input(c, OnboardCpInput)), 201));
  app.patch("/cps/:groupId", requireRole("admin"), async (c) => c.json(await patchCp(cpPorts(c), c.req.param("groupId"), await input(c, PatchCpInput))));

  app.route("/", takedownRoutes());

  const db = (c: Context<AdminEnv>) => createDb(c.env.DB);
  app.get("/series", requireRole(...ALL_ROLES), async (c) => c.json(await searchList(db(c), "series", parseQuery(ContentQuery, c.req.query()))));
  app.get("/programs", requireRole(...ALL_ROLES), async (c) => c.json(await searchList(db(c), "programs", parseQuery(ContentQuery, c.req.query()))));
  app.get("/series/:groupId/:seriesId", requireRole(...ALL_ROLES), async (c) => c.json(await seriesDetail(db(c), c.req.param("groupId"), c.req.param("seriesId"))));
  app.get("/programs/:groupId/:programId", requireRole(...ALL_ROLES), async (c) => c.json(await programDetail(db(c), c.req.param("groupId"), c.req.param("programId"))));
  app.get("/messages", requireRole(...ALL_ROLES), async (c) => c.json(await messageList(db(c), parseQuery(MessageQuery, c.req.query()))));
  app.get("/stats", requireRole(...ALL_ROLES), async (c) => c.json(await dashboardStats(db(c), Date.now())));
  app.get("/audit", requireRole(...ALL_ROLES), async (c) => c.json(await auditList(db(c), parseQuery(AuditQuery, c.req.query()))));
  app.get("/audit/verify", requireRole(...ALL_ROLES), async (c) => c.json(await verifyAuditChain(db(c))));

  const operatorPorts = (c: Context<AdminEnv>): OperatorPorts => ({ db: db(c), builtInAdmin: c.env.ADMIN_USERNAME, now: Date.now(), actor: c.get("operator").username });
  app.get("/operators", requireRole("admin"), async (c) => c.json(await listOperatorViews(operatorPorts(c))));
  app.post("/operators", requireRole("admin"), async (c) => c.json(await createOperator(operatorPorts(c), await input(c, CreateOperatorInput)), 201));
  app.patch("/operators/:username", requireRole("admin"), async (c) =>
    c.json(await patchOperator(operatorPorts(c), c.req.param("username"), await input(c, PatchOperatorInput))),
  );

  app.all("*", () => {
    throw new AdminError("NotFound", "No such admin API.");
  });
  return app;
}
