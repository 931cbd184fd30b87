/**
 * Console search and detail (GET /admin/api/series, /programs, their detail, /messages, /stats):
 * 1-, 2- and 3-character Chinese queries find what they should and nothing else, on titles and
 * the other names; filters combine; keyset paging is stable under inserts.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { loginAdmin, onboardCp, PATHS, programMessage, seriesMessage, type AdminClient, type TestCp } from "../helpers/platform";

let admin: AdminClient;
let cp: TestCp;

interface ListAnswer {
  items: Record<string, unknown>[];
  nextCursor: string | null;
  total: number;
  totalIsEstimate: boolean;
}

const SERIES: [string, string, Record<string, unknown>][] = [
  ["S-ZH", "甄嬛传", { stars: ["孙俪", "陈建斌"], directors: ["郑晓龙"], enTitle: "Empresses in the Palace", year: "2011" }],
  ["S-HG", "后宫·甄嬛传 电影版", { stars: ["孙俪"], directors: ["郑晓龙"], year: "2012", category: "电影" }],
  ["S-XY", "西游记", { stars: ["六小龄童"], directors: ["杨洁"], year: "1986", definition: "SD" }],
  ["S-XJ", "西游降魔篇", { stars: ["舒淇"], directors: ["周星驰"], year: "2013", category: "电影", paid: 1 }],
  ["S-DH", "大话西游", { stars: ["周星驰"], directors: ["刘镇伟"], year: "1995", category: "电影" }],
  ["S-HL", "红楼梦", { stars: ["欧阳奋强"], directors: ["王扶林"], year: "1987" }],
];

async function list(kind: "series" | "programs", query: Record<string, string>): Promise<ListAnswer> {
  const res = await admin.call("GET", `/${kind}?${new URLSearchParams({ groupId: cp.groupId, ...query })}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ListAnswer;
}
const ids = (a: ListAnswer, key = "seriesId") => a.items.map((i) => i[key]).sort();

beforeAll(async () => {
  admin = await loginAdmin();
  cp = await onboardCp(admin, "mac");
  for (const [seriesId, title, extra] of SERIES) {
    const res = await cp.post(PATHS.seriesInject, seriesMessage({ seriesId, title, subTitle: null, enTitle: null, ...extra }));
    expect(res.status).toBe(200);
  }
  const res = await cp.post(PATHS.programInject, programMessage({ programId: "P-XY-01", title: "西游记 第1集", seriesId: "S-XY", seriesProgram: undefined, seriesPrograms: { programId: "P-XY-01", seriesId: "S-XY", title: "第1集", programType: "正片", seq: 1, status: "online" } }));
  expect(res.status, await res.clone().text()).toBe(200);
  await cp.post(PATHS.programInject, programMessage({ programId: "P-SOLO", title: "西游降魔篇 导演剪辑版", seriesId: undefined, seriesPrograms: undefined }));
});

describe("search by substring", () => {
  it("1 character: every title or name holding it, nothing else", async () => {
    expect(ids(await list("series", { q: "嬛" }))).toEqual(["S-HG", "S-ZH"]);
    expect(ids(await list("series", { q: "游" }))).toEqual(["S-DH", "S-XJ", "S-XY"]);
    expect(ids(await list("series", { q: "梦" }))).toEqual(["S-HL"]);
  });

  it("2 characters (甄嬛, 西游): the pair in order, not the two characters apart", async () => {
    expect(ids(await list("series", { q: "甄嬛" }))).toEqual(["S-HG", "S-ZH"]);
    expect(ids(await list("series", { q: "西游" }))).toEqual(["S-DH", "S-XJ", "S-XY"]);
    expect(ids(await list("series", { q: "游西" }))).toEqual([]);
    expect(ids(await list("series", { q: "红梦" }))).toEqual([]);
  });

  it("3+ characters: the exact run", async () => {
    expect(ids(await list("series", { q: "西游记" }))).toEqual(["S-XY"]);
    expect(ids(await list("series", { q: "甄嬛传" }))).toEqual(["S-HG", "S-ZH"]);
    expect(ids(await list("series", { q: "大话西游" }))).toEqual(["S-DH"]);
    expect(ids(await list("series", { q: "西游降魔" }))).toEqual(["S-XJ"]);
    expect(ids(await list("series", { q: "西游记降" }))).toEqual([]);
  });

  it("finds series by stars, directors and the English title (case-insensitive)", async () => {
    expect(ids(await list("series", { q: "孙俪" }))).toEqual(["S-HG", "S-ZH"]);
    expect(ids(await list("series", { q: "周星驰" }))).toEqual(["S-DH", "S-XJ"]);
    expect(ids(await list("series", { q: "palace" }))).toEqual(["S-ZH"]);
    expect(ids(await list("series", { q: "Empresses in" }))).toEqual(["S-ZH"]);
  });

  it("programs by title", async () => {
    expect(ids(await list("programs", { q: "西游" }), "programId")).toEqual(["P-SOLO", "P-XY-01"]);
    expect(ids(await list("programs", { q: "剪辑" }), "programId")).toEqual(["P-SOLO"]);
    expect(ids(await list("programs", { q: "西游", seriesId: "S-XY" }), "programId")).toEqual(["P-XY-01"]);
  });

  it("follows a rename in the same message", async () => {
    await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-HL", title: "红楼梦 新版", subTitle: null, enTitle: null, stars: ["蒋梦婕"], directors: ["李少红"], year: "1987" }, { msgType: 101 }));
    expect(ids(await list("series", { q: "新版" }))).toEqual(["S-HL"]);
    expect(ids(await list("series", { q: "欧阳" }))).toEqual([]);
  });
});

describe("filters", () => {
  it("combine with each other and with q", async () => {
    expect(ids(await list("series", { category: "电影" }))).toEqual(["S-DH", "S-HG", "S-XJ"]);
    expect(ids(await list("series", { category: "电影", q: "西游" }))).toEqual(["S-DH", "S-XJ"]);
    expect(ids(await list("series", { category: "电影", q: "西游", paid: "1" }))).toEqual(["S-XJ"]);
    expect(ids(await list("series", { year: "1986", definition: "SD" }))).toEqual(["S-XY"]);
    expect(ids(await list("series", { year: "1986", definition: "HD" }))).toEqual([]);
  });

  it("emergency lock, deletion and the update range", async () => {
    await env.DB.prepare("UPDATE series SET emergency_locked = 1 WHERE group_id = ? AND series_id = 'S-DH'").bind(cp.groupId).run();
    expect(ids(await list("series", { locked: "true" }))).toEqual(["S-DH"]);
    expect(ids(await list("series", { locked: "false", q: "西游" }))).toEqual(["S-XJ", "S-XY"]);
    await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-XJ", title: "西游降魔篇", subTitle: null, enTitle: null, stars: ["舒淇"], directors: ["周星驰"], year: "2013", category: "电影", paid: 1 }, { msgType: 102 }));
    expect(ids(await list("series", { deleted: "true" }))).toEqual(["S-XJ"]);
    expect(ids(await list("series", { deleted: "false", q: "西游" }))).toEqual(["S-DH", "S-XY"]);
    const all = await list("series", {});
    const times = all.items.map((i) => i.updatedAt as number);
    const newest = Math.max(...times);
    expect((await list("series", { updatedFrom: String(newest) })).items.every((i) => (i.updatedAt as number) >= newest)).toBe(true);
    expect((await list("series", { updatedTo: String(newest - 1) })).items.every((i) => (i.updatedAt as number) < newest)).toBe(true);
  });

  it("refuses bad filter values with 400 naming the parameter", async () => {
    const res = await admin.call("GET", "/series?definition=HDR");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe("definition");
    expect((await admin.call("GET", "/series?cursor=garbage")).status).toBe(400);
    expect((await admin.call("GET", "/series?limit=101")).status).toBe(400);
  });
});

describe("paging", () => {
  it("keyset pages are stable when rows are inserted between pages; totals count all", async () => {
    const group = await onboardCp(admin, "mac");
    for (let i = 1; i <= 5; i++) await group.post(PATHS.seriesInject, seriesMessage({ seriesId: `PG-${i}`, title: `分页剧${i}`, subTitle: null, enTitle: null }));
    const query = (extra: Record<string, string>) =>
      admin.call("GET", `/series?${new URLSearchParams({ groupId: group.groupId, limit: "2", ...extra })}`).then((r) => r.json() as Promise<ListAnswer>);
    const first = await query({});
    expect(first.total).toBe(5);
    expect(first.totalIsEstimate).toBe(false);
    expect(first.items.map((i) => i.seriesId)).toEqual(["PG-5", "PG-4"]);
    // New rows arrive: they are newer than the cursor and do not shift the next pages.
    for (let i = 6; i <= 8; i++) await group.post(PATHS.seriesInject, seriesMessage({ seriesId: `PG-${i}`, title: `分页剧${i}`, subTitle: null, enTitle: null }));
    const second = await query({ cursor: first.nextCursor! });
    const third = await query({ cursor: second.nextCursor! });
    expect([...second.items, ...third.items].map((i) => i.seriesId)).toEqual(["PG-3", "PG-2", "PG-1"]);
    expect(third.nextCursor).toBeNull();
    // By title, ascending.
    const byTitle = await query({ sort: "title" });
    const byTitle2 = await query({ sort: "title", cursor: byTitle.nextCursor! });
    expect([...byTitle.items, ...byTitle2.items].map((i) => i.title)).toEqual(["分页剧1", "分页剧2", "分页剧3", "分页剧4"]);
  });
});

describe("detail", () => {
  it("a series: every Table 2 field, episodes in seq order, its message history, takedowns", async () => {
    const res = await admin.call("GET", `/series/${cp.groupId}/S-XY`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { series: Record<string, unknown>; episodes: { programId: string; seq: number }[]; messages: { msgId: string; msgType: number; resultCode: string }[]; takedowns: unknown[] };
    expect(body.series).toMatchObject({ seriesId: "S-XY", title: "西游记", stars: ["六小龄童"], directors: ["杨洁"], category: "电视剧", year: "1986", status: "online", deleted: false, emergencyLocked: false, license_num: expect.any(String) });
    expect(body.series.seriesPrograms).toBeUndefined();
    expect(body.episodes.map((e) => e.seq)).toEqual([...body.episodes.map((e) => e.seq)].sort((a, b) => a - b));
    expect(body.episodes.map((e) => e.programId)).toContain("P-XY-01");
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]).toMatchObject({ msgType: 100, resultCode: "ok" });
    expect(body.takedowns).toEqual([]);
    expect((await admin.call("GET", `/series/${cp.groupId}/S-NONE`)).status).toBe(404);
  });

  it("a program: Tables 9–10 with playInfos, its series, its messages", async () => {
    const res = await admin.call("GET", `/programs/${cp.groupId}/P-XY-01`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { program: Record<string, unknown>; series: unknown; messages: { msgType: number }[] };
    expect(body.program).toMatchObject({ programId: "P-XY-01", title: "西游记 第1集", playInfos: [expect.objectContaining({ playUrl: expect.stringMatching(/^https:/) })] });
    expect(body.series).toEqual({ groupId: cp.groupId, seriesId: "S-XY", title: "西游记" });
    expect(body.messages.map((m) => m.msgType)).toEqual([200]);
  });
});

describe("message log and dashboard", () => {
  it("filters the message log by CP, msgId and result code", async () => {
    const msg = seriesMessage({ seriesId: "S-LOG", title: "日志剧", subTitle: null, enTitle: null });
    await cp.post(PATHS.seriesInject, msg);
    await cp.post(PATHS.seriesInject, msg, { nonce: "bad nonce with spaces" });
    const byMsg = (await (await admin.call("GET", `/messages?groupId=${cp.groupId}&msgId=${msg.msgId as string}`)).json()) as { items: { resultCode: string; msgId: string }[] };
    expect(byMsg.items.map((i) => i.resultCode)).toContain("ok");
    expect(byMsg.items.every((i) => i.msgId === msg.msgId)).toBe(true);
    const oks = (await (await admin.call("GET", `/messages?groupId=${cp.groupId}&resultCode=ok&limit=3`)).json()) as { items: { resultCode: string; receivedAt: number }[]; nextCursor: string };
    expect(oks.items).toHaveLength(3);
    expect(oks.items.every((i) => i.resultCode === "ok")).toBe(true);
    const next = (await (await admin.call("GET", `/messages?groupId=${cp.groupId}&resultCode=ok&limit=3&cursor=${oks.nextCursor}`)).json()) as { items: { receivedAt: number }[] };
    expect(next.items.length).toBeGreaterThan(0);
    expect(next.items[0]!.receivedAt).toBeLessThanOrEqual(oks.items[2]!.receivedAt);
  });

  it("counts content by CP and state, and messages per hour", async () => {
    const stats = (await (await admin.call("GET", "/stats")).json()) as {
      contentByCp: { groupId: string; series: { online: number; offline: number; deleted: number; locked: number } }[];
      messagesPerHour: { resultCode: string; count: number }[];
      notices: unknown;
      takedowns: unknown;
    };
    const mine = stats.contentByCp.find((c) => c.groupId === cp.groupId)!;
    expect(mine.series.online + mine.series.offline + mine.series.deleted).toBeGreaterThanOrEqual(SERIES.length);
    expect(mine.series.deleted).toBe(1);
    expect(mine.series.locked).toBe(1);
    expect(stats.messagesPerHour.some((m) => m.resultCode === "ok" && m.count > 0)).toBe(true);
    expect(stats.notices).toEqual({ pending: 0, failed: 0, delivered: 0 });
  });
});

describe("a query with many candidates", () => {
  it("walks the covering index instead of joining every candidate, with the same answers", async () => {
    const groupId = `dense-${crypto.randomUUID().slice(0, 8)}`;
    const now = Date.now();
    // 2 100 rows whose titles share 热门 (more candidates than the join plan takes), 5 without.
    const statements = Array.from({ length: 2105 }, (_, i) => {
      const title = i < 2100 ? `热门剧${i} 第${i % 10}集` : `冷门剧${i}`;
      return env.DB.prepare(
        `INSERT INTO programs (group_id, program_id, title, category, area, definition, series_id, paid, duration, play_infos, data, status, deleted,
           emergency_locked, last_msg_id, last_msg_time, created_at, updated_at, search_text)
         VALUES (?, ?, ?, ?, NULL, 'HD', NULL, 0, 60, '[]', '{}', 'online', 0, 0, 'm', 0, ?, ?, ?)`,
      ).bind(groupId, `D-${i}`, title, i % 3 === 0 ? "电影" : "电视剧", now, now + i, title.toLowerCase());
    });
    for (let i = 0; i < statements.length; i += 500) await env.DB.batch(statements.slice(i, i + 500));

    const first = (await (await admin.call("GET", `/programs?groupId=${groupId}&q=${encodeURIComponent("热门")}&limit=100`)).json()) as ListAnswer;
    expect(first.total).toBe(2100);
    expect(first.totalIsEstimate).toBe(false);
    expect(first.items.every((i) => String(i.title).includes("热门"))).toBe(true);
    expect(first.items[0]!.programId).toBe("D-2099");
    const second = (await (await admin.call("GET", `/programs?groupId=${groupId}&q=${encodeURIComponent("热门")}&limit=100&cursor=${first.nextCursor!}`)).json()) as ListAnswer;
    expect(second.items[0]!.programId).toBe("D-1999");
    const films = (await (await admin.call("GET", `/programs?groupId=${groupId}&q=${encodeURIComponent("热")}&category=${encodeURIComponent("电影")}&limit=5`)).json()) as ListAnswer;
    expect(films.total).toBe(700);
    expect(films.items.every((i) => i.category === "电影" && String(i.title).includes("热"))).toBe(true);
    expect(((await (await admin.call("GET", `/programs?groupId=${groupId}&q=${encodeURIComponent("冷门")}`)).json()) as ListAnswer).total).toBe(5);
  });
});
