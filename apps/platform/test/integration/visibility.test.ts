/**
 * The catalog side of "a series offline takes its episodes off terminals too" (profile
 * section 6): src/catalog/visibility.ts, with content arriving through the signed interfaces.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../src/catalog/db";
import { isProgramVisible, isSeriesVisible } from "../../src/catalog/visibility";
import { loginAdmin, offlineMessage, onboardCp, PATHS, programMessage, seriesMessage, type AdminClient, type TestCp } from "../helpers/platform";

const db = () => createDb(env.DB);
let admin: AdminClient;
let cp: TestCp;
beforeAll(async () => {
  admin = await loginAdmin();
  cp = await onboardCp(admin, "mac");
});

async function ok(res: Promise<Response>) {
  const r = await res;
  expect(r.status).toBe(200);
}

function episode(seriesId: string, programId: string, seq: number) {
  return { programId, seriesId, title: `第${seq}集`, programType: "正片", seq, stage: seq, paid: 0, status: "online" };
}

/** A series with two episodes: one program names the series, the other is only in its list. */
async function seriesWithEpisodes(seriesId: string, t = Date.now()) {
  const [a, b] = [`${seriesId}-A`, `${seriesId}-B`];
  // b first: a program message without a series takes the program out of every list.
  await ok(cp.post(PATHS.programInject, programMessage({ programId: b, seriesId: undefined, seriesPrograms: undefined }, { msgTime: t })));
  await ok(cp.post(PATHS.seriesInject, seriesMessage({ seriesId, seriesPrograms: [episode(seriesId, a, 1), episode(seriesId, b, 2)] }, { msgTime: t })));
  await ok(cp.post(PATHS.programInject, programMessage({ programId: a, seriesId, seriesPrograms: episode(seriesId, a, 1) }, { msgTime: t })));
  const listed = await env.DB.prepare("SELECT program_id FROM series_programs WHERE group_id = ? AND series_id = ? ORDER BY seq").bind(cp.groupId, seriesId).all();
  expect(listed.results).toEqual([{ program_id: a }, { program_id: b }]);
  return [a, b] as const;
}

const visible = async (groupId: string, seriesId: string, ids: readonly string[]) => [
  await isSeriesVisible(db(), groupId, seriesId),
  ...(await Promise.all(ids.map((id) => isProgramVisible(db(), groupId, id)))),
];

describe("a series offline takes its episodes off terminals", () => {
  it("103: the series and both its episodes (by seriesId and by episode list) disappear; a newer 101 brings them back", async () => {
    const t = Date.now();
    const ids = await seriesWithEpisodes("S-VIS-103", t);
    expect(await visible(cp.groupId, "S-VIS-103", ids)).toEqual([true, true, true]);
    await ok(cp.post(PATHS.seriesOffline, offlineMessage(103, { seriesIds: "S-VIS-103" }, { msgTime: t + 1 })));
    expect(await visible(cp.groupId, "S-VIS-103", ids)).toEqual([false, false, false]);
    const list = ids.map((id, i) => episode("S-VIS-103", id, i + 1));
    await ok(cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-VIS-103", status: "online", seriesPrograms: list }, { msgType: 101, msgTime: t + 2 })));
    expect(await visible(cp.groupId, "S-VIS-103", ids)).toEqual([true, true, true]);
  });

  it("102 (deleted) and an emergency lock on the series hide the episodes too", async () => {
    const t = Date.now();
    const deleted = await seriesWithEpisodes("S-VIS-102", t);
    const list = deleted.map((id, i) => episode("S-VIS-102", id, i + 1));
    await ok(cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-VIS-102", seriesPrograms: list }, { msgType: 102, msgTime: t + 1 })));
    expect(await visible(cp.groupId, "S-VIS-102", deleted)).toEqual([false, false, false]);
    const locked = await seriesWithEpisodes("S-VIS-LOCK", t);
    await env.DB.prepare("UPDATE series SET emergency_locked = 1 WHERE group_id = ? AND series_id = ?").bind(cp.groupId, "S-VIS-LOCK").run();
    expect(await visible(cp.groupId, "S-VIS-LOCK", locked)).toEqual([false, false, false]);
  });

  it("another CP's series with the same seriesId going offline hides nothing here", async () => {
    const ids = await seriesWithEpisodes("S-VIS-OTHER");
    const other = await onboardCp(admin, "mac");
    await ok(other.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-VIS-OTHER" })));
    await ok(other.post(PATHS.seriesOffline, offlineMessage(103, { seriesIds: "S-VIS-OTHER" })));
    expect(await visible(cp.groupId, "S-VIS-OTHER", ids)).toEqual([true, true, true]);
  });
});

describe("a program's own state", () => {
  it("203, 202 and an emergency lock hide the program alone; its series stays", async () => {
    const t = Date.now();
    const [a, b] = await seriesWithEpisodes("S-VIS-P", t);
    await ok(cp.post(PATHS.programOffline, offlineMessage(203, { programIds: [a] }, { msgTime: t + 1 })));
    expect(await visible(cp.groupId, "S-VIS-P", [a, b])).toEqual([true, false, true]);
    await ok(cp.post(PATHS.programInject, programMessage({ programId: b, seriesId: undefined, seriesPrograms: undefined }, { msgType: 202, msgTime: t + 1 })));
    expect(await isProgramVisible(db(), cp.groupId, b)).toBe(false);
    await ok(cp.post(PATHS.programInject, programMessage({ programId: "P-VIS-LOCK", seriesId: undefined, seriesPrograms: undefined })));
    expect(await isProgramVisible(db(), cp.groupId, "P-VIS-LOCK")).toBe(true);
    await env.DB.prepare("UPDATE programs SET emergency_locked = 1 WHERE group_id = ? AND program_id = ?").bind(cp.groupId, "P-VIS-LOCK").run();
    expect(await isProgramVisible(db(), cp.groupId, "P-VIS-LOCK")).toBe(false);
  });

  it("a program whose series has not arrived yet is visible; an unknown program is not", async () => {
    await ok(cp.post(PATHS.programInject, programMessage({ programId: "P-VIS-EARLY", seriesId: "S-NOT-YET", seriesPrograms: episode("S-NOT-YET", "P-VIS-EARLY", 1) })));
    expect(await isProgramVisible(db(), cp.groupId, "P-VIS-EARLY")).toBe(true);
    expect(await isProgramVisible(db(), cp.groupId, "P-NOWHERE")).toBe(false);
  });
});

describe("the CP's state", () => {
  it("a suspended or exited CP's content is not visible", async () => {
    const own = await onboardCp(admin, "mac");
    await ok(own.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-VIS-CP", seriesPrograms: [] })));
    await ok(own.post(PATHS.programInject, programMessage({ programId: "P-VIS-CP", seriesId: undefined, seriesPrograms: undefined })));
    expect(await visible(own.groupId, "S-VIS-CP", ["P-VIS-CP"])).toEqual([true, true]);
    expect((await admin.call("PATCH", `/cps/${own.groupId}`, { status: "suspended" })).status).toBe(200);
    expect(await visible(own.groupId, "S-VIS-CP", ["P-VIS-CP"])).toEqual([false, false]);
    expect((await admin.call("PATCH", `/cps/${own.groupId}`, { status: "exited" })).status).toBe(200);
    expect(await visible(own.groupId, "S-VIS-CP", ["P-VIS-CP"])).toEqual([false, false]);
  });
});
