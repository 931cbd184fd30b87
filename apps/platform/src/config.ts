/**
 * Typed configuration: the one place that reads vars and their defaults, so the ts window
 * or a TTL has a single home.
 */
import { isValidPrivateScalar } from "@gyt345/protocol/crypto/curve";
import type { AppBindings } from "./env";

export interface Config {
  /** Accepted |ts - now| in ms (profile section 2, default 300 s). */
  tsWindowMs: number;
  /** How long a consumed nonce is remembered: the window on either side, plus a margin. */
  nonceTtlMs: number;
  /** Largest request body accepted (profile section 1). */
  maxBodyBytes: number;
  refusedLogRetentionMs: number;
  adminSessionTtlMs: number;
  /** Permit CP emergency-offline URLs on loopback/private addresses (local development only). */
  allowPrivateCpUrls: boolean;
  /** Failed logins per client and per account in one window before further attempts are refused. */
  maxLoginFailures: number;
  /** Lifetime of terminal API answers in the Worker cache and at terminals (TERMINAL_CACHE_TTL_SECONDS, 1–60, default 30). */
  terminalCacheTtlSeconds: number;
  /** Anti-hotlinking of the play redirect (A.5): PLAY_AUTH scheme, PLAY_AUTH_KEY secret, PLAY_AUTH_TTL seconds (the CDN's validity period). */
  playAuth: { scheme: PlayAuthScheme; key: string; ttlSeconds: number };
  /** Takedown verification: a URL still served this long after the takedown is flagged (VERIFY_FLAG_AFTER_SECONDS, default 600). */
  verifyFlagAfterMs: number;
  /** At most this many URLs are probed per takedown (the rest are named as not checked). */
  verifyMaxUrls: number;
  /**
   * How long an isolate trusts its cached CP row and credential (src/ingest/cp-cache.ts): a CP
   * suspended or exited elsewhere is refused by every isolate within this bound.
   */
  cpCacheTtlMs: number;
  /** The login throttle's window. */
  loginWindowMs: number;
}

export type PlayAuthScheme = "none" | "aliyun-a" | "sm3-a";

const DAY = 86_400_000;

function intVar(value: unknown, fallback: number): number {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : fallback;
}

export function loadConfig(env: Pick<AppBindings, "TS_WINDOW_SECONDS" | "REFUSED_LOG_RETENTION_DAYS"> & { ALLOW_PRIVATE_CP_URLS?: string } & Partial<TerminalVars>): Config {
  const tsWindowMs = intVar(env.TS_WINDOW_SECONDS, 300) * 1000;
  return {
    tsWindowMs,
    // A nonce must outlive every ts that could still be accepted with it: 2 × window.
    nonceTtlMs: 2 * tsWindowMs + 60_000,
    maxBodyBytes: 1024 * 1024,
    refusedLogRetentionMs: intVar(env.REFUSED_LOG_RETENTION_DAYS, 30) * DAY,
    adminSessionTtlMs: 12 * 3_600_000,
    allowPrivateCpUrls: env.ALLOW_PRIVATE_CP_URLS === "true",
    maxLoginFailures: 10,
    terminalCacheTtlSeconds: Math.min(60, Math.max(1, intVar(env.TERMINAL_CACHE_TTL_SECONDS, 30))),
    playAuth: { scheme: playAuthScheme(env.PLAY_AUTH), key: env.PLAY_AUTH_KEY ?? "", ttlSeconds: Math.max(1, intVar(env.PLAY_AUTH_TTL, 1800)) },
    verifyFlagAfterMs: intVar(env.VERIFY_FLAG_AFTER_SECONDS, 600) * 1000,
    verifyMaxUrls: 50,
    cpCacheTtlMs: 30_000,
    loginWindowMs: 15 * 60_000,
  };
}

/** Vars and secrets of the terminal edge (optional: not every deployment sets them). */
export interface TerminalVars {
  TERMINAL_CACHE_TTL_SECONDS: string;
  PLAY_AUTH: string;
  PLAY_AUTH_KEY: string;
  PLAY_AUTH_TTL: string;
  VERIFY_FLAG_AFTER_SECONDS: string;
}

function playAuthScheme(value: string | undefined): PlayAuthScheme {
  return value === "aliyun-a" || value === "sm3-a" ? value : "none";
}

/** Vars of emergency offline (notices, CDN purges, outbox); all optional with defaults. */
export interface OfflineVars {
  /** Comma-separated retry delays in seconds after each failed attempt; default ≈ 10 s, 1 min, 5 min, 30 min, 2 h, then 6 h × 4 (> 24 h in all). */
  NOTICE_RETRY_SCHEDULE: string;
  /** Per-attempt timeout of a 301/302 POST or a CDN call, ms (default 10 000). */
  NOTICE_TIMEOUT_MS: string;
  /** Outbox rows not confirmed sent after this many seconds are re-sent by the cron sweep (default 60). */
  OUTBOX_SWEEP_AFTER_SECONDS: string;
  /** CDN adapter: "none" (dev), "cloudflare" (zone purge API), "webhook" (signed generic HTTP). */
  CDN_ADAPTER: string;
  /** Ids/URLs per Cloudflare purge call (the API takes at most 100 per request on non-Enterprise plans). */
  CDN_PURGE_BATCH: string;
  CDN_WEBHOOK_URL: string;
  CF_ZONE_ID: string;
}

export type CdnAdapterName = "none" | "cloudflare" | "webhook";

export interface OfflineConfig {
  retryScheduleSeconds: number[];
  sendTimeoutMs: number;
  sweepAfterMs: number;
  cdnAdapter: CdnAdapterName;
  cdnPurgeBatch: number;
  cdnWebhookUrl: string;
  cfZoneId: string;
  /** At most this many ids per emergency-offline request (CONTRACT). */
  maxTakedownIds: number;
}

/** 10 s, 1 min, 5 min, 30 min, 2 h, then every 6 h: 9 retries, ≈ 26.6 h before the dead-letter queue. */
export const DEFAULT_RETRY_SCHEDULE_SECONDS = [10, 60, 300, 1800, 7200, 21600, 21600, 21600, 21600];

export function loadOfflineConfig(env: Partial<OfflineVars>): OfflineConfig {
  const schedule = (env.NOTICE_RETRY_SCHEDULE ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => /^\d+$/.test(s))
    // Queues take delaySeconds up to 12 h.
    .map((s) => Math.min(43_200, Number(s)));
  const adapter = env.CDN_ADAPTER;
  return {
    retryScheduleSeconds: schedule.length > 0 ? schedule : DEFAULT_RETRY_SCHEDULE_SECONDS,
    sendTimeoutMs: Math.max(1, intVar(env.NOTICE_TIMEOUT_MS, 10_000)),
    sweepAfterMs: intVar(env.OUTBOX_SWEEP_AFTER_SECONDS, 60) * 1000,
    cdnAdapter: adapter === "cloudflare" || adapter === "webhook" ? adapter : "none",
    cdnPurgeBatch: Math.min(500, Math.max(1, intVar(env.CDN_PURGE_BATCH, 100))),
    cdnWebhookUrl: env.CDN_WEBHOOK_URL ?? "",
    cfZoneId: env.CF_ZONE_ID ?? "",
    maxTakedownIds: 100,
  };
}

/** Secret and config checks (issue 11 item 10): names only, never values. */
export type SecretName = "CP_SECRET_KEY" | "PLATFORM_SM2_PRIVATE_KEY" | "PLAY_AUTH_KEY" | "CF_API_TOKEN" | "CF_ZONE_ID";

export interface ConfigProblems {
  missing: SecretName[];
  malformed: SecretName[];
}

/** A route needs a secret that is missing or malformed: 503 with the names (never the values). */
export class ConfigError extends Error {
  constructor(readonly names: readonly SecretName[]) {
    super(`The platform is not configured: ${names.join(", ")} missing or malformed (see GET /healthz).`);
    this.name = "ConfigError";
  }
}

type SecretEnv = Partial<Record<SecretName | "PLAY_AUTH" | "CDN_ADAPTER", string>>;

const HEX64 = /^[0-9a-fA-F]{64}$/;

/** Which secrets this configuration needs, and whether each is there and well formed. */
export function configProblems(env: SecretEnv): ConfigProblems {
  const checks: [SecretName, (v: string) => boolean][] = [
    ["CP_SECRET_KEY", (v) => HEX64.test(v)],
    ["PLATFORM_SM2_PRIVATE_KEY", (v) => HEX64.test(v) && isValidPrivateScalar(BigInt(`0x${v}`))],
  ];
  if (playAuthScheme(env.PLAY_AUTH) !== "none") checks.push(["PLAY_AUTH_KEY", (v) => /^[A-Za-z0-9]{6,128}$/.test(v)]); // CDN keys: letters and digits
  if (env.CDN_ADAPTER === "cloudflare") {
    checks.push(["CF_API_TOKEN", (v) => /^[A-Za-z0-9_-]{20,}$/.test(v)]);
    checks.push(["CF_ZONE_ID", (v) => /^[0-9a-f]{32}$/.test(v)]);
  }
  const problems: ConfigProblems = { missing: [], malformed: [] };
  for (const [name, wellFormed] of checks) {
    const value = env[name];
    if (value === undefined || value === "") problems.missing.push(name);
    else if (!wellFormed(value)) problems.malformed.push(name);
  }
  return problems;
}

/** The secrets a request path needs (the rest of the platform keeps working without them). */
export function secretsForPath(method: string, path: string): SecretName[] {
  if (path === "/api/v1/platform/public-key") return ["PLATFORM_SM2_PRIVATE_KEY"];
  if (method === "POST" && /^\/api\/v1\/(series|programs)\//.test(path)) return ["CP_SECRET_KEY"];
  if (path.startsWith("/admin/api/cps")) return ["CP_SECRET_KEY", "PLATFORM_SM2_PRIVATE_KEY"];
  if (method === "POST" && (path.startsWith("/admin/api/emergency-offline") || path.startsWith("/admin/api/notices/"))) {
    return ["CP_SECRET_KEY", "PLATFORM_SM2_PRIVATE_KEY", "CF_API_TOKEN", "CF_ZONE_ID"];
  }
  if (path.startsWith("/play/")) return ["PLAY_AUTH_KEY"];
  return [];
}
