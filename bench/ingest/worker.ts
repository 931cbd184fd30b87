// The platform Worker as the ingest benchmark runs it: every request's D1 round trips are counted
// (answered in `x-d1-calls`), and POST /bench/noop is the unsigned no-op baseline route (it reads
// the body and answers a JSON ok, nothing else).
import platform from "../../src/index";
import type { AppBindings } from "../../src/env";
import { countingD1 } from "../lib/counting-d1";

export default {
  async fetch(request: Request, env: AppBindings, ctx: ExecutionContext): Promise<Response> {
    if (new URL(request.url).pathname === "/bench/noop") {
      await request.arrayBuffer();
      return Response.json({ code: "ok", msg: "success" }, { headers: { "x-d1-calls": "0" } });
    }
    const counted = countingD1(env.DB);
    // Diagnostic (BENCH_INGEST_KV=memory): the nonce fast check against a per-isolate map instead
    // of local KV, to show what local KV costs (docs/performance.md). Not the platform's behaviour.
    const kv = (env as { BENCH_INGEST_KV?: string }).BENCH_INGEST_KV === "memory" ? memoryKv : env.NONCE_KV;
    const res = await platform.fetch(request, { ...env, DB: counted.db, NONCE_KV: kv }, ctx);
    const out = new Response(res.body, res);
    out.headers.set("x-d1-calls", String(counted.calls.length));
    return out;
  },
  scheduled: platform.scheduled,
} satisfies ExportedHandler<AppBindings>;

const memoryMap = new Map<string, string>();
const memoryKv = {
  async get(key: string) {
    return memoryMap.get(key) ?? null;
  },
  async put(key: string, value: string) {
    memoryMap.set(key, value);
  },
} as unknown as KVNamespace;
