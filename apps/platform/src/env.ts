/**
 * Bindings of the Worker: what wrangler.toml declares (generated `Env`) plus the secrets,
 * which `wrangler types` cannot see (they live in `.dev.vars` locally, `wrangler secret` in production).
 */
export interface Secrets {
  /** First operator account (the console issue adds more). */
  ADMIN_USERNAME: string;
  ADMIN_PASSWORD: string;
  /** 32-byte hex key that encrypts CP MAC secrets at rest (AES-256-GCM). */
  CP_SECRET_KEY: string;
  /** The platform's SM2 private key (64 hex), signs platform→CP notices (6.8/6.9). */
  PLATFORM_SM2_PRIVATE_KEY: string;
}

/** Emergency offline: the dead-letter queue, the CDN adapter's vars and secret (optional: `none` needs none). */
export interface OfflineBindings extends Partial<import("./config").OfflineVars> {
  DEAD_LETTER_QUEUE: Queue;
  /** Cloudflare API token with Cache Purge permission (CDN_ADAPTER = "cloudflare"). */
  CF_API_TOKEN?: string;
}

export type AppBindings = Env & Secrets & OfflineBindings;

/** Hono environment type shared by every route. */
export interface HonoEnv {
  Bindings: AppBindings;
}
