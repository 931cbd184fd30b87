/**
 * Races between copies that truly interleave inside the Worker (see helpers/direct.ts):
 * every copy authenticates before any batch commits, so only D1 — the nonce and msgId
 * keys and the upsert's msgTime guard inside the batch — can decide between them.
 * Several rounds, both send orders.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../src/catalog/db";
import { getProgram } from "../../src/catalog/programs";
import { getSeries, listEpisodes } from "../../src/catalog/series";
import { race } from "../helpers/direct";
import { answer, loginAdmin, offlineMessage, onboardCp, PATHS, programMessage, seriesMessage, type TestCp } from "../helpers/platform";

const db = () => createDb(env.DB);
const ROUNDS = 4;
const INVALID_NONCE = { status: 400, code: "InvalidParameter", msg: 'The specified parameter "nonce" is not valid.' };
let cp: TestCp;

beforeAll(async () => {
  cp = await onboardCp(await loginAdmin(), "mac");
});

function episodes(seriesId: string, n: number, title: string) {
  return Array.from({ length: n }, (_, i) => ({ programId: `${seriesId}-E${i + 1}`, seriesId, title: `${title}${i + 1}`, programType: "正片", seq: i + 1, stage: i + 1, paid: 0, status: "online" }));
}

/** The two orders alternate by round, so neither "first sent wins" nor "last sent wins" passes. */
const ordered = <T>(round: number, newer: T, older: T): T[] => (round % 2 === 0 ? [newer, older] : [older, newer]);

describe("copies of one signed request", () => {
  it("exactly one of N interleaved copies is 200; the others are refused naming nonce, and only one is applied", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const msg = seriesMessage({ seriesId: `S-COPY-${round}` });
      const make = cp.request(PATHS.seriesInject, msg);
      const answers = await Promise.all((await race(Array(5).fill(make))).map(answer));
      expect(answers.filter((a) => a.status === 200), `round ${round}`).toEqual([{ status: 200, code: "ok", msg: "success" }]);
      expect(answers.filter((a) => a.status !== 200)).toEqual(Array(4).fill(INVALID_NONCE));
      const logged = await env.DB.prepare("SELECT count(*) AS n FROM message_log WHERE group_id = ? AND msg_id = ? AND result_code = 'ok'").bind(cp.groupId, msg.msgId).first<{ n: number }>();
      expect(logged!.n).toBe(1);
    }
  });
});

describe("a newer and an older message racing: the newer wins whatever the order", () => {
  it("series (100/101), episode list included", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const seriesId = `S-RACE-${round}`;
      const t = Date.now();
      const newer = cp.request(PATHS.seriesInject, seriesMessage({ seriesId, title: "新", seriesPrograms: episodes(seriesId, 2, "新") }, { msgTime: t + 1, msgType: 101 }));
      const older = cp.request(PATHS.seriesInject, seriesMessage({ seriesId, title: "旧", seriesPrograms: episodes(seriesId, 5, "旧") }, { msgTime: t }));
      const answers = await Promise.all((await race(ordered(round, newer, older))).map(answer));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect((await getSeries(db(), cp.groupId, seriesId))?.title, `round ${round}`).toBe("新");
      expect((await listEpisodes(db(), cp.groupId, seriesId)).map((e) => e.title)).toEqual(["新1", "新2"]);
      // The newer is applied; the older either came first (and was replaced) or is told it was ignored.
      const [newerAnswer, olderAnswer] = round % 2 === 0 ? answers : [answers[1], answers[0]];
      expect(newerAnswer!.msg).toBe("success");
      expect(["success", "ignored: a newer msgTime is already applied"]).toContain(olderAnswer!.msg);
    }
  });

  it("program (200/201), its place in the episode list included", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const programId = `P-RACE-${round}`;
      const t = Date.now();
      const entry = (title: string, seq: number) => ({ programId, seriesId: "S-PR", title, programType: "正片", seq, stage: seq, paid: 0, status: "online" });
      const newer = cp.request(PATHS.programInject, programMessage({ programId, seriesId: "S-PR", title: "新", seriesPrograms: entry("新", 2) }, { msgTime: t + 1, msgType: 201 }));
      const older = cp.request(PATHS.programInject, programMessage({ programId, seriesId: "S-PR", title: "旧", seriesPrograms: entry("旧", 1) }, { msgTime: t }));
      const answers = await Promise.all((await race(ordered(round, newer, older))).map(answer));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect((await getProgram(db(), cp.groupId, programId))?.title, `round ${round}`).toBe("新");
      const list = (await listEpisodes(db(), cp.groupId, "S-PR")).filter((e) => e.programId === programId);
      expect(list.map((e) => [e.title, e.seq])).toEqual([["新", 2]]);
    }
  });

  it("program offline (203) against a program update", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const programId = `P-OFFRACE-${round}`;
      const t0 = Date.now();
      const first = await race([cp.request(PATHS.programInject, programMessage({ programId, seriesId: undefined, seriesPrograms: undefined }, { msgTime: t0 - 10 }))]);
      expect(first[0]!.status).toBe(200);
      // Odd rounds: the 203 is the newer one and must win; even rounds: the update is newer.
      const offlineNewer = round % 2 === 1;
      const offline = cp.request(PATHS.programOffline, offlineMessage(203, { programIds: [programId] }, { msgTime: offlineNewer ? t0 + 1 : t0 }));
      const update = cp.request(PATHS.programInject, programMessage({ programId, seriesId: undefined, seriesPrograms: undefined, status: "online" }, { msgType: 201, msgTime: offlineNewer ? t0 : t0 + 1 }));
      const answers = await Promise.all((await race(round % 4 < 2 ? [offline, update] : [update, offline])).map(answer));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect((await getProgram(db(), cp.groupId, programId))?.status, `round ${round}`).toBe(offlineNewer ? "offline" : "online");
    }
  });
});

describe("one message re-sent under different nonces, racing", () => {
  it("one applies; the others are acknowledged as duplicates", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const msg = seriesMessage({ seriesId: `S-DUP-${round}` });
      const answers = await Promise.all((await race([1, 2, 3].map(() => cp.request(PATHS.seriesInject, msg)))).map(answer));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(answers.map((a) => a.msg).sort()).toEqual(["ignored: duplicate msgId", "ignored: duplicate msgId", "success"]);
    }
  });
});

describe("one msgId, two contents, racing", () => {
  it("one is applied; the other is refused naming msgId; what is stored is the winner's", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const seriesId = `S-MSGID-${round}`;
      const a = seriesMessage({ seriesId, title: "甲" });
      const b = { ...a, msgData: { ...(a.msgData as object), title: "乙" } };
      const answers = await Promise.all((await race([cp.request(PATHS.seriesInject, a), cp.request(PATHS.seriesInject, b)])).map(answer));
      const winners = answers.filter((x) => x.status === 200);
      expect(winners, `round ${round}`).toEqual([{ status: 200, code: "ok", msg: "success" }]);
      expect(answers.filter((x) => x.status !== 200)).toEqual([{ status: 400, code: "InvalidParameter", msg: 'The specified parameter "msgId" is not valid.' }]);
      const stored = (await getSeries(db(), cp.groupId, seriesId))?.title;
      expect(stored).toBe(answers[0]!.status === 200 ? "甲" : "乙");
      // The refused copy left no log row saying ok and consumed no nonce of its own.
      const rows = await env.DB.prepare("SELECT count(*) AS n FROM message_log WHERE group_id = ? AND msg_id = ? AND result_code = 'ok'").bind(cp.groupId, a.msgId).first<{ n: number }>();
      expect(rows!.n).toBe(1);
    }
  });
});
