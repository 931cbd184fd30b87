/**
 * Guards the suite once missed (issue 10, "not caught"): each test here names the bug that
 * makes it fail. Requests go through the Worker's own fetch (helpers/direct.ts) so their
 * waitUntil work (KV nonce, refused-log rows) has landed when the test looks.
 */
import { createScheduledController, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../src/catalog/db";
import { getProgram } from "../../src/catalog/programs";
import { getSeries } from "../../src/catalog/series";
import worker from "../../src/index";
import { callWorker } from "../helpers/direct";
import { answer, loginAdmin, offlineMessage, onboardCp, PATHS, programMessage, seriesMessage, uniqueNonce, type AdminClient, type TestCp } from "../helpers/platform";

const db = () => createDb(env.DB);
const invalid = (name: string) => ({ status: 400, code: "InvalidParameter", msg: `The specified parameter "${name}" is not valid.` });
const STALE = "ignored: a newer msgTime is already applied";
const WINDOW_MS = 300_000; // TS_WINDOW_SECONDS of wrangler.toml
let admin: AdminClient;
let cp: TestCp;

beforeAll(async () => {
  admin = await loginAdmin();
  cp = await onboardCp(admin, "mac");
});

const send = (path: string, body: Record<string, unknown>, opts = {}, bindings = env) => callWorker(cp.request(path, body, opts)(), bindings).then(answer);
const kvKey = (groupId: string, nonce: string) => `nonce:${groupId}:${nonce}`;
const noProgram = { seriesId: undefined, seriesPrograms: undefined };

async function nonceRow(groupId: string, nonce: string) {
  return env.DB.prepare("SELECT expires_at FROM nonces WHERE group_id = ? AND nonce = ?").bind(groupId, nonce).first<{ expires_at: number }>();
}

async function logRows(groupId: string, where: string, ...binds: unknown[]) {
  return (await env.DB.prepare(`SELECT * FROM message_log WHERE group_id = ? AND ${where} ORDER BY id`).bind(groupId, ...binds).all<Record<string, unknown>>()).results;
}

describe("replay protection outlives every ts that could still be accepted", () => {
  it("a request with ts at the window's future edge cannot be replayed after the cron purge, even without KV", async () => {
    const nonce = uniqueNonce();
    const tsMs = Date.now() + WINDOW_MS - 5_000;
    const make = cp.request(PATHS.seriesInject, seriesMessage(), { nonce, ts: String(tsMs) });
    expect((await answer(await callWorker(make()))).status).toBe(200);
    // The last instant the replay still passes the ts check: the cron runs then, as the runtime calls it.
    await worker.scheduled(createScheduledController({ scheduledTime: tsMs + WINDOW_MS, cron: "*/10 * * * *" }), env);
    expect(await nonceRow(cp.groupId, nonce)).not.toBeNull();
    // KV (eventually consistent) must not be what saves us.
    await env.NONCE_KV.delete(kvKey(cp.groupId, nonce));
    expect(await answer(await callWorker(make()))).toEqual(invalid("nonce"));
  });

  it("the KV copy of a nonce expires no earlier than the last acceptable ts either", async () => {
    const nonce = uniqueNonce();
    const tsMs = Date.now() + WINDOW_MS - 5_000;
    expect((await send(PATHS.seriesInject, seriesMessage(), { nonce, ts: String(tsMs) })).status).toBe(200);
    const { keys } = await env.NONCE_KV.list({ prefix: kvKey(cp.groupId, nonce) });
    expect(keys).toHaveLength(1);
    expect(keys[0]!.expiration! * 1000).toBeGreaterThanOrEqual(tsMs + WINDOW_MS);
  });

  it("a ts in 10-digit epoch seconds is held to the same window", async () => {
    const s = Math.floor(Date.now() / 1000);
    expect(await send(PATHS.seriesInject, seriesMessage(), { ts: String(s - 400) })).toEqual(invalid("ts"));
    expect(await send(PATHS.seriesInject, seriesMessage(), { ts: String(s + 400) })).toEqual(invalid("ts"));
    expect((await send(PATHS.seriesInject, seriesMessage(), { ts: String(s - 200) })).status).toBe(200);
  });

  it("TS_WINDOW_SECONDS sets the window", async () => {
    // wrangler types narrows the var to its literal "300"; another deployment may set any value.
    const narrow = { ...env, TS_WINDOW_SECONDS: "30" } as unknown as typeof env;
    const wide = { ...env, TS_WINDOW_SECONDS: "600" } as unknown as typeof env;
    expect(await send(PATHS.seriesInject, seriesMessage(), { ts: String(Date.now() - 60_000) }, narrow)).toEqual(invalid("ts"));
    expect((await send(PATHS.seriesInject, seriesMessage(), { ts: String(Date.now() - 20_000) }, narrow)).status).toBe(200);
    expect((await send(PATHS.seriesInject, seriesMessage(), { ts: String(Date.now() - 400_000) }, wide)).status).toBe(200);
    expect(await send(PATHS.seriesInject, seriesMessage(), { ts: String(Date.now() - 700_000) }, wide)).toEqual(invalid("ts"));
  });
});

describe("check order: sign before nonce", () => {
  it("a forged request carrying a used nonce is refused as forged (403), so it learns nothing about nonces", async () => {
    const nonce = uniqueNonce();
    expect((await send(PATHS.seriesInject, seriesMessage(), { nonce })).status).toBe(200);
    const forged = await send(PATHS.seriesInject, seriesMessage(), { nonce, query: (q: URLSearchParams) => q.set("sign", "00".repeat(32)) });
    expect(forged).toEqual({ status: 403, code: "Forbidden", msg: "GroupId or GroupSecret is not valid." });
  });
});

describe("msgTime ordering on the program side", () => {
  it("an older program message after a newer one is acknowledged, not applied, and logged as ignored", async () => {
    const t = Date.now();
    expect((await send(PATHS.programInject, programMessage({ programId: "P-ORD", title: "新", ...noProgram }, { msgTime: t }))).msg).toBe("success");
    const older = programMessage({ programId: "P-ORD", title: "旧", ...noProgram }, { msgTime: t - 1000, msgType: 201 });
    expect(await send(PATHS.programInject, older)).toEqual({ status: 200, code: "ok", msg: STALE });
    expect((await getProgram(db(), cp.groupId, "P-ORD"))?.title).toBe("新");
    expect((await logRows(cp.groupId, "msg_id = ?", older.msgId)).map((r) => r.result_msg)).toEqual([STALE]);
  });

  it("a 203 older than the program's last message is not applied", async () => {
    const t = Date.now();
    await send(PATHS.programInject, programMessage({ programId: "P-OFF-ORD", ...noProgram }, { msgTime: t }));
    const res = await send(PATHS.programOffline, offlineMessage(203, { programIds: ["P-OFF-ORD"] }, { msgTime: t - 1 }));
    expect(res).toEqual({ status: 200, code: "ok", msg: "success; not applied (newer msgTime stored): P-OFF-ORD" });
    expect((await getProgram(db(), cp.groupId, "P-OFF-ORD"))?.status).toBe("online");
  });

  it("an equal msgTime is not stale: series, program and 203 apply it", async () => {
    const t = Date.now();
    await send(PATHS.seriesInject, seriesMessage({ seriesId: "S-EQ", title: "一" }, { msgTime: t }));
    expect((await send(PATHS.seriesInject, seriesMessage({ seriesId: "S-EQ", title: "二" }, { msgTime: t, msgType: 101 }))).msg).toBe("success");
    expect((await getSeries(db(), cp.groupId, "S-EQ"))?.title).toBe("二");
    await send(PATHS.programInject, programMessage({ programId: "P-EQ", title: "一", ...noProgram }, { msgTime: t }));
    expect((await send(PATHS.programInject, programMessage({ programId: "P-EQ", title: "二", ...noProgram }, { msgTime: t, msgType: 201 }))).msg).toBe("success");
    expect((await getProgram(db(), cp.groupId, "P-EQ"))?.title).toBe("二");
    expect((await send(PATHS.programOffline, offlineMessage(203, { programIds: ["P-EQ"] }, { msgTime: t }))).msg).toBe("success");
    expect((await getProgram(db(), cp.groupId, "P-EQ"))?.status).toBe("offline");
    expect((await send(PATHS.seriesOffline, offlineMessage(103, { seriesIds: "S-EQ" }, { msgTime: t }))).msg).toBe("success");
    expect((await getSeries(db(), cp.groupId, "S-EQ"))?.status).toBe("offline");
  });

  it("a stale series message's log row says it was ignored, not success", async () => {
    const t = Date.now();
    await send(PATHS.seriesInject, seriesMessage({ seriesId: "S-STALE-LOG" }, { msgTime: t }));
    const older = seriesMessage({ seriesId: "S-STALE-LOG", title: "旧" }, { msgTime: t - 1 });
    expect((await send(PATHS.seriesInject, older)).msg).toBe(STALE);
    expect((await logRows(cp.groupId, "msg_id = ?", older.msgId)).map((r) => [r.result_code, r.result_msg])).toEqual([["ok", STALE]]);
  });
});

describe("a 203 / 103 acts on its own CP only", () => {
  it("another CP's 203 naming the same programId leaves this CP's program online", async () => {
    const other = await onboardCp(admin, "mac");
    await send(PATHS.programInject, programMessage({ programId: "P-SHARED", ...noProgram }));
    const sendOther = (path: string, body: Record<string, unknown>) => callWorker(other.request(path, body)()).then(answer);
    await sendOther(PATHS.programInject, programMessage({ programId: "P-SHARED", ...noProgram }));
    expect((await sendOther(PATHS.programOffline, offlineMessage(203, { programIds: ["P-SHARED"] }))).msg).toBe("success");
    expect((await getProgram(db(), other.groupId, "P-SHARED"))?.status).toBe("offline");
    expect((await getProgram(db(), cp.groupId, "P-SHARED"))?.status).toBe("online");
    // And a CP that does not have the id is told so, even when another CP has it.
    const third = await onboardCp(admin, "mac");
    const res = await callWorker(third.request(PATHS.programOffline, offlineMessage(203, { programIds: ["P-SHARED"] }))()).then(answer);
    expect(res.msg).toBe("success; unknown programIds: P-SHARED");
    expect((await getProgram(db(), cp.groupId, "P-SHARED"))?.status).toBe("online");
  });
});

describe("a msgId refused for other content commits nothing", () => {
  it("no nonce consumed, no KV nonce, no ok log row; the refusal is logged in the CP's name", async () => {
    const msg = seriesMessage({ seriesId: "S-CONFLICT" });
    expect((await send(PATHS.seriesInject, msg)).status).toBe(200);
    const nonce = uniqueNonce();
    const other = { ...msg, msgData: { ...(msg.msgData as object), title: "别的" } };
    expect(await send(PATHS.seriesInject, other, { nonce })).toEqual(invalid("msgId"));
    expect(await nonceRow(cp.groupId, nonce)).toBeNull();
    expect(await env.NONCE_KV.get(kvKey(cp.groupId, nonce))).toBeNull();
    const rows = await logRows(cp.groupId, "nonce = ?", nonce);
    expect(rows.map((r) => [r.result_code, r.http_status, r.body])).toEqual([["InvalidParameter", 400, null]]);
    expect((await getSeries(db(), cp.groupId, "S-CONFLICT"))?.title).toBe("山海情");
  });
});

describe("a refused request does not write the KV nonce", () => {
  const refusals: [string, (nonce: string) => Promise<unknown>][] = [
    ["msgSign absent", (nonce) => send(PATHS.seriesInject, seriesMessage(), { nonce, unsignedBody: true })],
    ["a field invalid", (nonce) => send(PATHS.seriesInject, seriesMessage({ definition: "FHD" }), { nonce })],
    ["sign forged", (nonce) => send(PATHS.seriesInject, seriesMessage(), { nonce, query: (q: URLSearchParams) => q.set("sign", "00".repeat(32)) })],
    ["ts outside the window", (nonce) => send(PATHS.seriesInject, seriesMessage(), { nonce, ts: String(Date.now() - 400_000) })],
  ];
  for (const [label, refuse] of refusals) {
    it(label, async () => {
      const nonce = uniqueNonce();
      await refuse(nonce);
      expect(await env.NONCE_KV.get(kvKey(cp.groupId, nonce))).toBeNull();
      expect(await nonceRow(cp.groupId, nonce)).toBeNull();
      // The nonce is still the CP's to use.
      expect((await send(PATHS.seriesInject, seriesMessage(), { nonce })).status).toBe(200);
    });
  }
});

describe("503 ServiceUnAvailable from a real storage fault", () => {
  /** The real D1 binding, except that batches fail the way an overloaded or unreachable D1 fails. */
  function failingDb(message: string): D1Database {
    return new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "batch") return () => Promise.reject(new Error(message));
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  for (const message of ["D1_ERROR: D1 DB is overloaded. Too many requests queued.", "D1_ERROR: Network connection lost.", "D1_ERROR: internal error in D1 storage: storage operation was reset"]) {
    it(`"${message}" → 503, nothing written, the CP's retry is accepted`, async () => {
      const msg = seriesMessage({ seriesId: `S-503-${message.length}` });
      const nonce = uniqueNonce();
      const res = await send(PATHS.seriesInject, msg, { nonce }, { ...env, DB: failingDb(message) });
      expect(res).toEqual({ status: 503, code: "ServiceUnAvailable", msg: "The request has failed due to a temporary failure of the server." });
      expect(await getSeries(db(), cp.groupId, msg.msgData ? `S-503-${message.length}` : "")).toBeUndefined();
      expect(await nonceRow(cp.groupId, nonce)).toBeNull();
      expect((await send(PATHS.seriesInject, msg)).msg).toBe("success");
    });
  }

  it("a fault that is not a storage outage stays 500 InternalError", async () => {
    const res = await send(PATHS.seriesInject, seriesMessage(), {}, { ...env, DB: failingDb("D1_ERROR: no such table: series") });
    expect(res).toMatchObject({ status: 500, code: "InternalError" });
  });
});
