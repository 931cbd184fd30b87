// The platform Worker as the ingest benchmark runs it: every request's D1 round trips are counted
// (answered in `x-d1-calls`), and POST /bench/noop is the unsigned no-op baseline route (it reads
// the body and answers a JSON ok, nothing else).
import platform from "@gyt345/platform/index";
import type { AppBindings } from "@gyt345/platform/env";
import { countingD1 } from "@gyt345/testkit/counting-d1";

export default {
  async fetch(request: Request, env: AppBindings, ctx: ExecutionContext): Promise<Response> {
    if (new URL(request.url).pathname === "/bench/noop") {
      await request.arrayBuffer();
      return Response.json({ code: "ok", msg: "success" }, { headers: { "x-d1-calls": "0" } });
    }
    const counted = countingD1(env.DB);
    // Diagnostics (docs/performance.md), never the platform's behaviour: BENCH_INGEST_STORAGE=
    //  - "memory-kv": the nonce fast check against a per-isolate map instead of local KV;
    //  - "none": that, and the ingest routes' D1 batch answered without being run (the CP lookup
    //    and everything else still use D1), to show the Worker's own share.
    const storage = (env as { BENCH_INGEST_STORAGE?: string }).BENCH_INGEST_STORAGE ?? "real";
    const ingest = new URL(request.url).pathname.startsWith("/api/v1/");
    const kv = storage === "real" ? env.NONCE_KV : memoryKv;
    const db = storage === "none" && ingest ? unrunBatches(counted.db) : counted.db;
    const res = await platform.fetch(request, { ...env, DB: db, NONCE_KV: kv }, ctx);
    const out = new Response(res.body, res);
    out.headers.set("x-d1-calls", String(counted.calls.length));
    return out;
  },
  scheduled: platform.scheduled,
} satisfies ExportedHandler<AppBindings>;

/** D1 whose batch answers as if every statement returned one row, without running them. */
function unrunBatches(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, key) {
      if (key === "batch") return async (statements: unknown[]) => statements.map(() => ({ results: [{ series_id: "x", program_id: "x" }], success: true, meta: {} }));
      const value = Reflect.get(target, key) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const memoryMap = new Map<string, string>();
const memoryKv = {
  async get(key: string) {
    return memoryMap.get(key) ?? null;
  },
  async put(key: string, value: string) {
    memoryMap.set(key, value);
  },
} as unknown as KVNamespace;
