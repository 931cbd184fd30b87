/**
 * Queue consumer of the outbox: 301/302 notices to CPs, CDN purges, takedown verification.
 * Each message names an outbox row (and its generation); the row says what to do.
 *
 * Delivery: one try per message; success → delivered (+ the CP's feedback, Figure 2);
 * failure → the attempt is recorded and `message.retry({delaySeconds})` follows the schedule
 * of config (≈10 s, 1 min, 5 min, 30 min, 2 h, then 6 h, > 24 h in all); when the schedule
 * is spent the row becomes `failed` and the message goes to the dead-letter queue.
 */
import { createDb, runBatch, type Db } from "../catalog/db";
import { decryptMacSecret } from "../catalog/cp-credentials";
import { findCp } from "../catalog/cps";
import { getOutbox, recordAttempt, setOutboxStatus, type NoticePayload, type PurgePayload } from "../catalog/outbox";
import type { CpRow, OutboxRow } from "../catalog/schema";
import { checkCallbackUrl } from "../admin/url-policy";
import { loadConfig, loadOfflineConfig, type OfflineConfig } from "../config";
import { randomHex, type SigningCredential } from "@gyt345/protocol/crypto";
import type { AppBindings } from "../env";
import { CdnError, createCdnAdapter, runPurge } from "./cdn";
import { buildNoticeRequest } from "@gyt345/protocol/notice";
import type { OutboxMessage } from "./outbox";
import { purgeTargetsOfPayload } from "./targets";
import { handleVerifyJob } from "./verify";

/** What one try produced: an attempt row and, on success, the feedback to keep. */
interface TryOutcome {
  ok: boolean;
  httpStatus: number | null;
  latencyMs: number;
  code: string | null;
  msg: string | null;
  error: string | null;
  nonce: string | null;
  /** Changed payload to store (e.g. the URL this try used). */
  payload?: unknown;
}

export interface ConsumerPorts {
  env: AppBindings;
  db: Db;
  config: OfflineConfig;
  /** Looked up at call time so tests can stand in for the CP or the CDN. */
  fetch: typeof fetch;
  now: () => number;
}

export function isDeadLetterQueue(queueName: string): boolean {
  return queueName.endsWith("-dlq");
}

export async function handleQueue(batch: MessageBatch<unknown>, env: AppBindings, ctx: ExecutionContext): Promise<void> {
  const ports: ConsumerPorts = {
    env,
    db: createDb(env.DB),
    config: loadOfflineConfig(env),
    fetch: (input, init) => globalThis.fetch(input, init),
    now: () => Date.now(),
  };
  const deadLetters = isDeadLetterQueue(batch.queue);
  await Promise.all(batch.messages.map((m) => handleMessage(ports, m, deadLetters, ctx)));
}

async function handleMessage(ports: ConsumerPorts, message: Message<unknown>, deadLetters: boolean, ctx: ExecutionContext): Promise<void> {
  const body = message.body as Partial<OutboxMessage> | null;
  try {
    if (!body || typeof body.id !== "string" || (body.kind !== "notice" && body.kind !== "purge" && body.kind !== "verify")) {
      console.error("outbox consumer: malformed message dropped");
      message.ack();
      return;
    }
    if (deadLetters) return await markDeadLetter(ports, message, body as OutboxMessage);
    if (body.kind === "verify") return await runVerify(ports, message, body as OutboxMessage, ctx);
    await deliver(ports, message, body as OutboxMessage);
  } catch (err) {
    // A storage fault while recording: the message comes back, nothing is lost.
    console.error("outbox consumer failed:", String(err));
    message.retry({ delaySeconds: ports.config.retryScheduleSeconds[0] ?? 10 });
  }
}

async function deliver(ports: ConsumerPorts, message: Message<unknown>, body: OutboxMessage): Promise<void> {
  const row = await getOutbox(ports.db, body.id);
  // Unknown, superseded by a resend, or already settled: nothing to do.
  if (!row || row.generation !== body.generation || row.status === "delivered" || row.status === "failed") {
    message.ack();
    return;
  }
  const outcome = row.kind === "notice" ? await tryNotice(ports, row) : await tryPurge(ports, row);
  const now = ports.now();
  const attempt = recordAttempt(ports.db, {
    outboxId: row.id,
    at: now,
    httpStatus: outcome.httpStatus,
    latencyMs: outcome.latencyMs,
    code: outcome.code,
    msg: outcome.msg,
    error: outcome.error,
    nonce: outcome.nonce,
  });
  const payload = outcome.payload !== undefined ? { payload: outcome.payload } : {};
  if (outcome.ok) {
    await runBatch(ports.db, [
      attempt,
      setOutboxStatus(ports.db, row.id, row.generation, { status: "delivered", feedbackCode: outcome.code, feedbackMsg: outcome.msg, ...payload }, now),
    ]);
    message.ack();
    return;
  }
  const schedule = ports.config.retryScheduleSeconds;
  if (message.attempts <= schedule.length) {
    await runBatch(ports.db, [attempt, setOutboxStatus(ports.db, row.id, row.generation, { status: "sending", ...payload }, now)]);
    message.retry({ delaySeconds: schedule[message.attempts - 1]! });
    return;
  }
  await runBatch(ports.db, [attempt, setOutboxStatus(ports.db, row.id, row.generation, { status: "failed", ...payload }, now)]);
  await ports.env.DEAD_LETTER_QUEUE.send(body, { contentType: "json" });
  message.ack();
}

/** A message that reached the dead-letter queue (by us, or by max_retries): its row shows failed. */
async function markDeadLetter(ports: ConsumerPorts, message: Message<unknown>, body: OutboxMessage): Promise<void> {
  const row = await getOutbox(ports.db, body.id);
  if (row && row.generation === body.generation && (row.status === "pending" || row.status === "sending")) {
    await setOutboxStatus(ports.db, row.id, row.generation, { status: "failed" }, ports.now());
  }
  message.ack();
}

async function runVerify(ports: ConsumerPorts, message: Message<unknown>, body: OutboxMessage, ctx: ExecutionContext): Promise<void> {
  const result = (await handleVerifyJob(body.job as never, ports.env, ctx)) as unknown;
  const again = (result as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof again === "number" && again > 0) {
    message.retry({ delaySeconds: Math.min(43_200, Math.ceil(again)) });
    return;
  }
  // Settled: the job's row leaves "pending" (the verdict itself is on the takedown).
  await setOutboxStatus(ports.db, body.id, body.generation, { status: "delivered" }, ports.now());
  message.ack();
}

function short(text: unknown, max = 500): string | null {
  if (text === undefined || text === null) return null;
  const s = typeof text === "string" ? text : JSON.stringify(text);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

async function noticeCredential(ports: ConsumerPorts, cp: CpRow): Promise<SigningCredential> {
  if (cp.mode === "sm2") return { mode: "sm2", privateKey: ports.env.PLATFORM_SM2_PRIVATE_KEY };
  if (!cp.macSecretEnc) throw new Error(`CP ${cp.groupId} has no MAC secret`);
  return { mode: "mac", macKey: await decryptMacSecret(ports.env.CP_SECRET_KEY, cp.groupId, cp.macSecretEnc) };
}

/** One POST of a 301/302 to the CP's registered URL (re-read and re-checked now); no redirects followed. */
async function tryNotice(ports: ConsumerPorts, row: OutboxRow): Promise<TryOutcome> {
  const notice = row.payload as NoticePayload;
  const started = ports.now();
  const fail = (error: string, extra: Partial<TryOutcome> = {}): TryOutcome => ({
    ok: false,
    httpStatus: null,
    latencyMs: ports.now() - started,
    code: null,
    msg: null,
    error,
    nonce: null,
    ...extra,
  });
  const cp = await findCp(ports.db, row.groupId);
  if (!cp) return fail(`CP ${row.groupId} is not registered`);
  const url = notice.msgType === 301 ? cp.seriesOfflineUrl : cp.programOfflineUrl;
  const payload = url === notice.url ? undefined : { ...notice, url };
  const problem = checkCallbackUrl(url, loadConfig(ports.env).allowPrivateCpUrls);
  if (problem) return fail(`CP URL refused by the callback policy: ${problem}`, { payload });
  let request;
  try {
    request = buildNoticeRequest(cp, await noticeCredential(ports, cp), notice, url, { nonce: randomHex(16), ts: String(ports.now()) });
  } catch (err) {
    return fail(`cannot sign: ${String(err)}`, { payload });
  }
  const t0 = ports.now();
  let res: Response;
  try {
    res = await ports.fetch(request.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(ports.config.sendTimeoutMs),
    });
  } catch (err) {
    const name = (err as Error)?.name;
    const error = name === "TimeoutError" || name === "AbortError" ? `timeout after ${ports.config.sendTimeoutMs} ms` : `network error: ${String(err)}`;
    return { ok: false, httpStatus: null, latencyMs: ports.now() - t0, code: null, msg: null, error, nonce: request.nonce, payload };
  }
  const text = (await res.text().catch(() => "")).slice(0, 8192);
  const latencyMs = ports.now() - t0;
  let answer: { code?: unknown; msg?: unknown } = {};
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === "object") answer = parsed;
  } catch {
    /* not JSON */
  }
  const code = short(answer.code, 100);
  const msg = short(answer.msg);
  const base = { httpStatus: res.status, latencyMs, code, msg, nonce: request.nonce, payload };
  if (res.status >= 300 && res.status < 400) return { ...base, ok: false, error: "redirect not followed" };
  if (res.status !== 200) return { ...base, ok: false, error: `HTTP ${res.status}` };
  if (code !== "ok") return { ...base, ok: false, error: code === null ? "answer without code" : `code ${code}` };
  return { ...base, ok: true, error: null };
}

async function tryPurge(ports: ConsumerPorts, row: OutboxRow): Promise<TryOutcome> {
  const { adapter: name, targets, expand } = row.payload as PurgePayload;
  const adapter = createCdnAdapter(name, {
    config: ports.config,
    fetch: ports.fetch,
    cfApiToken: ports.env.CF_API_TOKEN,
    platformPrivateKey: ports.env.PLATFORM_SM2_PRIVATE_KEY,
  });
  const t0 = ports.now();
  try {
    const result = await runPurge(adapter, await purgeTargetsOfPayload(ports.db, { adapter: name, targets, expand }));
    return { ok: true, httpStatus: result.httpStatus, latencyMs: ports.now() - t0, code: result.code ?? null, msg: short(result.msg), error: null, nonce: null };
  } catch (err) {
    const name = (err as Error)?.name;
    const error = name === "TimeoutError" || name === "AbortError" ? `timeout after ${ports.config.sendTimeoutMs} ms` : short(String((err as Error)?.message ?? err));
    return { ok: false, httpStatus: err instanceof CdnError ? err.httpStatus : null, latencyMs: ports.now() - t0, code: null, msg: null, error, nonce: null };
  }
}

