/**
 * A mac-mode CP's secret: shown once at onboarding, never again (GET, list, PATCH), and
 * stored AES-256-GCM under CP_SECRET_KEY bound to the groupId — not as plain or base64 text.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { encryptMacSecret } from "../../src/catalog/cp-credentials";
import { loginAdmin, uniqueGroupId, type AdminClient } from "../helpers/platform";

let admin: AdminClient;
beforeAll(async () => {
  admin = await loginAdmin();
});

const input = (groupId: string) => ({
  groupId,
  name: "CP",
  mode: "mac",
  seriesOfflineUrl: "https://cp.example.com/emergency/series",
  programOfflineUrl: "https://cp.example.com/emergency/programs",
});

async function onboardMac(): Promise<{ groupId: string; macSecret: string }> {
  const groupId = uniqueGroupId();
  const res = await admin.call("POST", "/cps", input(groupId));
  expect(res.status).toBe(201);
  return { groupId, macSecret: ((await res.json()) as { macSecret: string }).macSecret };
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** Opens a stored column with the test key, the way the platform must have sealed it. */
async function open(stored: string, groupId: string, keyHex = env.CP_SECRET_KEY): Promise<string> {
  const raw = Uint8Array.from(keyHex.match(/../g)!.map((h) => parseInt(h, 16)));
  const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]);
  const sealed = fromBase64(stored);
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.slice(0, 12), additionalData: new TextEncoder().encode(groupId) }, key, sealed.slice(12));
  return new TextDecoder().decode(plain);
}

async function storedSecret(groupId: string): Promise<string> {
  const row = await env.DB.prepare("SELECT mac_secret_enc FROM cps WHERE group_id = ?").bind(groupId).first<{ mac_secret_enc: string }>();
  return row!.mac_secret_enc;
}

describe("the MAC secret is never returned after onboarding", () => {
  it("PATCH answers the CP without its secret, whatever is changed", async () => {
    const { groupId, macSecret } = await onboardMac();
    for (const patch of [{ name: "新名字" }, { status: "suspended" }, { status: "active" }, {}]) {
      const res = await admin.call("PATCH", `/cps/${groupId}`, patch);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(macSecret);
      expect(text.toLowerCase()).not.toContain(macSecret.toLowerCase());
      expect(JSON.parse(text)).not.toHaveProperty("macSecret");
      expect(JSON.parse(text)).not.toHaveProperty("macSecretEnc");
      expect(JSON.parse(text)).toMatchObject({ groupId, hasMacSecret: true });
    }
  });

  it("GET and the list neither", async () => {
    const { groupId, macSecret } = await onboardMac();
    const stored = await storedSecret(groupId);
    for (const text of [await (await admin.call("GET", `/cps/${groupId}`)).text(), await (await admin.call("GET", "/cps")).text()]) {
      expect(text).not.toContain(macSecret);
      expect(text).not.toContain(stored);
    }
  });
});

describe("the MAC secret at rest", () => {
  it("is AES-GCM sealed under CP_SECRET_KEY with the groupId bound: the key opens it, nothing else does", async () => {
    const { groupId, macSecret } = await onboardMac();
    const stored = await storedSecret(groupId);
    expect(stored).not.toContain(macSecret);
    const decoded = new TextDecoder("latin1").decode(fromBase64(stored));
    expect(decoded).not.toContain(macSecret);
    expect(fromBase64(stored).length).toBe(12 + macSecret.length + 16); // IV ‖ ciphertext ‖ tag
    expect(await open(stored, groupId)).toBe(macSecret);
    await expect(open(stored, `${groupId}-other`)).rejects.toThrow();
    await expect(open(stored, groupId, "ff".repeat(32))).rejects.toThrow();
  });

  it("two CPs with the same secret store different ciphertexts (fresh IV per seal)", async () => {
    const secret = "00112233445566778899aabbccddeeff";
    const a = await encryptMacSecret(env.CP_SECRET_KEY, "cp-a", secret);
    const b = await encryptMacSecret(env.CP_SECRET_KEY, "cp-b", secret);
    const again = await encryptMacSecret(env.CP_SECRET_KEY, "cp-a", secret);
    expect(new Set([a, b, again]).size).toBe(3);
    expect(await open(a, "cp-a")).toBe(secret);
    expect(await open(b, "cp-b")).toBe(secret);
  });
});
