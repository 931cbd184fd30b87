/**
 * Test harness of emergency offline: the Worker called with a stand-in env (a queue that
 * records, or one that fails), the queue consumer driven message by message, and a fake CP /
 * CDN behind `fetch` that records every request it gets.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult, SELF, waitOnExecutionContext } from "cloudflare:test";
import { expect, vi } from "vitest";
import worker from "../../src/index";
import type { AppBindings } from "../../src/env";
import { loginAdmin, onboardCp, ORIGIN, PATHS, programMessage, seriesMessage, type AdminClient, type TestCp } from "../helpers/platform";

export type TestEnv = AppBindings & Record<string, unknown>;

export interface RecordingQueue {
  queue: Queue;
  bodies: unknown[];
}

export function recordingQueue(failing = false): RecordingQueue {
  const bodies: unknown[] = [];
  const queue = {
    async send(body: unknown) {
      if (failing) throw new Error("queue unavailable (test)");
      bodies.push(body);
    },
    async sendBatch(messages: { body: unknown }[]) {
      if (failing) throw new Error("queue unavailable (test)");
      for (const m of messages) bodies.push(m.body);
    },
  } as unknown as Queue;
  return { queue, bodies };
}

/** The real bindings with the queues replaced by recorders, plus var overrides. */
export function testEnv(vars: Record<string, string> = {}, opts: { failingQueue?: boolean } = {}) {
  const notices = recordingQueue(opts.failingQueue);
  const deadLetters = recordingQueue();
  const e = { ...(env as unknown as AppBindings), ...vars, NOTICE_QUEUE: notices.queue, DEAD_LETTER_QUEUE: deadLetters.queue } as TestEnv;
  return { env: e, notices, deadLetters };
}

/** An admin API call through the Worker with a given env (SELF.fetch always uses the real one). */
export async function adminCall(admin: AdminClient, e: TestEnv, method: string, path: string, body?: unknown): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${ORIGIN}/admin/api${path}`, {
      method,
      headers: { cookie: admin.cookie, "x-csrf-token": admin.csrfToken, origin: ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    e,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

/** Runs the queue consumer on the given message bodies, as the runtime would with `attempts`. */
export async function consume(e: TestEnv, bodies: unknown[], attempts = 1, queueName = "gyt345-notices") {
  const batch = createMessageBatch(
    queueName,
    bodies.map((body, i) => ({ id: `msg-${i}-${crypto.randomUUID()}`, timestamp: Date.now(), attempts, body })),
  );
  // The pool's QueueResult does not carry delaySeconds: record what retry() was asked for.
  const delays: (number | undefined)[] = [];
  for (const m of batch.messages) {
    const retry = m.retry.bind(m);
    m.retry = (options?: QueueRetryOptions) => {
      delays.push(options?.delaySeconds);
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, e, ctx);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

export interface Captured {
  url: URL;
  method: string;
  body: string;
  at: number;
}

export type FakeAnswer = { status?: number; json?: unknown; hang?: boolean; throws?: boolean };

/**
 * Replaces `fetch`: each request `only` accepts is recorded and answered by `answer` (by call
 * number); the others fail like an unreachable network.
 */
export function fakeRemote(answer: (req: Captured, n: number) => FakeAnswer, only: (req: Captured) => boolean = () => true) {
  const calls: Captured[] = [];
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input as RequestInfo, init);
    const captured: Captured = { url: new URL(req.url), method: req.method, body: await req.text(), at: Date.now() };
    // Calls of other tests' background deliveries (the pool's real consumer) are not ours to count.
    if (!only(captured)) throw new TypeError("unreachable (test)");
    calls.push(captured);
    const a = answer(captured, calls.length);
    if (a.throws) throw new TypeError("network connection lost (test)");
    if (a.hang) {
      return new Promise<Response>((_, reject) => {
        const signal = init?.signal;
        signal?.addEventListener("abort", () => reject(signal.reason));
      });
    }
    return new Response(JSON.stringify(a.json ?? { code: "ok", msg: "success" }), { status: a.status ?? 200, headers: { "content-type": "application/json" } });
  });
  return { calls, restore: () => spy.mockRestore() };
}

export interface Content {
  admin: AdminClient;
  cp: TestCp;
  groupId: string;
  seriesId: string;
  episodes: string[];
  standalone: string;
}

/** A CP with a series of two episodes and one standalone program, through the signed interfaces. */
export async function pushContent(mode: "sm2" | "mac" = "sm2", admin?: AdminClient): Promise<Content> {
  admin ??= await loginAdmin();
  const cp = await onboardCp(admin, mode);
  const seriesId = "S-1";
  const episodes = ["E-1", "E-2"];
  const entry = (programId: string, seq: number) => ({ programId, seriesId, title: `${programId} title`, programType: "正片", seq, stage: seq, paid: 0, status: "online" });
  expect((await cp.post(PATHS.seriesInject, seriesMessage({ seriesId, seriesPrograms: episodes.map((id, i) => entry(id, i + 1)) }))).status).toBe(200);
  for (const [i, id] of [...episodes, "P-alone"].entries()) {
    const inSeries = i < episodes.length;
    const res = await cp.post(PATHS.programInject, program(id, inSeries ? seriesId : undefined, inSeries ? entry(id, i + 1) : undefined));
    expect(res.status, await res.clone().text()).toBe(200);
  }
  return { admin, cp, groupId: cp.groupId, seriesId, episodes, standalone: "P-alone" };
}

export function program(programId: string, seriesId?: string, seriesProgram?: unknown, playVersion = 1, extra: Record<string, unknown> = {}) {
  return programMessage({
    programId,
    title: `${programId} title`,
    definition: "HD",
    seriesId,
    seriesPrograms: seriesProgram,
    playInfos: [{ videoId: `${programId}-hd`, definition: "HD", format: "hls", playUrl: `https://cdn.example.com/${programId}/hd.m3u8?v=${playVersion}` }],
    ...extra,
  });
}

export const terminal = (path: string) => SELF.fetch(`${ORIGIN}${path}`, { redirect: "manual" });

export async function outboxRows(groupId: string, kind: "notice" | "purge" | "verify") {
  const { results } = await env.DB.prepare("SELECT * FROM outbox WHERE group_id = ? AND kind = ? ORDER BY created_at, id").bind(groupId, kind).all<{ id: string; payload: string; status: string; sent_at: number | null; takedown_id: string | null }>();
  return results.map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

/** Only requests carrying this CP's groupId (notices to it). */
export const forCp = (groupId: string) => (req: Captured) => req.url.searchParams.get("groupId") === groupId;
