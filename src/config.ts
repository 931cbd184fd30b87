/**
 * Typed configuration: the one place that reads vars and their defaults, so the ts window
 * or a TTL has a single home.
 */
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
  /** The login throttle's window. */
  loginWindowMs: number;
}

const DAY = 86_400_000;

function intVar(value: unknown, fallback: number): number {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : fallback;
}

export function loadConfig(env: Pick<AppBindings, "TS_WINDOW_SECONDS" | "REFUSED_LOG_RETENTION_DAYS"> & { ALLOW_PRIVATE_CP_URLS?: string }): Config {
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
    loginWindowMs: 15 * 60_000,
  };
}
