/** Profile section 6 semantics, observed through the signed interfaces and the stored catalog. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../src/catalog/db";
import { getProgram } from "../../src/catalog/programs";
import { getSeries, listEpisodes } from "../../src/catalog/series";
import { callWorker } from "../helpers/direct";
import { answer, loginAdmin, offlineMessage, onboardCp, PATHS, programMessage, seriesMessage, type AdminClient, type TestCp } from "../helpers/platform";

const db = () => createDb(env.DB);
let admin: AdminClient;
let cp: TestCp;

beforeAll(async () => {
  admin = await loginAdmin();
  cp = await onboardCp(admin, "sm2");
});

function episodes(seriesId: string, n: number, from = 1) {
  return Array.from({ length: n }, (_, i) => ({
    programId: `${seriesId}-E${from + i}`,
    seriesId,
    title: `第${from + i}集`,
    programType: "正片",
    seq: from + i,
    stage: from + i,
    paid: 0,
    status: "online",
  }));
}

describe("happy paths of the four interfaces", () => {
  it("series inject (100) stores the series and its episode list in seq order", async () => {
    const list = episodes("S-HAPPY", 3).reverse();
    const res = await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-HAPPY", seriesPrograms: list }));
    expect(await answer(res)).toEqual({ status: 200, code: "ok", msg: "success" });
    const s = await getSeries(db(), cp.groupId, "S-HAPPY");
    expect(s).toMatchObject({ title: "山海情", category: "电视剧", year: "2021", area: "中国大陆", definition: "HD", status: "online", deleted: false, completed: false });
    expect((await listEpisodes(db(), cp.groupId, "S-HAPPY")).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it("accepts the B.1 alias seriesShows with string seq and boolean completed", async () => {
    const { seriesPrograms: _drop, ...data } = seriesMessage({ seriesId: "S-ALIAS" }).msgData as Record<string, unknown>;
    const shows = episodes("S-ALIAS", 2).map((e) => ({ ...e, seq: String(e.seq) }));
    const res = await cp.post(PATHS.seriesInject, seriesMessage({}, { msgData: { ...data, seriesShows: shows, completed: true } }));
    expect((await answer(res)).code).toBe("ok");
    expect((await getSeries(db(), cp.groupId, "S-ALIAS"))?.completed).toBe(true);
    expect((await listEpisodes(db(), cp.groupId, "S-ALIAS")).map((e) => e.seq)).toEqual([1, 2]);
  });

  it("101 replaces the series and its list; a message without a list keeps the list", async () => {
    await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-UPD", seriesPrograms: episodes("S-UPD", 3) }));
    await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-UPD", title: "新标题", seriesPrograms: episodes("S-UPD", 2, 10) }, { msgType: 101 }));
    expect((await getSeries(db(), cp.groupId, "S-UPD"))?.title).toBe("新标题");
    expect((await listEpisodes(db(), cp.groupId, "S-UPD")).map((e) => e.programId)).toEqual(["S-UPD-E10", "S-UPD-E11"]);
    const { seriesPrograms: _drop, ...noList } = seriesMessage({ seriesId: "S-UPD", title: "再改" }).msgData as Record<string, unknown>;
    await cp.post(PATHS.seriesInject, seriesMessage({}, { msgType: 101, msgData: noList }));
    expect((await getSeries(db(), cp.groupId, "S-UPD"))?.title).toBe("再改");
    expect(await listEpisodes(db(), cp.groupId, "S-UPD")).toHaveLength(2);
  });

  it("program inject (200) stores the program, its playInfos and its place in the series", async () => {
    const res = await cp.post(PATHS.programInject, programMessage());
    expect(await answer(res)).toEqual({ status: 200, code: "ok", msg: "success" });
    const p = await getProgram(db(), cp.groupId, "P1001-01");
    expect(p).toMatchObject({ title: "山海情 第1集", seriesId: "S1001", definition: "HD", status: "online", deleted: false });
    expect(p?.playInfos).toEqual([expect.objectContaining({ videoId: "V1", definition: "HD", playUrl: "https://cdn.example.com/p1001-01/hd.m3u8" })]);
    expect(await listEpisodes(db(), cp.groupId, "S1001")).toEqual([expect.objectContaining({ programId: "P1001-01", seq: 1, programType: "正片" })]);
  });

  it("a program moved to another series leaves the old list", async () => {
    await cp.post(PATHS.programInject, programMessage({ programId: "P-MOVE", seriesId: "S-A", seriesPrograms: { ...episodes("S-A", 1)[0], programId: "P-MOVE" } }));
    await cp.post(PATHS.programInject, programMessage({ programId: "P-MOVE", seriesId: "S-B", seriesPrograms: { ...episodes("S-B", 1)[0], programId: "P-MOVE" } }));
    expect(await listEpisodes(db(), cp.groupId, "S-A")).toEqual([]);
    expect((await listEpisodes(db(), cp.groupId, "S-B")).map((e) => e.programId)).toEqual(["P-MOVE"]);
  });

  it("series offline (103) takes the CP's series offline and names ids it does not have", async () => {
    await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-OFF1", seriesPrograms: [] }));
    await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-OFF2", seriesPrograms: [] }));
    const res = await cp.post(PATHS.seriesOffline, offlineMessage(103, { seriesIds: "S-OFF1,S-OFF2,S-NOPE" }));
    expect(await answer(res)).toEqual({ status: 200, code: "ok", msg: "success; unknown seriesIds: S-NOPE" });
    expect((await getSeries(db(), cp.groupId, "S-OFF1"))?.status).toBe("offline");
    expect((await getSeries(db(), cp.groupId, "S-OFF2"))?.status).toBe("offline");
  });

  it("series offline accepts the B.4 array form", async () => {
    await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-OFF3", seriesPrograms: [] }));
    const res = await cp.post(PATHS.seriesOffline, offlineMessage(103, { seriesIds: ["S-OFF3"] }));
    expect(await answer(res)).toEqual({ status: 200, code: "ok", msg: "success" });
    expect((await getSeries(db(), cp.groupId, "S-OFF3"))?.status).toBe("offline");
  });

  it("program offline (203) takes programs offline and names unknown ids", async () => {
    await cp.post(PATHS.programInject, programMessage({ programId: "P-OFF", seriesId: undefined, seriesPrograms: undefined }));
    const res = await cp.post(PATHS.programOffline, offlineMessage(203, { programIds: ["P-OFF", "P-NOPE"] }));
    expect(await answer(res)).toEqual({ status: 200, code: "ok", msg: "success; unknown programIds: P-NOPE" });
    expect((await getProgram(db(), cp.groupId, "P-OFF"))?.status).toBe("offline");
  });

  it("102 / 202 delete softly: kept for audit, flagged deleted; offline then treats them as unknown", async () => {
    await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-DEL" }));
    await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-DEL" }, { msgType: 102 }));
    expect(await getSeries(db(), cp.groupId, "S-DEL")).toMatchObject({ deleted: true });
    await cp.post(PATHS.programInject, programMessage({ programId: "P-DEL", seriesId: undefined, seriesPrograms: undefined }));
    await cp.post(PATHS.programInject, programMessage({ programId: "P-DEL", seriesId: undefined, seriesPrograms: undefined }, { msgType: 202 }));
    expect(await getProgram(db(), cp.groupId, "P-DEL")).toMatchObject({ deleted: true });
    const res = await cp.post(PATHS.seriesOffline, offlineMessage(103, { seriesIds: "S-DEL" }));
    expect((await answer(res)).msg).toBe("success; unknown seriesIds: S-DEL");
  });
});

describe("identity: (groupId, id)", () => {
  it("two CPs using the same seriesId do not meet", async () => {
    const other = await onboardCp(admin, "mac");
    await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-SHARED", title: "CP一", seriesPrograms: episodes("S-SHARED", 2) }));
    await other.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-SHARED", title: "CP二", seriesPrograms: episodes("S-SHARED", 5) }));
    await other.post(PATHS.seriesOffline, offlineMessage(103, { seriesIds: "S-SHARED" }));
    expect(await getSeries(db(), cp.groupId, "S-SHARED")).toMatchObject({ title: "CP一", status: "online" });
    expect(await getSeries(db(), other.groupId, "S-SHARED")).toMatchObject({ title: "CP二", status: "offline" });
    expect(await listEpisodes(db(), cp.groupId, "S-SHARED")).toHaveLength(2);
    expect(await listEpisodes(db(), other.groupId, "S-SHARED")).toHaveLength(5);
  });
});

describe("idempotency and order", () => {
  it("the same msgId with the same content twice: 200 both times, applied once", async () => {
    const msg = seriesMessage({ seriesId: "S-IDEM" });
    expect(await answer(await cp.post(PATHS.seriesInject, msg))).toMatchObject({ status: 200, msg: "success" });
    const before = await getSeries(db(), cp.groupId, "S-IDEM");
    // A retry is re-signed (new nonce, new randomised SM2 msgSign) but carries the same content.
    expect(await answer(await cp.post(PATHS.seriesInject, msg))).toEqual({ status: 200, code: "ok", msg: "ignored: duplicate msgId" });
    expect(await getSeries(db(), cp.groupId, "S-IDEM")).toEqual(before);
  });

  it("the same msgId with different content is refused naming msgId", async () => {
    const msg = seriesMessage({ seriesId: "S-IDEM2" });
    await cp.post(PATHS.seriesInject, msg);
    const res = await cp.post(PATHS.seriesInject, { ...msg, msgData: { ...(msg.msgData as object), title: "别的" } });
    expect(await answer(res)).toEqual({ status: 400, code: "InvalidParameter", msg: 'The specified parameter "msgId" is not valid.' });
    expect((await getSeries(db(), cp.groupId, "S-IDEM2"))?.title).toBe("山海情");
  });

  it("an older msgTime after a newer one is acknowledged and not applied", async () => {
    const t = Date.now();
    await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-ORD", title: "新", seriesPrograms: episodes("S-ORD", 3) }, { msgTime: t }));
    const res = await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-ORD", title: "旧", seriesPrograms: episodes("S-ORD", 1) }, { msgTime: t - 1000 }));
    expect(await answer(res)).toEqual({ status: 200, code: "ok", msg: "ignored: a newer msgTime is already applied" });
    expect((await getSeries(db(), cp.groupId, "S-ORD"))?.title).toBe("新");
    expect(await listEpisodes(db(), cp.groupId, "S-ORD")).toHaveLength(3);
    const offline = await cp.post(PATHS.seriesOffline, offlineMessage(103, { seriesIds: "S-ORD" }, { msgTime: t - 500 }));
    expect((await answer(offline)).msg).toBe("success; not applied (newer msgTime stored): S-ORD");
    expect((await getSeries(db(), cp.groupId, "S-ORD"))?.status).toBe("online");
  });
  // Races between interleaving copies: test/integration/races.test.ts.
});

describe("atomicity", () => {
  it("a 200-episode series is applied whole, and a failure in the middle leaves the old state", async () => {
    const seriesId = "S-BIG";
    await cp.post(PATHS.seriesInject, seriesMessage({ seriesId, title: "旧", seriesPrograms: episodes(seriesId, 2) }));
    // A fault injected into D1 itself: the 150th episode insert aborts the statement.
    // Named and scoped per CP, so a run that stops half-way leaves nothing another run meets.
    const trigger = `fail_mid_${cp.groupId.replaceAll("-", "_")}`;
    await env.DB.exec(`CREATE TRIGGER ${trigger} BEFORE INSERT ON series_programs WHEN NEW.group_id = '${cp.groupId}' AND NEW.series_id = '${seriesId}' AND NEW.seq = 150 BEGIN SELECT RAISE(ABORT, 'forced failure'); END;`);
    const big = seriesMessage({ seriesId, title: "新", episodeCount: 200, seriesPrograms: episodes(seriesId, 200) });
    const failed = await cp.post(PATHS.seriesInject, big);
    expect(failed.status).toBe(500);
    expect((await getSeries(db(), cp.groupId, seriesId))?.title).toBe("旧");
    expect((await listEpisodes(db(), cp.groupId, seriesId)).map((e) => e.seq)).toEqual([1, 2]);
    await env.DB.exec(`DROP TRIGGER ${trigger};`);
    // Nothing was recorded, so the CP's retry of the same msgId applies in full.
    expect(await answer(await cp.post(PATHS.seriesInject, big))).toMatchObject({ status: 200, msg: "success" });
    const list = await listEpisodes(db(), cp.groupId, seriesId);
    expect(list).toHaveLength(200);
    expect(list.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect((await getSeries(db(), cp.groupId, seriesId))?.title).toBe("新");
  });
});

describe("emergency lock (the field; locking itself comes with emergency offline)", () => {
  it("a locked series stays locked whatever the CP sends", async () => {
    await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-LOCK" }));
    await env.DB.prepare("UPDATE series SET emergency_locked = 1 WHERE group_id = ? AND series_id = ?").bind(cp.groupId, "S-LOCK").run();
    expect((await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-LOCK", status: "online", title: "想回来" }, { msgType: 101 }))).status).toBe(200);
    expect(await getSeries(db(), cp.groupId, "S-LOCK")).toMatchObject({ emergencyLocked: true, status: "online", title: "想回来" });
  });
});

describe("message log", () => {
  it("records accepted messages with their body, refusals after `sign` verified without, and anonymous refusals as unverified samples", async () => {
    const logCp = await onboardCp(admin, "mac");
    const msg = seriesMessage({ seriesId: "S-LOG" });
    // A source of its own, so this test's anonymous refusals are the first of their minute.
    const source = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const send = (make: () => Request) => {
      const req = new Request(make());
      req.headers.set("cf-connecting-ip", source);
      return callWorker(req);
    };
    await send(logCp.request(PATHS.seriesInject, msg));
    await send(logCp.request(PATHS.seriesInject, seriesMessage(), { unsignedBody: true }));
    await send(logCp.request(PATHS.seriesInject, seriesMessage(), { query: (q) => q.set("ts", "1") }));
    const forged = await send(logCp.request(PATHS.seriesInject, seriesMessage(), { query: (q) => q.set("sign", "00".repeat(32)) }));
    expect(forged.status).toBe(403);
    // callWorker waited for the waitUntil writes.
    const rows = (await env.DB.prepare("SELECT * FROM message_log WHERE group_id = ? ORDER BY id").bind(logCp.groupId).all()).results;
    expect(rows).toHaveLength(4);
    const byCode = (code: string) => rows.filter((r) => r.result_code === code);
    const [accepted] = byCode("ok");
    const [noSign] = byCode("MissingParameter");
    const [badTs] = byCode("InvalidParameter");
    const [forgedRow] = byCode("Forbidden");
    expect(accepted).toMatchObject({ msg_id: msg.msgId, msg_type: 100, result_code: "ok", http_status: 200, path: PATHS.seriesInject, verified: 1 });
    expect(JSON.parse(accepted!.body as string).msgData.seriesId).toBe("S-LOG");
    expect(accepted!.body_sm3).toMatch(/^[0-9a-f]{64}$/);
    expect(noSign).toMatchObject({ result_code: "MissingParameter", http_status: 400, body: null, verified: 1 });
    // Before `sign` verified, the groupId is only claimed.
    expect(forgedRow).toMatchObject({ result_code: "Forbidden", http_status: 403, body: null, body_sm3: expect.stringMatching(/^[0-9a-f]{64}$/), verified: 0 });
    expect(badTs).toMatchObject({ result_code: "InvalidParameter", http_status: 400, body: null, body_sm3: null, verified: 0 });
  });
});
