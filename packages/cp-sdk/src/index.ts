/**
 * The CP SDK (the package root): typed message builders, signing per profile (sm2 or mac),
 * `send` with bounded retries, Annex C answers as typed errors, and the handler for the
 * platform's 301/302 emergency-offline notices. Runs in Node (see engines), Workers and browsers:
 * only fetch, WebCrypto's randomness and @gyt345/protocol — no node: imports.
 */
import type { SigningCredential } from "@gyt345/protocol/crypto";
import { readAnswer, signCpRequest, signMessageBody, type SignedRequest } from "./signing";
import { answerError, NetworkError, type AnnexCError, type UnexpectedAnswer } from "./errors";
import type { CpMessage } from "./messages";

export * from "./errors";
export * from "./messages";
export { createNoticeHandler, type NoticeHandlerOptions, type ReceivedNotice } from "./notice-handler";
export type { SigningCredential } from "@gyt345/protocol/crypto";
export type { CpAnswer, SignedRequest } from "./signing";

export interface RetryPolicy {
  /** Attempts in all, the first included (default 4). */
  attempts: number;
  /** First back-off delay (default 500 ms); doubled each retry, capped at maxDelayMs (default 8 s). */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8000 };

export interface CpClientConfig {
  /** The platform, e.g. https://platform.example.com */
  baseUrl: string;
  groupId: string;
  /** `{mode:"sm2", privateKey: 64 hex}` or `{mode:"mac", macKey: 32 hex}`. */
  credential: SigningCredential;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** For tests: the clock (epoch ms) and the sleep between attempts. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called after each attempt (for logs and progress). */
  onAttempt?: (a: AttemptReport) => void;
}

export interface AttemptReport {
  attempt: number;
  msgId: string;
  nonce: string;
  status: number | null;
  code: string | null;
  error?: string;
  /** Delay before the next attempt, when there is one. */
  retryInMs?: number;
}

/** Both signing steps of one message, with every intermediate value (what `cp sign` prints). */
export interface SignedMessage extends SignedRequest {
  msgSignInput: string;
  msgSign: string;
  /** The exact body bytes sent (UTF-8). */
  body: string;
}

export interface SendResult {
  status: 200;
  code: "ok";
  /** "success", or a note (stale message ignored, unknown ids, duplicate). */
  msg: string;
  msgId: string;
  attempts: number;
}

export type SendError = AnnexCError | UnexpectedAnswer | NetworkError;

/** Exponential back-off with "equal jitter": half fixed, half random, so retries of many clients spread. */
export function backoffDelay(retry: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + random() * (cap / 2));
}

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class CpClient {
  readonly config: CpClientConfig;
  private readonly retry: RetryPolicy;

  constructor(config: CpClientConfig) {
    this.config = config;
    this.retry = { ...DEFAULT_RETRY, ...config.retry };
    if (this.retry.attempts < 1 || !Number.isInteger(this.retry.attempts)) throw new Error("retry.attempts must be an integer ≥ 1");
  }

  /** msgSign over the body, then `sign` over the request with a fresh nonce and ts (or the ones given). */
  sign(message: CpMessage, o: { nonce?: string; ts?: string } = {}): SignedMessage {
    const body = signMessageBody(this.config.credential, message.body);
    return { ...this.signAttempt(message, body.text, o), msgSignInput: body.msgSignInput, msgSign: body.msgSign, body: body.text };
  }

  private signAttempt(message: CpMessage, bodyText: string, o: { nonce?: string; ts?: string } = {}): SignedRequest {
    const now = this.config.now ?? Date.now;
    return signCpRequest(this.config.credential, {
      baseUrl: this.config.baseUrl,
      path: message.path,
      groupId: this.config.groupId,
      bodyText,
      nonce: o.nonce,
      ts: o.ts ?? String(now()),
    });
  }

  /**
   * Sends a message; resolves on 200 `ok`, throws a `SendError` otherwise. Network errors,
   * timeouts and 5xx answers are retried (bounded, exponential back-off with jitter): the same
   * msgId and body bytes each time — the platform deduplicates by msgId — with a fresh nonce and ts.
   */
  async send(message: CpMessage): Promise<SendResult> {
    const doFetch = this.config.fetch ?? fetch;
    const sleep = this.config.sleep ?? sleepReal;
    const body = signMessageBody(this.config.credential, message.body).text;
    const msgId = message.body.msgId;
    for (let attempt = 1; ; attempt++) {
      const req = this.signAttempt(message, body);
      const last = attempt >= this.retry.attempts;
      const delay = last ? undefined : backoffDelay(this.retry, attempt);
      let res: Response;
      try {
        res = await doFetch(req.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
          signal: AbortSignal.timeout(this.config.timeoutMs ?? 30_000),
        });
      } catch (err) {
        this.config.onAttempt?.({ attempt, msgId, nonce: req.nonce, status: null, code: null, error: String(err), retryInMs: delay });
        if (last) throw new NetworkError(attempt, err);
        await sleep(delay!);
        continue;
      }
      const answer = await readAnswer(res);
      const retryable = res.status >= 500;
      this.config.onAttempt?.({ attempt, msgId, nonce: req.nonce, status: res.status, code: answer.code, retryInMs: retryable ? delay : undefined });
      if (res.status === 200 && answer.code === "ok") return { status: 200, code: "ok", msg: answer.msg, msgId, attempts: attempt };
      if (!retryable || last) throw answerError({ ...answer, attempts: attempt, msgId });
      await sleep(delay!);
    }
  }
}

export function createClient(config: CpClientConfig): CpClient {
  return new CpClient(config);
}
