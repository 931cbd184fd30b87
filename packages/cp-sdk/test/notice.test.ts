/**
 * The CP-side check of 301/302 notices (src/sdk/notice.ts), against notices signed the way the
 * platform's consumer signs them (src/offline/notice.ts): genuine ones pass in both modes,
 * forged, stale, replayed, mis-addressed or malformed ones get their Annex C answer.
 */
import { describe, expect, it } from "vitest";
import { sm2GenerateKeyPair, signBody, signRequest, type SigningCredential } from "@gyt345/protocol/crypto";
import { buildNoticeRequest } from "@gyt345/protocol/notice";
import { nonceMemory, verifyNotice, type NoticeVerifyOptions, type ReceivedNotice } from "../src/notice";

const platform = sm2GenerateKeyPair();
const MAC = "00112233445566778899aabbccddeeff";
const URL_301 = "http://127.0.0.1:8790/cp/g-1/series-offline";
const WINDOW = 300_000;

function received(url: string, body: string, overrides: Partial<ReceivedNotice> = {}): ReceivedNotice {
  const u = new URL(url);
  return { method: "POST", path: u.pathname, query: u.searchParams, body: new TextEncoder().encode(body), contentType: "application/json", ...overrides };
}

function notice(cred: SigningCredential, opts: { msgType?: 301 | 302; ids?: string[]; format?: "string" | "array"; nonce?: string; ts?: number; groupId?: string } = {}) {
  return buildNoticeRequest(
    { groupId: opts.groupId ?? "g-1", noticeIdFormat: opts.format ?? "string" },
    cred,
    { msgType: opts.msgType ?? 301, msgId: "notice-1", msgTime: 1_700_000_000_000, ids: opts.ids ?? ["S1", "S2"] },
    URL_301,
    { nonce: opts.nonce ?? `n${crypto.randomUUID().replaceAll("-", "")}`, ts: String(opts.ts ?? Date.now()) },
  );
}

function options(mode: "sm2" | "mac", extra: Partial<NoticeVerifyOptions> = {}): NoticeVerifyOptions {
  return { mode, platformPublicKey: platform.publicKey, macKey: MAC, groupId: "g-1", now: Date.now(), tsWindowMs: WINDOW, seenNonce: nonceMemory(2 * WINDOW), ...extra };
}

const creds = { sm2: { mode: "sm2", privateKey: platform.privateKey }, mac: { mode: "mac", macKey: MAC } } as const;

describe("verifyNotice", () => {
  for (const mode of ["sm2", "mac"] as const) {
    it(`${mode}: accepts a genuine 301 (string or array ids) and 302`, () => {
      const a = notice(creds[mode]);
      const verdict = verifyNotice(received(a.url, a.body), options(mode));
      expect(verdict).toEqual({ ok: true, notice: { msgId: "notice-1", msgType: 301, msgTime: 1_700_000_000_000, seriesIds: ["S1", "S2"], nonce: a.nonce, ts: a.ts } });
      const b = notice(creds[mode], { format: "array" });
      expect(verifyNotice(received(b.url, b.body), options(mode))).toMatchObject({ ok: true, notice: { seriesIds: ["S1", "S2"] } });
      const c = notice(creds[mode], { msgType: 302, ids: ["P1"] });
      expect(verifyNotice(received(c.url, c.body), options(mode))).toMatchObject({ ok: true, notice: { msgType: 302, programIds: ["P1"] } });
    });

    it(`${mode}: refuses forged, stale, replayed and mis-addressed notices`, () => {
      const forbidden = { ok: false, status: 403, code: "Forbidden", msg: "GroupId or GroupSecret is not valid." };
      const a = notice(creds[mode]);
      // The body changed after signing.
      expect(verifyNotice(received(a.url, a.body.replace("S2", "S3")), options(mode))).toEqual(forbidden);
      // Signed by someone else.
      const other = mode === "sm2" ? { mode: "sm2" as const, privateKey: sm2GenerateKeyPair().privateKey } : { mode: "mac" as const, macKey: "ffeeddccbbaa99887766554433221100" };
      const f = notice(other);
      expect(verifyNotice(received(f.url, f.body), options(mode))).toEqual(forbidden);
      // Another CP's notice.
      const g = notice(creds[mode], { groupId: "g-2" });
      expect(verifyNotice(received(g.url, g.body), options(mode))).toEqual(forbidden);
      // Stale ts.
      const s = notice(creds[mode], { ts: Date.now() - WINDOW - 1000 });
      expect(verifyNotice(received(s.url, s.body), options(mode))).toEqual({ ok: false, status: 400, code: "InvalidParameter", msg: 'The specified parameter "ts" is not valid.' });
      // Replayed byte for byte.
      const seen = nonceMemory(2 * WINDOW);
      const r = notice(creds[mode]);
      expect(verifyNotice(received(r.url, r.body), options(mode, { seenNonce: seen })).ok).toBe(true);
      expect(verifyNotice(received(r.url, r.body), options(mode, { seenNonce: seen }))).toEqual({ ok: false, status: 400, code: "InvalidParameter", msg: 'The specified parameter "nonce" is not valid.' });
      // A forged request does not burn the nonce.
      const n = notice(creds[mode]);
      const seen2 = nonceMemory(2 * WINDOW);
      expect(verifyNotice(received(n.url, n.body.replace("S1", "SX")), options(mode, { seenNonce: seen2 })).ok).toBe(false);
      expect(verifyNotice(received(n.url, n.body), options(mode, { seenNonce: seen2 })).ok).toBe(true);
    });
  }

  it("answers Annex C for a missing parameter, wrong method or content type, and bad fields", () => {
    const a = notice(creds.mac);
    const q = new URL(a.url).searchParams;
    q.delete("sign");
    expect(verifyNotice({ ...received(a.url, a.body), query: q }, options("mac"))).toMatchObject({ status: 400, code: "MissingParameter" });
    expect(verifyNotice(received(a.url, a.body, { method: "GET" }), options("mac"))).toMatchObject({ status: 400, code: "InvalidParameter" });
    expect(verifyNotice(received(a.url, a.body, { contentType: "text/plain" }), options("mac"))).toMatchObject({ status: 400, code: "InvalidParameter" });
    // A correctly signed body without msgSign, or with a wrong msgType.
    const signed = (body: Record<string, unknown>, withMsgSign = true) => {
      const text = JSON.stringify(withMsgSign ? signBody(creds.mac, body) : body);
      const { query } = signRequest(creds.mac, { path: "/cp/g-1/series-offline", groupId: "g-1", nonce: `n${crypto.randomUUID().replaceAll("-", "")}`, ts: String(Date.now()), body: text });
      return received(`${URL_301}?${query}`, text);
    };
    expect(verifyNotice(signed({ msgId: "m", msgType: 301, msgTime: 1, msgData: { seriesIds: "S1" } }, false), options("mac"))).toMatchObject({ status: 400, code: "MissingParameter", msg: expect.stringContaining("msgSign") });
    expect(verifyNotice(signed({ msgId: "m", msgType: 103, msgTime: 1, msgData: { seriesIds: "S1" } }), options("mac"))).toMatchObject({ status: 400, code: "InvalidParameter", msg: expect.stringContaining("msgType") });
    expect(verifyNotice(signed({ msgId: "m", msgType: 301, msgTime: 1, msgData: {} }), options("mac"))).toMatchObject({ status: 400, code: "MissingParameter", msg: expect.stringContaining("msgData.seriesIds") });
    expect(verifyNotice(signed({ msgId: "m", msgType: 302, msgTime: 1, msgData: { programIds: ["a b"] } }), options("mac"))).toMatchObject({ status: 400, code: "InvalidParameter", msg: expect.stringContaining("msgData.programIds") });
  });
});
