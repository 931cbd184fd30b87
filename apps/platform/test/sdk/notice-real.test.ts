/**
 * Done-when of issue 14: the SDK's notice handler verifies the real 301/302 the platform's queue
 * consumer sends (captured from the consumer, bytes unchanged) and refuses forged ones.
 */
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { sm2GenerateKeyPair, type SigningCredential } from "@gyt345/protocol/crypto";
import { platformPublicKey } from "../../src/offline/platform-key";
import { createNoticeHandler, type ReceivedNotice } from "@gyt345/cp-sdk";
import { signNotice } from "@gyt345/cp-sdk/testing";
import { adminCall, consume, fakeRemote, pushContent, testEnv, type Captured } from "../offline/harness";

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

const asRequest = (c: Captured, body = c.body) => new Request(c.url, { method: c.method, headers: { "content-type": "application/json" }, body });

describe.each(["sm2", "mac"] as const)("the consumer's notices reach the SDK handler, mode %s", (mode) => {
  it("301 and 302 verify and parse; a forged, tampered or replayed copy is refused", async () => {
    const c = await pushContent(mode);
    const t = testEnv();
    const res = await adminCall(c.admin, t.env, "POST", "/emergency-offline", { groupId: c.groupId, seriesIds: [c.seriesId], programIds: [c.standalone], reason: "sdk test" });
    expect(res.status).toBe(200);
    const cp = fakeRemote(() => ({ json: { code: "ok", msg: "success" } }));
    restore = cp.restore;
    await consume(t.env, t.notices.bodies.filter((b) => (b as { kind: string }).kind === "notice"));
    cp.restore();
    restore = undefined;
    expect(cp.calls).toHaveLength(2);

    const cred = c.cp.credential as SigningCredential;
    const received: ReceivedNotice[] = [];
    const handler = createNoticeHandler({
      groupId: c.groupId,
      mode,
      ...(mode === "sm2" ? { platformPublicKey: platformPublicKey(env.PLATFORM_SM2_PRIVATE_KEY) } : { macKey: (cred as { macKey: string }).macKey }),
      onNotice: (n) => void received.push(n),
    });

    // Tampered first (so the genuine nonce is still unused): refused, nothing acted on.
    const n301 = cp.calls.find((x) => JSON.parse(x.body).msgType === 301)!;
    const n302 = cp.calls.find((x) => JSON.parse(x.body).msgType === 302)!;
    const tampered = await handler(asRequest(n301, n301.body.replace(c.seriesId, "S-other")));
    expect(tampered.status).toBe(403);
    expect(await tampered.json()).toEqual({ code: "Forbidden", msg: "GroupId or GroupSecret is not valid." });

    for (const call of [n301, n302]) {
      const answer = await handler(asRequest(call));
      expect(answer.status, call.body).toBe(200);
      expect(await answer.json()).toEqual({ code: "ok", msg: "success" });
    }
    expect(received).toEqual([
      expect.objectContaining({ msgType: 301, seriesIds: [c.seriesId] }),
      expect.objectContaining({ msgType: 302, programIds: [c.standalone] }),
    ]);

    const replay = await handler(asRequest(n301));
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { code: string; msg: string }).msg).toContain('"nonce"');

    const forger: SigningCredential = mode === "sm2" ? { mode: "sm2", privateKey: sm2GenerateKeyPair().privateKey } : { mode: "mac", macKey: "ab".repeat(16) };
    const forged = signNotice(forger, { url: `${n302.url.origin}${n302.url.pathname}`, groupId: c.groupId, kind: "302", ids: ["P-x"] });
    const refused = await handler(new Request(forged.url, { method: "POST", headers: { "content-type": "application/json" }, body: forged.body }));
    expect(refused.status).toBe(403);
    expect(received).toHaveLength(2);
  });
});
