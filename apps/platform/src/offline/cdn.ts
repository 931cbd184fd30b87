/**
 * CDN control (GY/T 345 Annex A.4: 缓存清除, 分发位置定位) behind one interface, chosen by
 * CDN_ADAPTER: the Cloudflare zone purge API, a signed generic HTTP webhook for other CDNs,
 * or `none` (local development: every purge succeeds at once).
 */
import { randomHex, signRequest } from "@gyt345/protocol/crypto";
import type { PurgeTargets } from "../catalog/outbox";
import type { CdnAdapterName, OfflineConfig } from "../config";

export interface CdnCallResult {
  httpStatus: number | null;
  code?: string;
  msg?: string;
}

/** A refused or failed CDN call; the queue retries the purge on the notices' schedule. */
export class CdnError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = "CdnError";
  }
}

export interface CdnAdapter {
  readonly name: CdnAdapterName;
  purgeUrls(urls: string[]): Promise<CdnCallResult>;
  purgeTags(tags: string[]): Promise<CdnCallResult>;
  /** Prefixes are full URLs without query (`https://host/path/`); adapters reshape them as their CDN wants. */
  purgePrefixes(prefixes: string[]): Promise<CdnCallResult>;
  /** Where the CDN holds a copy (分发位置定位), when it can say. */
  whereCached?(url: string): Promise<string[]>;
}

export interface CdnPorts {
  config: OfflineConfig;
  fetch: typeof fetch;
  /** CF_API_TOKEN secret (cloudflare adapter). */
  cfApiToken?: string | undefined;
  /** The platform's SM2 private key: signs webhook calls. */
  platformPrivateKey: string;
}

export function createCdnAdapter(name: string, ports: CdnPorts): CdnAdapter {
  if (name === "cloudflare") return cloudflareAdapter(ports);
  if (name === "webhook") return webhookAdapter(ports);
  return noneAdapter;
}

/** Runs every non-empty part of a purge; the last call's result is reported. */
export async function runPurge(adapter: CdnAdapter, targets: PurgeTargets): Promise<CdnCallResult> {
  let last: CdnCallResult = { httpStatus: null, code: "nothing-to-purge" };
  if (targets.urls.length) last = await adapter.purgeUrls(targets.urls);
  if (targets.tags.length) last = await adapter.purgeTags(targets.tags);
  if (targets.prefixes.length) last = await adapter.purgePrefixes(targets.prefixes);
  return last;
}

const noneAdapter: CdnAdapter = {
  name: "none",
  purgeUrls: async () => ({ httpStatus: null, code: "none" }),
  purgeTags: async () => ({ httpStatus: null, code: "none" }),
  purgePrefixes: async () => ({ httpStatus: null, code: "none" }),
};

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function readText(res: Response): Promise<string> {
  return (await res.text().catch(() => "")).slice(0, 2000);
}

/**
 * POST /zones/:zone/purge_cache with `files`, `tags` or `prefixes` — one kind per call, at most
 * CDN_PURGE_BATCH (default 100, the per-request limit of non-Enterprise plans) per call.
 */
function cloudflareAdapter(ports: CdnPorts): CdnAdapter {
  const { config } = ports;
  async function call(body: Record<string, string[]>): Promise<CdnCallResult> {
    if (!config.cfZoneId || !ports.cfApiToken) throw new CdnError("CF_ZONE_ID or CF_API_TOKEN is not configured");
    const res = await ports.fetch(`https://api.cloudflare.com/client/v4/zones/${encodeURIComponent(config.cfZoneId)}/purge_cache`, {
      method: "POST",
      headers: { authorization: `Bearer ${ports.cfApiToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.timeout(config.sendTimeoutMs),
    });
    const text = await readText(res);
    let answer: { success?: boolean; errors?: { code?: number; message?: string }[] } = {};
    try {
      answer = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    if (res.status !== 200 || answer.success !== true) {
      const e = answer.errors?.[0];
      throw new CdnError(`cloudflare purge failed: ${e ? `${e.code} ${e.message}` : text.slice(0, 200)}`, res.status);
    }
    return { httpStatus: res.status, code: "success" };
  }
  async function each(key: string, items: string[]): Promise<CdnCallResult> {
    let last: CdnCallResult = { httpStatus: null };
    for (const part of chunks(items, config.cdnPurgeBatch)) last = await call({ [key]: part });
    return last;
  }
  return {
    name: "cloudflare",
    purgeUrls: (urls) => each("files", urls),
    purgeTags: (tags) => each("tags", tags),
    // Cloudflare wants prefixes without the scheme: `www.example.com/path/`.
    purgePrefixes: (prefixes) => each("prefixes", prefixes.map((p) => p.replace(/^https?:\/\//, ""))),
  };
}

/**
 * Generic HTTP webhook for CDNs without a Cloudflare-style API: POST CDN_WEBHOOK_URL with
 * `{"op":"purge-urls"|"purge-tags"|"purge-prefixes","items":[…]}`, signed like a
 * platform→CP call (profile section 3, mode sm2, groupId `platform`):
 * `?groupId=platform&nonce&ts&sign`, sign = SM2 over `POST\n<path>\ngroupId=platform&nonce=…&ts=…\n<SM3 hex of the body>`,
 * verifiable with the key at GET /api/v1/platform/public-key. Any 2xx is success.
 * `{"op":"where-cached","items":[url]}` → `{"locations":[…]}` answers 分发位置定位.
 */
function webhookAdapter(ports: CdnPorts): CdnAdapter {
  const { config } = ports;
  async function call(op: string, items: string[]): Promise<Response> {
    if (!config.cdnWebhookUrl) throw new CdnError("CDN_WEBHOOK_URL is not configured");
    const body = JSON.stringify({ op, items });
    const { query } = signRequest(
      { mode: "sm2", privateKey: ports.platformPrivateKey },
      { path: new URL(config.cdnWebhookUrl).pathname, groupId: "platform", nonce: randomHex(16), ts: String(Date.now()), body },
    );
    const res = await ports.fetch(`${config.cdnWebhookUrl}${config.cdnWebhookUrl.includes("?") ? "&" : "?"}${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(config.sendTimeoutMs),
    });
    if (res.status < 200 || res.status > 299) throw new CdnError(`webhook answered ${res.status}: ${(await readText(res)).slice(0, 200)}`, res.status);
    return res;
  }
  async function purge(op: string, items: string[]): Promise<CdnCallResult> {
    let status = 0;
    for (const part of chunks(items, 1000)) status = (await call(op, part)).status;
    return { httpStatus: status, code: "success" };
  }
  return {
    name: "webhook",
    purgeUrls: (urls) => purge("purge-urls", urls),
    purgeTags: (tags) => purge("purge-tags", tags),
    purgePrefixes: (prefixes) => purge("purge-prefixes", prefixes),
    async whereCached(url) {
      const res = await call("where-cached", [url]);
      const answer = (await res.json().catch(() => ({}))) as { locations?: unknown };
      return Array.isArray(answer.locations) ? answer.locations.filter((l): l is string => typeof l === "string") : [];
    },
  };
}
