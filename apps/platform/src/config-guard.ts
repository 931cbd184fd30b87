/**
 * Configuration errors say what is missing (issue 11 item 10): the Worker logs the names of
 * missing or malformed secrets once per isolate, GET /healthz lists them, and a route that needs
 * one answers 503 in its own wire format (Annex C for CP and terminal routes, AdminError for the
 * operator API) instead of failing with a bare 500. Names only, never values.
 */
import type { Context, MiddlewareHandler } from "hono";
import { configProblems, ConfigError, secretsForPath, type ConfigProblems } from "./config";
import type { HonoEnv } from "./env";
import { AdminError, adminErrorAnswer } from "./admin/errors";
import { annexCAnswer, ProtocolError } from "@gyt345/protocol/errors";

let logged: string | undefined;

function problemsOf(env: HonoEnv["Bindings"]): ConfigProblems {
  const problems = configProblems(env as unknown as Record<string, string | undefined>);
  const summary = JSON.stringify(problems);
  if ((problems.missing.length > 0 || problems.malformed.length > 0) && logged !== summary) {
    logged = summary;
    console.error(`configuration error: missing secrets [${problems.missing.join(", ")}], malformed secrets [${problems.malformed.join(", ")}]`);
  }
  return problems;
}

/** GET /healthz: 200 {ok:true}, or 503 {ok:false, missing, malformed}. */
export function healthz(c: Context<HonoEnv>): Response {
  const { missing, malformed } = problemsOf(c.env);
  if (missing.length === 0 && malformed.length === 0) return c.json({ ok: true });
  return c.json({ ok: false, missing, malformed }, 503);
}

/** Refuses a request whose route needs a secret that is missing or malformed. */
export function configGuard(): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const needed = secretsForPath(c.req.method, new URL(c.req.url).pathname);
    if (needed.length > 0) {
      const { missing, malformed } = problemsOf(c.env);
      const bad = needed.filter((name) => missing.includes(name) || malformed.includes(name));
      if (bad.length > 0) {
        const message = new ConfigError(bad).message;
        const { status, body } = c.req.path.startsWith("/admin/api/")
          ? adminErrorAnswer(new AdminError("ServiceUnavailable", message))
          : annexCAnswer(new ProtocolError("ServiceUnAvailable"));
        return c.json(body, status as 503);
      }
    }
    await next();
  };
}
