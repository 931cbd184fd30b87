/** Accepted alternatives (profile section 6) and their normalisation; name + alias refused. */
import { describe, expect, it } from "vitest";
import { parseMessage } from "../src/parse-message";
import {
  episode,
  expectInvalid,
  expectMissing,
  programBody,
  programOfflineBody,
  seriesBody,
  seriesOfflineBody,
  type Body,
} from "@gyt345/testkit/protocol-tables";

const data = (body: Body) => body.msgData as Body;

describe("series: seriesPrograms / seriesShows (B.1)", () => {
  it("seriesShows is resolved into seriesPrograms", () => {
    const body = seriesBody();
    const list = data(body).seriesPrograms;
    delete data(body).seriesPrograms;
    data(body).seriesShows = list;
    const out = parseMessage("seriesInject", body).msgData;
    expect(out.seriesPrograms).toEqual(list);
    expect(out).not.toHaveProperty("seriesShows");
  });

  it("neither → seriesPrograms undefined (the episode list is kept)", () => {
    const body = seriesBody();
    delete data(body).seriesPrograms;
    const out = parseMessage("seriesInject", body).msgData;
    expect(out.seriesPrograms).toBeUndefined();
  });

  it("an empty list is a list (clears the episodes)", () => {
    const body = seriesBody();
    data(body).seriesPrograms = [];
    expect(parseMessage("seriesInject", body).msgData.seriesPrograms).toEqual([]);
  });

  it("both → InvalidParameter msgData.seriesShows", () => {
    const body = seriesBody();
    data(body).seriesShows = [episode(1)];
    expectInvalid("seriesInject", body, "msgData.seriesShows");
    data(body).seriesShows = [];
    expectInvalid("seriesInject", body, "msgData.seriesShows");
  });

  it("both, one of them null → the other one is used", () => {
    const body = seriesBody();
    data(body).seriesShows = null;
    expect(parseMessage("seriesInject", body).msgData.seriesPrograms).toHaveLength(3);
    data(body).seriesShows = data(body).seriesPrograms;
    data(body).seriesPrograms = null;
    expect(parseMessage("seriesInject", body).msgData.seriesPrograms).toHaveLength(3);
  });

  it("errors inside seriesShows name seriesShows", () => {
    const body = seriesBody();
    data(body).seriesShows = data(body).seriesPrograms;
    delete data(body).seriesPrograms;
    delete (data(body).seriesShows as Body[])[2]!.status;
    expectMissing("seriesInject", body, "msgData.seriesShows[2].status");
  });
});

describe("program: seriesPrograms / seriesShow (B.5)", () => {
  it("seriesShow is resolved into seriesProgram", () => {
    const body = programBody();
    const relation = data(body).seriesPrograms;
    delete data(body).seriesPrograms;
    data(body).seriesShow = relation;
    const out = parseMessage("programInject", body).msgData;
    expect(out.seriesProgram).toEqual(relation);
    expect(out).not.toHaveProperty("seriesShow");
    expect(out).not.toHaveProperty("seriesPrograms");
  });

  it("both → InvalidParameter msgData.seriesShow", () => {
    const body = programBody();
    data(body).seriesShow = data(body).seriesPrograms;
    expectInvalid("programInject", body, "msgData.seriesShow");
  });

  it("errors inside seriesShow name seriesShow", () => {
    const body = programBody();
    data(body).seriesShow = { ...(data(body).seriesPrograms as Body), programType: "正片1" };
    delete data(body).seriesPrograms;
    expectInvalid("programInject", body, "msgData.seriesShow.programType");
  });
});

describe("seq: integer or a string of digits", () => {
  it.each([
    [7, 7],
    ["7", 7],
    ["007", 7],
    ["0", 0],
    [0, 0],
    ["9007199254740991", 9007199254740991],
  ])("%j → %i", (seq, expected) => {
    const body = seriesBody();
    (data(body).seriesPrograms as Body[])[0]!.seq = seq;
    expect(parseMessage("seriesInject", body).msgData.seriesPrograms?.[0]?.seq).toBe(expected);
    const program = programBody();
    (data(program).seriesPrograms as Body).seq = seq;
    expect(parseMessage("programInject", program).msgData.seriesProgram?.seq).toBe(expected);
  });
});

describe("completed: \"true\"/\"false\" or a boolean", () => {
  it.each([
    ["true", true],
    ["false", false],
    [true, true],
    [false, false],
  ])("%j → %s", (completed, expected) => {
    const body = seriesBody();
    data(body).completed = completed;
    expect(parseMessage("seriesInject", body).msgData.completed).toBe(expected);
  });
});

describe("seriesIds: comma-separated string (Table 6) or array (B.4)", () => {
  it.each([
    ["S1", ["S1"]],
    ["S1,S2", ["S1", "S2"]],
    [" S1 , S2 ,S1", ["S1", "S2"]],
    ["S1,S1,S1", ["S1"]],
    [["S1"], ["S1"]],
    [["S1", " S2 ", "S1"], ["S1", "S2"]],
    [["节目集-1", "S2"], ["节目集-1", "S2"]],
  ])("%j → %j", (seriesIds, expected) => {
    const body = seriesOfflineBody();
    data(body).seriesIds = seriesIds;
    expect(parseMessage("seriesOffline", body).msgData.seriesIds).toEqual(expected);
  });

  it("1000 ids are accepted as a string and as an array", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `S${i}`);
    const body = seriesOfflineBody();
    data(body).seriesIds = ids.join(",");
    expect(parseMessage("seriesOffline", body).msgData.seriesIds).toEqual(ids);
    data(body).seriesIds = ids;
    expect(parseMessage("seriesOffline", body).msgData.seriesIds).toEqual(ids);
  });
});

describe("programIds: array only, trimmed and deduplicated", () => {
  it.each([
    [["P1"], ["P1"]],
    [["P1", "P2", "P1"], ["P1", "P2"]],
    [["P1", "P1 ", " P2"], ["P1", "P2"]],
  ])("%j → %j", (programIds, expected) => {
    const body = programOfflineBody();
    data(body).programIds = programIds;
    expect(parseMessage("programOffline", body).msgData.programIds).toEqual(expected);
  });
});
