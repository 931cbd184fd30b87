/**
 * Calling the Worker's own fetch (not SELF.fetch): each call gets its own execution context,
 * so copies inside one Promise.all truly interleave at every await (authentication, batch),
 * as concurrent requests do in production. SELF.fetch serialises them.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../src/index";
import type { AppBindings } from "../../src/env";

/** One request through the Worker; waits for its waitUntil work (log rows, KV) after the answer. */
export async function callWorker(request: Request, bindings: AppBindings = env): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** The answers of N copies of requests sent at once (each a fresh Request). */
export function race(makers: readonly (() => Request)[], bindings: AppBindings = env): Promise<Response[]> {
  return Promise.all(makers.map((make) => callWorker(make(), bindings)));
}
