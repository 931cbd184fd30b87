/**
 * CP credentials at rest: the SM4-MAC secret is stored AES-256-GCM encrypted under the
 * CP_SECRET_KEY Worker secret (so a D1 export leaks no secret), and decrypted per request
 * with a small per-isolate cache.
 */
import { hexToBytes, randomHex, type Credential } from "@gyt345/protocol/crypto";
import type { CpRow } from "./schema";

const keyCache = new Map<string, Promise<CryptoKey>>();
const secretCache = new Map<string, string>();
const MAX_CACHED = 1000;

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function aesKey(secretKeyHex: string): Promise<CryptoKey> {
  let key = keyCache.get(secretKeyHex);
  if (!key) {
    const raw = hexToBytes(secretKeyHex, "CP_SECRET_KEY");
    if (raw.length !== 32) throw new Error("CP_SECRET_KEY must be 32 bytes of hex");
    key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    keyCache.set(secretKeyHex, key);
  }
  return key;
}

/** `groupId` is bound as additional data: a ciphertext moved to another CP row does not decrypt. */
export async function encryptMacSecret(secretKeyHex: string, groupId: string, macSecretHex: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new TextEncoder().encode(macSecretHex);
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: new TextEncoder().encode(groupId) }, await aesKey(secretKeyHex), data);
  const out = new Uint8Array(12 + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), 12);
  return toBase64(out);
}

export async function decryptMacSecret(secretKeyHex: string, groupId: string, sealedBase64: string): Promise<string> {
  const cacheKey = `${groupId}\n${sealedBase64}`;
  const cached = secretCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const sealed = fromBase64(sealedBase64);
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: sealed.slice(0, 12), additionalData: new TextEncoder().encode(groupId) },
    await aesKey(secretKeyHex),
    sealed.slice(12),
  );
  const secret = new TextDecoder().decode(plain);
  if (secretCache.size >= MAX_CACHED) secretCache.clear();
  secretCache.set(cacheKey, secret);
  return secret;
}

/** 16 random bytes as 32 hex: the SM4 key of a mac-mode CP, shown once at onboarding. */
export function generateMacSecret(): string {
  return randomHex(16);
}

/** The credential that verifies this CP's `sign` and `msgSign`. */
export async function cpCredential(cp: CpRow, secretKeyHex: string): Promise<Credential> {
  if (cp.mode === "sm2") {
    if (!cp.publicKey) throw new Error(`CP ${cp.groupId} has no public key`);
    return { mode: "sm2", publicKey: cp.publicKey };
  }
  if (!cp.macSecretEnc) throw new Error(`CP ${cp.groupId} has no MAC secret`);
  return { mode: "mac", macKey: await decryptMacSecret(secretKeyHex, cp.groupId, cp.macSecretEnc) };
}
