/**
 * CP onboarding and exit (4 a/b: 接入、退出, 统一标识与认证). Plain functions over the
 * storage modules; the routes only parse and answer.
 */
import * as v from "valibot";
import { CryptoInputError, normalizeSm2PublicKey, sm2WeakPublicKeyReason } from "@gyt345/protocol/crypto";
import { encryptMacSecret, generateMacSecret } from "../catalog/cp-credentials";
import { findCp, insertCp, listCps, updateCp } from "../catalog/cps";
import { isUniqueViolation, type Db } from "../catalog/db";
import { runAuditedBatch } from "../catalog/audit";
import type { CpRow } from "../catalog/schema";
import { GROUP_ID } from "@gyt345/protocol/common-params";
import { forgetCp } from "../ingest/cp-cache";
import type { CpView, OnboardAnswer } from "./api-types";
import { AdminError } from "./errors";
import { parseCallbackUrl } from "./url-policy";
import { cpExitChanges, type ExitPorts } from "../offline/exit";

export const OnboardCpInput = v.object({
  groupId: v.pipe(v.string(), v.regex(GROUP_ID, "1–64 of A-Z a-z 0-9 _ -")),
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(128)),
  mode: v.picklist(["sm2", "mac"]),
  publicKey: v.optional(v.pipe(v.string(), v.maxLength(1024))),
  seriesOfflineUrl: v.pipe(v.string(), v.maxLength(2048)),
  programOfflineUrl: v.pipe(v.string(), v.maxLength(2048)),
  noticeIdFormat: v.optional(v.picklist(["string", "array"])),
});
export type OnboardCpInput = v.InferOutput<typeof OnboardCpInput>;

const CallbackUrls = {
  seriesOfflineUrl: v.optional(v.pipe(v.string(), v.maxLength(2048))),
  programOfflineUrl: v.optional(v.pipe(v.string(), v.maxLength(2048))),
};

/** The URLs may come flat or grouped as `urls: {seriesOfflineUrl?, programOfflineUrl?}`. */
export const PatchCpInput = v.pipe(
  v.object({
    status: v.optional(v.picklist(["active", "suspended", "exited"])),
    name: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(128))),
    ...CallbackUrls,
    urls: v.optional(v.object(CallbackUrls)),
    noticeIdFormat: v.optional(v.picklist(["string", "array"])),
  }),
  v.transform(({ urls, ...patch }) => ({ ...patch, ...urls })),
);
export type PatchCpInput = v.InferOutput<typeof PatchCpInput>;

export interface CpServicePorts {
  db: Db;
  cpSecretKey: string;
  platformPublicKey: string;
  allowPrivateCpUrls: boolean;
  now: number;
  actor: string;
  /** CP exit purges the CDN and evicts terminal caches (absent: no purge, e.g. in unit tests). */
  offline?: Omit<ExitPorts, "db" | "now">;
}

/** What an operator sees of a CP: never the MAC secret (it is shown once, at onboarding). */
export function publicCpView(cp: CpRow): CpView {
  return {
    groupId: cp.groupId,
    name: cp.name,
    status: cp.status,
    mode: cp.mode,
    publicKey: cp.publicKey,
    hasMacSecret: cp.macSecretEnc !== null,
    seriesOfflineUrl: cp.seriesOfflineUrl,
    programOfflineUrl: cp.programOfflineUrl,
    noticeIdFormat: cp.noticeIdFormat,
    createdAt: cp.createdAt,
    updatedAt: cp.updatedAt,
  };
}

/** Checks the callback URLs against the policy and gives them back parsed: the `href` is stored, never the raw string. */
function checkUrls<T extends { seriesOfflineUrl?: string | undefined; programOfflineUrl?: string | undefined }>(input: T, allowPrivate: boolean): T {
  const out = { ...input };
  for (const field of ["seriesOfflineUrl", "programOfflineUrl"] as const) {
    const value = input[field];
    if (value === undefined) continue;
    const result = parseCallbackUrl(value, allowPrivate);
    if (!result.ok) throw new AdminError("InvalidInput", `${field} ${result.problem}.`, field);
    out[field] = result.href;
  }
  return out;
}

export async function onboardCp(ports: CpServicePorts, input: OnboardCpInput): Promise<OnboardAnswer> {
  input = checkUrls(input, ports.allowPrivateCpUrls);
  let publicKey: string | null = null;
  let macSecret: string | undefined;
  let macSecretEnc: string | null = null;
  if (input.mode === "sm2") {
    if (!input.publicKey) throw new AdminError("InvalidInput", "publicKey is required in sm2 mode.", "publicKey");
    try {
      publicKey = normalizeSm2PublicKey(input.publicKey);
    } catch (err) {
      if (err instanceof CryptoInputError) throw new AdminError("InvalidInput", "publicKey is not an SM2 public key (04… hex or PEM).", "publicKey");
      throw err;
    }
    const weak = sm2WeakPublicKeyReason(publicKey, [ports.platformPublicKey]);
    if (weak) throw new AdminError("InvalidInput", `publicKey is refused: ${weak}.`, "publicKey");
  } else {
    if (input.publicKey !== undefined) throw new AdminError("InvalidInput", "publicKey is only for sm2 mode.", "publicKey");
    macSecret = generateMacSecret();
    macSecretEnc = await encryptMacSecret(ports.cpSecretKey, input.groupId, macSecret);
  }
  if (await findCp(ports.db, input.groupId)) throw new AdminError("Conflict", `CP ${input.groupId} is already onboarded.`, "groupId");
  const cp: CpRow = {
    groupId: input.groupId,
    name: input.name,
    status: "active",
    mode: input.mode,
    publicKey,
    macSecretEnc,
    seriesOfflineUrl: input.seriesOfflineUrl,
    programOfflineUrl: input.programOfflineUrl,
    noticeIdFormat: input.noticeIdFormat ?? "string",
    createdAt: ports.now,
    updatedAt: ports.now,
  };
  try {
    await runAuditedBatch(ports.db, { at: ports.now, actor: ports.actor, action: "cp.onboard", target: `cp:${cp.groupId}`, detail: { mode: cp.mode, name: cp.name } }, [
      insertCp(ports.db, cp),
    ]);
  } catch (err) {
    // Two operators onboarding the same groupId at once: the primary key decides.
    if (isUniqueViolation(err, "cps")) {
      throw new AdminError("Conflict", `CP ${input.groupId} is already onboarded.`, "groupId");
    }
    throw err;
  }
  return { groupId: cp.groupId, mode: cp.mode, ...(macSecret ? { macSecret } : {}), platformPublicKey: ports.platformPublicKey };
}

export async function getCp(db: Db, groupId: string) {
  const cp = await findCp(db, groupId);
  if (!cp) throw new AdminError("NotFound", `No CP ${groupId}.`);
  return publicCpView(cp);
}

export async function listCpViews(db: Db) {
  return (await listCps(db)).map(publicCpView);
}

/** Status changes: an exited CP (退出) stays exited; its history is kept. */
export async function patchCp(ports: CpServicePorts, groupId: string, patch: PatchCpInput) {
  patch = checkUrls(patch, ports.allowPrivateCpUrls);
  const cp = await findCp(ports.db, groupId);
  if (!cp) throw new AdminError("NotFound", `No CP ${groupId}.`);
  if (cp.status === "exited" && patch.status !== undefined && patch.status !== "exited") {
    throw new AdminError("Conflict", "An exited CP cannot be reactivated; onboard it again under a new groupId.", "status");
  }
  const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  if (Object.keys(changes).length === 0) return publicCpView(cp);
  // Exit takes all the CP's content off terminals (visibility needs an active CP) and purges it, in the same batch.
  const exit = patch.status === "exited" && cp.status !== "exited" && ports.offline ? await cpExitChanges({ ...ports.offline, db: ports.db, now: ports.now }, groupId) : undefined;
  await runAuditedBatch(
    ports.db,
    { at: ports.now, actor: ports.actor, action: "cp.update", target: `cp:${groupId}`, detail: changes },
    [updateCp(ports.db, groupId, changes, ports.now), ...(exit?.statements ?? [])],
  );
  forgetCp(groupId); // this isolate sees the change at once; others within config.cpCacheTtlMs
  await exit?.afterCommit();
  return publicCpView({ ...cp, ...changes, updatedAt: ports.now });
}
