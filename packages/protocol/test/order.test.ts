/**
 * The one error returned is the first problem: envelope members, then msgType membership, then
 * msgData members in table order, list items by index. Proved for every pair of fields of every
 * table, and against valibot's own issue order.
 */
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { MSG_TYPES } from "../src/msg-types";
import { MESSAGE_SCHEMAS } from "../src/parse-message";
import { ProgramInfoSchema, programInfoEntries } from "../src/schemas/program-inject";
import { SeriesInfoSchema, seriesInfoEntries } from "../src/schemas/series-inject";
import { PlayInfoSchema } from "../src/schemas/program-inject";
import { SeriesProgramSchema } from "../src/schemas/series-program";
import {
  BAD,
  BODIES,
  PLACED,
  TABLE10,
  TABLE2,
  TABLE3,
  TABLE9,
  deleteAt,
  episode,
  expectError,
  expectInvalid,
  expectMissing,
  join,
  programBody,
  seriesBody,
  setAt,
  type Body,
  type Field,
} from "@gyt345/testkit/protocol-tables";

describe("schemas list the members in the standard's table order", () => {
  const names = (t: Field[]) => t.map((f) => f.name);
  it("Table 2 (+ alias seriesShows last)", () => {
    expect(Object.keys(seriesInfoEntries)).toEqual([...names(TABLE2), "seriesShows"]);
    expect(Object.keys(SeriesInfoSchema.entries)).toEqual([...names(TABLE2), "seriesShows"]);
  });
  it("Table 9 (+ alias seriesShow last)", () => {
    expect(Object.keys(programInfoEntries)).toEqual([...names(TABLE9), "seriesShow"]);
    expect(Object.keys(ProgramInfoSchema.entries)).toEqual([...names(TABLE9), "seriesShow"]);
  });
  it("Tables 3 and 10", () => {
    expect(Object.keys(SeriesProgramSchema.entries)).toEqual(names(TABLE3));
    expect(Object.keys(PlayInfoSchema.entries)).toEqual(names(TABLE10));
  });
  it("envelopes", () => {
    for (const schema of Object.values(MESSAGE_SCHEMAS))
      expect(Object.keys(schema.entries)).toEqual(["msgId", "msgType", "msgTime", "msgData"]);
  });
});

describe("valibot reports issues in schema key order; abortEarly keeps the first", () => {
  const data = seriesBody().msgData as Body;
  for (const name of ["year", "seriesId", "status", "title"]) delete data[name];
  data.definition = "bad";
  (data.seriesPrograms as Body[])[2]!.title = "";
  (data.seriesPrograms as Body[])[0]!.seq = "x";

  it("without abortEarly: every issue, in table order, items by index", () => {
    const result = v.safeParse(SeriesInfoSchema, data);
    const paths = result.issues?.map((i) => v.getDotPath(i));
    expect(paths).toEqual(["seriesId", "title", "year", "definition", "status", "seriesPrograms.0.seq", "seriesPrograms.2.title"]);
  });
  it("with abortEarly: only the first", () => {
    const result = v.safeParse(SeriesInfoSchema, data, { abortEarly: true });
    expect(result.issues?.map((i) => v.getDotPath(i))).toEqual(["seriesId"]);
  });
});

describe("envelope order", () => {
  const fields = ["msgId", "msgType", "msgTime", "msgData"] as const;
  const breakers: Record<(typeof fields)[number], [unknown, "MissingParameter" | "InvalidParameter"][]> = {
    msgId: [[undefined, "MissingParameter"], ["a b", "InvalidParameter"]],
    msgType: [[undefined, "MissingParameter"], ["100", "InvalidParameter"]],
    msgTime: [[undefined, "MissingParameter"], [-5, "InvalidParameter"]],
    msgData: [[undefined, "MissingParameter"], [[], "InvalidParameter"]],
  };
  const cases = [];
  for (let i = 0; i < fields.length; i++)
    for (let j = i + 1; j < fields.length; j++)
      for (const [bi, code] of breakers[fields[i]!]) for (const [bj] of breakers[fields[j]!]) cases.push([fields[i]!, fields[j]!, bi, bj, code] as const);
  it.each(cases)("%s and %s broken → %s named", (first, second, bi, bj, code) => {
    const body = seriesBody();
    if (bi === undefined) delete body[first];
    else body[first] = bi;
    if (bj === undefined) delete body[second];
    else body[second] = bj;
    expectError("seriesInject", body, code, first);
  });

  it("an empty body names msgId", () => expectMissing("seriesInject", {}, "msgId"));
});

describe("msgType of another interface → InvalidParameter msgType", () => {
  const all = Object.values(MSG_TYPES).flat() as number[];
  const cases = (Object.keys(BODIES) as (keyof typeof BODIES)[]).flatMap((iface) =>
    [...all, 0, 104, 999, -100].filter((t) => !(MSG_TYPES[iface] as readonly number[]).includes(t)).map((t) => [iface, t] as const),
  );
  it.each(cases)("%s refuses msgType %i", (iface, msgType) => {
    const body = BODIES[iface]();
    body.msgType = msgType;
    expectInvalid(iface, body, "msgType");
  });

  it.each(Object.entries(MSG_TYPES).filter(([k]) => k in BODIES))("%s accepts each of %j", (iface, types) => {
    for (const t of types) {
      const body = BODIES[iface as keyof typeof BODIES]();
      body.msgType = t;
      expect(() => expectError(iface as keyof typeof BODIES, body, "InvalidParameter", "msgType")).toThrow();
    }
  });

  it("comes after the envelope members (msgData absent wins)", () => {
    const body = seriesBody();
    body.msgType = 200;
    delete body.msgData;
    expectMissing("seriesInject", body, "msgData");
    body.msgData = [];
    expectInvalid("seriesInject", body, "msgData");
    body.msgData = {};
    expectInvalid("seriesInject", body, "msgType");
  });

  it("comes before msgData members", () => {
    const body = programBody();
    body.msgType = 100;
    deleteAt(body, "msgData.programId");
    expectInvalid("programInject", body, "msgType");
    body.msgType = 200;
    expectMissing("programInject", body, "msgData.programId");
  });
});

/** Break a field: remove a required one, give an optional one its first bad value. */
function breakField(body: Body, path: string, field: Field): ["MissingParameter" | "InvalidParameter", string] {
  if (field.required) {
    deleteAt(body, path);
    return ["MissingParameter", path];
  }
  const bad = BAD[field.kind][0]!;
  setAt(body, path, structuredClone(bad.value));
  return ["InvalidParameter", path + (bad.suffix ?? "")];
}

describe("msgData order: of two broken fields the earlier in the table is named", () => {
  const cases = PLACED.filter((p) => p.table.length > 1).flatMap((placed) => {
    const out = [];
    for (let i = 0; i < placed.table.length; i++)
      for (let j = i + 1; j < placed.table.length; j++)
        out.push([placed.label, placed.table[i]!.name, placed.table[j]!.name, placed, i, j] as const);
    return out;
  });
  it.each(cases)("%s: %s before %s", (_l, _a, _b, placed, i, j) => {
    const body = BODIES[placed.iface]();
    const fi = placed.table[i]!;
    const fj = placed.table[j]!;
    breakField(body, join(placed.at, fj.name), fj);
    const [code, path] = breakField(body, join(placed.at, fi.name), fi);
    expectError(placed.iface, body, code, path);
  });
});

describe("nested order", () => {
  it("list items by index, members of an item in Table 3 order", () => {
    const body = seriesBody();
    deleteAt(body, "msgData.seriesPrograms[2].programId");
    setAt(body, "msgData.seriesPrograms[1].status", "gone");
    expectInvalid("seriesInject", body, "msgData.seriesPrograms[1].status");
    setAt(body, "msgData.seriesPrograms[1].seq", "one");
    expectInvalid("seriesInject", body, "msgData.seriesPrograms[1].seq");
    setAt(body, "msgData.seriesPrograms[0].title", "");
    expectInvalid("seriesInject", body, "msgData.seriesPrograms[0].title");
  });

  it("a list's own type and size come before its items", () => {
    const body = seriesBody();
    const list = Array.from({ length: 10001 }, (_, i) => episode(i + 1));
    (list[0] as Body).title = "";
    setAt(body, "msgData.seriesPrograms", list);
    expectInvalid("seriesInject", body, "msgData.seriesPrograms");
    const program = programBody();
    setAt(program, "msgData.playInfos", Array.from({ length: 33 }, () => ({})));
    expectInvalid("programInject", program, "msgData.playInfos");
  });

  it("an object given as an array is refused as a whole", () => {
    const body = seriesBody();
    setAt(body, "msgData.seriesPrograms[1]", [1, 2]);
    expectInvalid("seriesInject", body, "msgData.seriesPrograms[1]");
    const program = programBody();
    setAt(program, "msgData.seriesPrograms", []);
    expectInvalid("programInject", program, "msgData.seriesPrograms");
  });

  it("Table 10 items before Table 9 members after playInfos", () => {
    const body = programBody();
    setAt(body, "msgData.seriesPrograms.seq", "x");
    deleteAt(body, "msgData.playInfos[1].definition");
    expectMissing("programInject", body, "msgData.playInfos[1].definition");
  });
});
