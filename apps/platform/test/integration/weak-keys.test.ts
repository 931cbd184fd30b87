/** Onboarding refuses SM2 public keys whose private key is known: k·G for small k, and the platform's own. */
import { beforeAll, describe, expect, it } from "vitest";
import { sm2GenerateKeyPair, sm2PublicKeyFromPrivate } from "@gyt345/protocol/crypto";
import { N } from "@gyt345/protocol/crypto/curve";
import vectors from "@gyt345/protocol/fixtures/gm-vectors.json";
import { loginAdmin, uniqueGroupId, type AdminClient } from "../helpers/platform";

let admin: AdminClient;
beforeAll(async () => {
  admin = await loginAdmin();
});

const keyOf = (k: bigint) => sm2PublicKeyFromPrivate(k.toString(16).padStart(64, "0"));

async function onboard(publicKey: string) {
  const res = await admin.call("POST", "/cps", {
    groupId: uniqueGroupId(),
    name: "CP",
    mode: "sm2",
    publicKey,
    seriesOfflineUrl: "https://cp.example.com/emergency/series",
    programOfflineUrl: "https://cp.example.com/emergency/programs",
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string; field?: string } } };
}

describe("weak SM2 public keys are refused with a 400 naming publicKey", () => {
  const weak: [string, bigint][] = [
    ["G (private key 1)", 1n],
    ["2G", 2n],
    ["3G", 3n],
    ["1024·G", 1024n],
    ["−2G (private key n−2)", N - 2n],
    ["−1000·G", N - 1000n],
  ];
  for (const [label, k] of weak) {
    it(label, async () => {
      const { status, body } = await onboard(keyOf(k));
      expect(status).toBe(400);
      expect(body.error).toEqual({ code: "InvalidInput", field: "publicKey", message: "publicKey is refused: a weak key (a small multiple of the curve generator G)." });
    });
  }

  it("the platform's own public key (hex, any case)", async () => {
    const { status, body } = await onboard(vectors.keys.platform.publicKey.toUpperCase());
    expect(status).toBe(400);
    expect(body.error).toEqual({ code: "InvalidInput", field: "publicKey", message: "publicKey is refused: the platform's own public key." });
  });

  it("a point off the curve", async () => {
    const g = keyOf(1n);
    const { status, body } = await onboard(g.slice(0, -1) + (g.endsWith("0") ? "1" : "0"));
    expect(status).toBe(400);
    expect(body.error?.field).toBe("publicKey");
  });

  it("keys just outside the table and ordinary keys are accepted", async () => {
    expect((await onboard(keyOf(1025n))).status).toBe(201);
    expect((await onboard(keyOf(N - 1025n))).status).toBe(201);
    expect((await onboard(sm2GenerateKeyPair().publicKey)).status).toBe(201);
    expect((await onboard(vectors.keys.cp.publicKey)).status).toBe(201);
  });
});
