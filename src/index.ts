import { Hono } from "hono";
import type { HonoEnv } from "./env";

const app = new Hono<HonoEnv>();
app.all("/healthz", (c) => c.json({ ok: true }));

export default app;
