/** Cross-field rules and their place in the order of problems. */
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { parseMessage } from "../src/parse-message";
import { ProgramInfoSchema } from "../src/schemas/program-inject";
import { SeriesInfoSchema } from "../src/schemas/series-inject";
import { deleteAt, episode, expectInvalid, expectMissing, programBody, seriesBody, setAt, type Body } from "@gyt345/testkit/protocol-tables";

const data = (body: Body) => body.msgData as Body;

describe("series: episodes belong to the series and are unique", () => {
  it("an episode of another series → InvalidParameter at its seriesId", () => {
    const body = seriesBody();
    setAt(body, "msgData.seriesPrograms[2].seriesId", "S9999");
    expectInvalid("seriesInject", body, "msgData.seriesPrograms[2].seriesId");
  });

  it("in seriesShows too", () => {
    const body = seriesBody();
    data(body).seriesShows = data(body).seriesPrograms;
    delete data(body).seriesPrograms;
    setAt(body, "msgData.seriesShows[1].seriesId", "s1001");
    expectInvalid("seriesInject", body, "msgData.seriesShows[1].seriesId");
  });

  it("a repeated programId → InvalidParameter at the later one", () => {
    const body = seriesBody();
    setAt(body, "msgData.seriesPrograms[2].programId", "P1001-01");
    expectInvalid("seriesInject", body, "msgData.seriesPrograms[2].programId");
  });

  it("10000 unique episodes are accepted", () => {
    const body = seriesBody();
    data(body).seriesPrograms = Array.from({ length: 10000 }, (_, i) => episode(i + 1));
    expect(parseMessage("seriesInject", body).msgData.seriesPrograms).toHaveLength(10000);
  });

  it.each([
    ["mismatch at [0] before a missing title at [1]", [["msgData.seriesPrograms[0].seriesId", "X"], ["msgData.seriesPrograms[1].title"]], "InvalidParameter", "msgData.seriesPrograms[0].seriesId"],
    ["missing title at [1] before a mismatch at [2]", [["msgData.seriesPrograms[1].title"], ["msgData.seriesPrograms[2].seriesId", "X"]], "MissingParameter", "msgData.seriesPrograms[1].title"],
    ["mismatch before a later member of the same item", [["msgData.seriesPrograms[1].seriesId", "X"], ["msgData.seriesPrograms[1].title"]], "InvalidParameter", "msgData.seriesPrograms[1].seriesId"],
    ["an earlier member of the same item before a mismatch", [["msgData.seriesPrograms[1].programId", "a b"], ["msgData.seriesPrograms[1].seriesId", "X"]], "InvalidParameter", "msgData.seriesPrograms[1].programId"],
    ["duplicate before a later member of the same item", [["msgData.seriesPrograms[1].programId", "P1001-01"], ["msgData.seriesPrograms[1].status"]], "InvalidParameter", "msgData.seriesPrograms[1].programId"],
    ["a bad member of an earlier item before a duplicate", [["msgData.seriesPrograms[0].seq", -1], ["msgData.seriesPrograms[2].programId", "P1001-01"]], "InvalidParameter", "msgData.seriesPrograms[0].seq"],
    ["an earlier table member before a mismatch", [["msgData.status", "up"], ["msgData.seriesPrograms[0].seriesId", "X"]], "InvalidParameter", "msgData.status"],
    ["msgData.seriesId broken: named itself", [["msgData.seriesId", "S 1"]], "InvalidParameter", "msgData.seriesId"],
    ["seriesPrograms items before the alias conflict", [["msgData.seriesShows", []], ["msgData.seriesPrograms[2].seriesId", "X"]], "InvalidParameter", "msgData.seriesPrograms[2].seriesId"],
    ["alias conflict before the alias' contents", [["msgData.seriesShows", [{}]]], "InvalidParameter", "msgData.seriesShows"],
    ["alias conflict with a malformed alias", [["msgData.seriesShows", "x"]], "InvalidParameter", "msgData.seriesShows"],
  ] as const)("%s", (_name, edits, code, path) => {
    const body = seriesBody();
    for (const edit of edits) edit.length === 1 ? deleteAt(body, edit[0]) : setAt(body, edit[0], edit[1]);
    const err = (() => {
      try {
        parseMessage("seriesInject", body);
      } catch (e) {
        return e as { code: string; param: string };
      }
    })();
    expect({ code: err?.code, param: err?.param }).toEqual({ code, param: path });
  });
});

describe("program: relation to its series (Table 9: 属于节目集时必填)", () => {
  it("seriesId without seriesPrograms → MissingParameter msgData.seriesPrograms", () => {
    const body = programBody();
    delete data(body).seriesPrograms;
    expectMissing("programInject", body, "msgData.seriesPrograms");
    data(body).seriesPrograms = null;
    expectMissing("programInject", body, "msgData.seriesPrograms");
  });

  it("no seriesId and no relation is a stand-alone program", () => {
    const body = programBody();
    delete data(body).seriesPrograms;
    data(body).seriesId = null;
    expect(parseMessage("programInject", body).msgData.seriesProgram).toBeUndefined();
  });

  it("relation of another program → InvalidParameter at its programId", () => {
    const body = programBody();
    setAt(body, "msgData.seriesPrograms.programId", "P1001-02");
    expectInvalid("programInject", body, "msgData.seriesPrograms.programId");
  });

  it("relation to another series → InvalidParameter at its seriesId", () => {
    const body = programBody();
    setAt(body, "msgData.seriesPrograms.seriesId", "S2");
    expectInvalid("programInject", body, "msgData.seriesPrograms.seriesId");
  });

  it("relation without msgData.seriesId → InvalidParameter at its seriesId", () => {
    const body = programBody();
    delete data(body).seriesId;
    expectInvalid("programInject", body, "msgData.seriesPrograms.seriesId");
  });

  it("in seriesShow too", () => {
    const body = programBody();
    data(body).seriesShow = data(body).seriesPrograms;
    delete data(body).seriesPrograms;
    setAt(body, "msgData.seriesShow.programId", "other");
    expectInvalid("programInject", body, "msgData.seriesShow.programId");
  });

  it.each([
    ["programId mismatch before a bad seq", [["msgData.seriesPrograms.programId", "X"], ["msgData.seriesPrograms.seq", "x"]], "InvalidParameter", "msgData.seriesPrograms.programId"],
    ["programId mismatch before a seriesId mismatch", [["msgData.seriesPrograms.seriesId", "X"], ["msgData.seriesPrograms.programId", "X"]], "InvalidParameter", "msgData.seriesPrograms.programId"],
    ["a bad programId of the relation before a seriesId mismatch", [["msgData.seriesPrograms.programId", 5], ["msgData.seriesPrograms.seriesId", "X"]], "InvalidParameter", "msgData.seriesPrograms.programId"],
    ["seriesId mismatch before a missing status", [["msgData.seriesPrograms.seriesId", "X"], ["msgData.seriesPrograms.status"]], "InvalidParameter", "msgData.seriesPrograms.seriesId"],
    ["playInfos before the missing relation", [["msgData.seriesPrograms"], ["msgData.playInfos[1].playUrl", "rtmp://x/y"]], "InvalidParameter", "msgData.playInfos[1].playUrl"],
    ["a bad seriesId before the missing relation", [["msgData.seriesPrograms"], ["msgData.seriesId", ""]], "InvalidParameter", "msgData.seriesId"],
    ["relation members before the alias conflict", [["msgData.seriesShow", {}], ["msgData.seriesPrograms.seriesId", "X"]], "InvalidParameter", "msgData.seriesPrograms.seriesId"],
    ["alias conflict before the alias' contents", [["msgData.seriesShow", {}]], "InvalidParameter", "msgData.seriesShow"],
  ] as const)("%s", (_name, edits, code, path) => {
    const body = programBody();
    for (const edit of edits) edit.length === 1 ? deleteAt(body, edit[0]) : setAt(body, edit[0], edit[1]);
    const err = (() => {
      try {
        parseMessage("programInject", body);
      } catch (e) {
        return e as { code: string; param: string };
      }
    })();
    expect({ code: err?.code, param: err?.param }).toEqual({ code, param: path });
  });
});

describe("the schemas alone enforce the cross-field rules too", () => {
  it("series", () => {
    const body = seriesBody();
    setAt(body, "msgData.seriesPrograms[1].seriesId", "X");
    const result = v.safeParse(SeriesInfoSchema, data(body));
    expect(result.issues?.map((i) => [v.getDotPath(i), i.message])).toEqual([["seriesPrograms.1.seriesId", "InvalidParameter"]]);
  });
  it("program", () => {
    const body = programBody();
    delete data(body).seriesPrograms;
    const result = v.safeParse(ProgramInfoSchema, data(body));
    expect(result.issues?.map((i) => [v.getDotPath(i), i.message])).toEqual([["seriesPrograms", "MissingParameter"]]);
  });
});
