/** Ingest decisions as plain functions: no HTTP, no D1. */
import { describe, expect, it } from "vitest";
import { offlineNote, planProgram, planSeries } from "../../src/ingest/plan";
import { parseMessage } from "@gyt345/protocol/parse-message";
import { programBody, seriesBody } from "@gyt345/testkit/protocol-tables";

describe("planSeries", () => {
  it("maps a 100 to a live series row and its episode list", () => {
    const msg = parseMessage("seriesInject", seriesBody());
    const { row, episodes } = planSeries("cp-a", msg, 42);
    expect(row).toMatchObject({ groupId: "cp-a", seriesId: "S1001", area: "中国大陆", completed: false, deleted: false, status: "online", lastMsgId: "m-0001", lastMsgTime: 1700000000000, updatedAt: 42 });
    expect(row.data).not.toHaveProperty("seriesPrograms");
    expect(episodes?.map((e) => [e.programId, e.seq])).toEqual([["P1001-01", 1], ["P1001-02", 2], ["P1001-03", 3]]);
  });

  it("102 keeps the row, flagged deleted", () => {
    const msg = parseMessage("seriesInject", { ...seriesBody(), msgType: 102 });
    expect(planSeries("cp-a", msg, 1).row.deleted).toBe(true);
  });

  it("a message without a list leaves the list alone (undefined), an empty list clears it", () => {
    const body = seriesBody();
    delete (body.msgData as Record<string, unknown>).seriesPrograms;
    expect(planSeries("cp-a", parseMessage("seriesInject", body), 1).episodes).toBeUndefined();
    (body.msgData as Record<string, unknown>).seriesPrograms = [];
    expect(planSeries("cp-a", parseMessage("seriesInject", body), 1).episodes).toEqual([]);
  });
});

describe("planProgram", () => {
  it("keeps playInfos apart and places the program in its series", () => {
    const { row, episode } = planProgram("cp-a", parseMessage("programInject", programBody()), 7);
    expect(row).toMatchObject({ programId: "P1001-01", seriesId: "S1001", deleted: false });
    expect(row.playInfos).toHaveLength((programBody().msgData as { playInfos: unknown[] }).playInfos.length);
    expect(row.data).not.toHaveProperty("playInfos");
    expect(episode).toMatchObject({ programId: "P1001-01", seq: 1, programType: "正片" });
  });
});

describe("offlineNote", () => {
  it("names unknown and stale ids", () => {
    expect(offlineNote("seriesIds", [], [])).toBe("success");
    expect(offlineNote("programIds", ["a", "b"], ["c"])).toBe("success; unknown programIds: a,b; not applied (newer msgTime stored): c");
  });
});
