/**
 * Profile section 4, checks 1–6 and 8: every refusal answers its Annex C code, HTTP status
 * and message naming the parameter, and writes nothing.
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callWorker } from "../helpers/direct";
import { answer, cpClient, loginAdmin, onboardCp, ORIGIN, PATHS, seriesMessage, uniqueNonce, type AdminClient, type TestCp } from "../helpers/platform";

const missing = (name: string) => `The input parameter "${name}" that is mandatory for processing this request is not supplied.`;
const invalid = (name: string) => `The specified parameter "${name}" is not valid.`;
const FORBIDDEN = "GroupId or GroupSecret is not valid.";

let admin: AdminClient;
let sm2: TestCp;
let mac: TestCp;

beforeAll(async () => {
  admin = await loginAdmin();
  sm2 = await onboardCp(admin, "sm2");
  mac = await onboardCp(admin, "mac");
});

async function seriesCount(groupId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM series WHERE group_id = ?").bind(groupId).first<{ n: number }>();
  return row!.n;
}

describe("check 1: a common parameter is absent", () => {
  for (const name of ["groupId", "nonce", "ts", "sign"]) {
    it(`without ${name} → 400 MissingParameter naming it`, async () => {
      const seriesId = `S-MISSING-${name}`;
      const res = await sm2.post(PATHS.seriesInject, seriesMessage({ seriesId }), { query: (q) => q.delete(name) });
      expect(await answer(res)).toEqual({ status: 400, code: "MissingParameter", msg: missing(name) });
      const row = await env.DB.prepare("SELECT count(*) AS n FROM series WHERE group_id = ? AND series_id = ?").bind(sm2.groupId, seriesId).first<{ n: number }>();
      expect(row!.n).toBe(0);
    });
  }

  it("names the first absent one in Table 1 order", async () => {
    const res = await sm2.post(PATHS.seriesInject, seriesMessage(), { query: (q) => (q.delete("ts"), q.delete("nonce")) });
    expect((await answer(res)).msg).toBe(missing("nonce"));
  });
});

describe("check 2: a common parameter is malformed or ts is outside the window", () => {
  const cases: [string, (q: URLSearchParams) => void][] = [
    ["groupId", (q) => q.set("groupId", "bad group!")],
    ["groupId", (q) => q.set("groupId", "g".repeat(65))],
    ["nonce", (q) => q.set("nonce", "short")],
    ["nonce", (q) => q.set("nonce", "has space in it")],
    ["ts", (q) => q.set("ts", "17000000000001")],
    ["ts", (q) => q.set("ts", "abc")],
    ["ts", (q) => q.set("ts", String(Date.now() - 301_000))],
    ["ts", (q) => q.set("ts", String(Date.now() + 301_000))],
  ];
  for (const [name, mutate] of cases) {
    it(`${name} ${mutate.toString().slice(12, 60)} → 400 InvalidParameter`, async () => {
      const res = await sm2.post(PATHS.seriesInject, seriesMessage(), { query: mutate });
      expect(await answer(res)).toEqual({ status: 400, code: "InvalidParameter", msg: invalid(name) });
    });
  }

  it("accepts ts in 10-digit epoch seconds", async () => {
    const res = await sm2.post(PATHS.seriesInject, seriesMessage(), { ts: String(Math.floor(Date.now() / 1000)) });
    expect(await answer(res)).toMatchObject({ status: 200, code: "ok" });
  });

  it("refuses a stale ts that is otherwise correctly signed", async () => {
    const res = await sm2.post(PATHS.seriesInject, seriesMessage(), { ts: String(Date.now() - 400_000) });
    expect(await answer(res)).toEqual({ status: 400, code: "InvalidParameter", msg: invalid("ts") });
  });
});

describe("check 3: unknown, suspended or exited CP, or a sign that does not verify → 403", () => {
  it("unknown groupId", async () => {
    const stranger = cpClient("cp-nobody-knows", sm2.credential);
    expect(await answer(await stranger.post(PATHS.seriesInject, seriesMessage()))).toEqual({ status: 403, code: "Forbidden", msg: FORBIDDEN });
  });

  it("signed with another key (wrong key)", async () => {
    const impostor = cpClient(sm2.groupId, mac.credential.mode === "mac" ? { mode: "sm2", privateKey: "1".repeat(64) } : mac.credential);
    expect(await answer(await impostor.post(PATHS.seriesInject, seriesMessage()))).toMatchObject({ status: 403, code: "Forbidden" });
  });

  it("signed in the other mode (wrong mode)", async () => {
    const wrongMode = cpClient(sm2.groupId, mac.credential);
    expect(await answer(await wrongMode.post(PATHS.seriesInject, seriesMessage()))).toMatchObject({ status: 403, code: "Forbidden" });
    const wrongMode2 = cpClient(mac.groupId, sm2.credential);
    expect(await answer(await wrongMode2.post(PATHS.seriesInject, seriesMessage()))).toMatchObject({ status: 403, code: "Forbidden" });
  });

  it("sign made for another path, a changed ts or a non-hex sign does not verify", async () => {
    const { signRequest, signBody } = await import("@gyt345/protocol/crypto");
    const body = JSON.stringify(signBody(sm2.credential, seriesMessage()));
    const { query } = signRequest(sm2.credential, { path: PATHS.programInject, groupId: sm2.groupId, nonce: uniqueNonce(), ts: String(Date.now()), body });
    const elsewhere = await SELF.fetch(`${ORIGIN}${PATHS.seriesInject}?${query}`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(await answer(elsewhere)).toMatchObject({ status: 403, code: "Forbidden" });
    const msg = seriesMessage();
    const tampered = await sm2.post(PATHS.seriesInject, msg, { query: (q) => q.set("ts", String(Number(q.get("ts")) - 1)) });
    expect(await answer(tampered)).toMatchObject({ status: 403, code: "Forbidden" });
    const garbage = await sm2.post(PATHS.seriesInject, msg, { query: (q) => q.set("sign", "zz-not-hex") });
    expect(await answer(garbage)).toMatchObject({ status: 403, code: "Forbidden" });
  });

  it("a body changed after signing does not verify", async () => {
    const { signRequest, signBody } = await import("@gyt345/protocol/crypto");
    const body = JSON.stringify(signBody(sm2.credential, seriesMessage()));
    const { query } = signRequest(sm2.credential, { path: PATHS.seriesInject, groupId: sm2.groupId, nonce: uniqueNonce(), ts: String(Date.now()), body });
    const res = await SELF.fetch(`${ORIGIN}${PATHS.seriesInject}?${query}`, { method: "POST", headers: { "content-type": "application/json" }, body: body.replace("山海情", "山海经") });
    expect(await answer(res)).toMatchObject({ status: 403, code: "Forbidden" });
  });

  for (const status of ["suspended", "exited"] as const) {
    it(`a ${status} CP is refused, and nothing is written`, async () => {
      const cp = await onboardCp(admin, "mac");
      expect((await admin.call("PATCH", `/cps/${cp.groupId}`, { status })).status).toBe(200);
      expect(await answer(await cp.post(PATHS.seriesInject, seriesMessage()))).toEqual({ status: 403, code: "Forbidden", msg: FORBIDDEN });
      expect(await seriesCount(cp.groupId)).toBe(0);
    });
  }

  it("a suspended CP that is reactivated is accepted again", async () => {
    const cp = await onboardCp(admin, "sm2");
    await admin.call("PATCH", `/cps/${cp.groupId}`, { status: "suspended" });
    await admin.call("PATCH", `/cps/${cp.groupId}`, { status: "active" });
    expect((await cp.post(PATHS.seriesInject, seriesMessage())).status).toBe(200);
  });

  it("signature checks come before nonce checks: a forged request cannot burn a nonce", async () => {
    const nonce = uniqueNonce();
    const forged = cpClient(sm2.groupId, { mode: "sm2", privateKey: "2".repeat(64) });
    expect((await forged.post(PATHS.seriesInject, seriesMessage(), { nonce })).status).toBe(403);
    expect((await sm2.post(PATHS.seriesInject, seriesMessage(), { nonce })).status).toBe(200);
  });
});

describe("check 4: a nonce is accepted at most once", () => {
  it("a replayed request is refused naming nonce, also with a fresh body", async () => {
    const nonce = uniqueNonce();
    expect((await mac.post(PATHS.seriesInject, seriesMessage(), { nonce })).status).toBe(200);
    expect(await answer(await mac.post(PATHS.seriesInject, seriesMessage(), { nonce }))).toEqual({ status: 400, code: "InvalidParameter", msg: invalid("nonce") });
  });

  it("the replay is refused before the body is looked at", async () => {
    const nonce = uniqueNonce();
    expect((await mac.post(PATHS.seriesInject, seriesMessage(), { nonce })).status).toBe(200);
    const res = await mac.post(PATHS.seriesInject, {}, { nonce, rawBody: "not json" });
    expect((await answer(res)).msg).toBe(invalid("nonce"));
  });

  it("is refused from D1 even when KV has not seen it (eventual consistency)", async () => {
    const nonce = uniqueNonce();
    const key = `nonce:${mac.groupId}:${nonce}`;
    // callWorker waits for the request's waitUntil work, so the KV write has landed before it is undone.
    expect((await callWorker(mac.request(PATHS.seriesInject, seriesMessage(), { nonce })())).status).toBe(200);
    expect(await env.NONCE_KV.get(key)).not.toBeNull();
    await env.NONCE_KV.delete(key);
    expect(await env.NONCE_KV.get(key)).toBeNull();
    expect(await answer(await callWorker(mac.request(PATHS.seriesInject, seriesMessage(), { nonce })()))).toEqual({ status: 400, code: "InvalidParameter", msg: invalid("nonce") });
    // D1 refuses it at check 4, before the body is looked at (not only when the batch conflicts).
    expect((await answer(await callWorker(mac.request(PATHS.seriesInject, {}, { nonce, rawBody: "not json" })()))).msg).toBe(invalid("nonce"));
    // And KV alone refuses too when D1 has forgotten (the fast path is really consulted).
    const nonce2 = uniqueNonce();
    expect((await callWorker(mac.request(PATHS.seriesInject, seriesMessage(), { nonce: nonce2 })())).status).toBe(200);
    await env.DB.prepare("DELETE FROM nonces WHERE group_id = ? AND nonce = ?").bind(mac.groupId, nonce2).run();
    expect((await answer(await callWorker(mac.request(PATHS.seriesInject, seriesMessage(), { nonce: nonce2 })()))).msg).toBe(invalid("nonce"));
  });

  it("the same nonce under another CP is another nonce", async () => {
    const nonce = uniqueNonce();
    expect((await mac.post(PATHS.seriesInject, seriesMessage(), { nonce })).status).toBe(200);
    expect((await sm2.post(PATHS.seriesInject, seriesMessage(), { nonce })).status).toBe(200);
  });
});

describe("check 5: the body is a JSON object sent as application/json", () => {
  it("wrong Content-Type", async () => {
    const res = await mac.post(PATHS.seriesInject, seriesMessage(), { contentType: "text/plain" });
    expect(await answer(res)).toEqual({ status: 400, code: "InvalidParameter", msg: invalid("Content-Type") });
  });

  it("accepts application/json; charset=utf-8", async () => {
    expect((await mac.post(PATHS.seriesInject, seriesMessage(), { contentType: "application/json; charset=UTF-8" })).status).toBe(200);
  });

  for (const [label, raw] of [
    ["not JSON", "{msgId:"],
    ["a JSON array", "[1,2]"],
    ["JSON null", "null"],
    ["empty", ""],
  ] as const) {
    it(`body ${label} → InvalidParameter`, async () => {
      expect(await answer(await mac.post(PATHS.seriesInject, {}, { rawBody: raw }))).toEqual({ status: 400, code: "InvalidParameter", msg: invalid("body") });
    });
  }

  it("a body over 1 MiB is refused with 413", async () => {
    const huge = JSON.stringify({ pad: "x".repeat(1024 * 1024) });
    const res = await mac.post(PATHS.seriesInject, {}, { rawBody: huge });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ code: "InvalidParameter", msg: invalid("body") });
  });

  it("GET is not an interface method", async () => {
    const res = await SELF.fetch(`${ORIGIN}${PATHS.seriesInject}`);
    expect(await answer(res)).toMatchObject({ status: 400, code: "InvalidParameter" });
  });
});

describe("check 6: msgSign", () => {
  it("absent → MissingParameter msgSign", async () => {
    const res = await mac.post(PATHS.seriesInject, seriesMessage(), { unsignedBody: true });
    expect(await answer(res)).toEqual({ status: 400, code: "MissingParameter", msg: missing("msgSign") });
  });

  it("not verifying → 403, and nothing of the message is stored", async () => {
    for (const cp of [sm2, mac]) {
      const { signBody } = await import("@gyt345/protocol/crypto");
      const seriesId = `S-BADSIGN-${cp.credential.mode}`;
      const signed = signBody(cp.credential, seriesMessage({ seriesId }));
      const res = await cp.post(PATHS.seriesInject, { ...signed, msgTime: (signed.msgTime as number) + 1 }, { unsignedBody: true });
      expect(await answer(res)).toEqual({ status: 403, code: "Forbidden", msg: FORBIDDEN });
      const stored = await env.DB.prepare("SELECT (SELECT count(*) FROM series WHERE group_id = ?1 AND series_id = ?2) + (SELECT count(*) FROM accepted_messages WHERE group_id = ?1 AND msg_id = ?3) AS n")
        .bind(cp.groupId, seriesId, signed.msgId)
        .first<{ n: number }>();
      expect(stored!.n).toBe(0);
    }
  });

  it("a body that has no canonical JSON form (a lone surrogate) cannot verify → 403, not a fault", async () => {
    const raw = '{"msgId":"m-x","msgType":100,"msgTime":1,"msgData":{"title":"\\ud800"},"msgSign":"' + "00".repeat(32) + '"}';
    expect(await answer(await mac.post(PATHS.seriesInject, {}, { rawBody: raw }))).toEqual({ status: 403, code: "Forbidden", msg: FORBIDDEN });
  });

  it("msgSign is checked before the message fields", async () => {
    const res = await mac.post(PATHS.seriesInject, { msgId: "x", msgSign: "00".repeat(32) }, { unsignedBody: true });
    expect((await answer(res)).code).toBe("Forbidden");
  });
});

describe("check 8: storage faults", () => {
  it("D1 failing inside the batch answers an error and leaves nothing behind", async () => {
    const cp = await onboardCp(admin, "mac");
    await env.DB.exec(`CREATE TRIGGER fail_${cp.groupId.replaceAll("-", "_")} BEFORE INSERT ON message_log WHEN NEW.group_id = '${cp.groupId}' AND NEW.result_code = 'ok' BEGIN SELECT RAISE(ABORT, 'forced failure'); END;`);
    const nonce = uniqueNonce();
    const msg = seriesMessage();
    const res = await cp.post(PATHS.seriesInject, msg, { nonce });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ code: "InternalError", msg: "The request processing has failed due to some unknown error." });
    expect(await seriesCount(cp.groupId)).toBe(0);
    const nonces = await env.DB.prepare("SELECT count(*) AS n FROM nonces WHERE group_id = ?").bind(cp.groupId).first<{ n: number }>();
    expect(nonces!.n).toBe(0);
    await env.DB.exec(`DROP TRIGGER fail_${cp.groupId.replaceAll("-", "_")};`);
    // The CP's retry of the same message (new nonce) is then accepted.
    expect((await cp.post(PATHS.seriesInject, msg)).status).toBe(200);
    expect(await seriesCount(cp.groupId)).toBe(1);
  });
});
