/** Path formatting and ranking used to pick the one error. */
import { describe, expect, it } from "vitest";
import { comparePaths, formatPath } from "../src/parse-message";
import { SeriesInfoSchema } from "../src/schemas/series-inject";
import { ProgramInfoSchema } from "../src/schemas/program-inject";
import { MESSAGE_SCHEMAS } from "../src/parse-message";
import * as v from "valibot";

describe("formatPath", () => {
  it.each([
    [["msgId"], "msgId"],
    [["msgData", "playInfos", 0, "playUrl"], "msgData.playInfos[0].playUrl"],
    [["msgData", "seriesPrograms", 3, "seq"], "msgData.seriesPrograms[3].seq"],
    [["msgData", "seriesIds", 12], "msgData.seriesIds[12]"],
    [["msgData", "license_num"], "msgData.license_num"],
  ] as const)("%j → %s", (segs, text) => expect(formatPath(segs)).toBe(text));
});

describe("comparePaths (pre-order in table order)", () => {
  it.each([
    [["seriesId"], ["title"], -1],
    [["status"], ["seriesPrograms", 0, "programId"], -1],
    [["seriesPrograms", 0, "status"], ["seriesPrograms", 1, "programId"], -1],
    [["seriesPrograms", 2, "seriesId"], ["seriesPrograms", 2, "title"], -1],
    [["seriesPrograms"], ["seriesPrograms", 0, "title"], -1],
    [["seriesPrograms", 9999, "status"], ["seriesShows"], -1],
    [["seriesShows"], ["seriesShows", 0], -1],
    [["title"], ["title"], 0],
  ] as const)("%j vs %j", (a, b, sign) => {
    expect(Math.sign(comparePaths(SeriesInfoSchema, a, b)) || 0).toBe(sign);
    expect(Math.sign(comparePaths(SeriesInfoSchema, b, a)) || 0).toBe(-sign || 0);
  });

  it("program relation members in Table 3 order", () => {
    expect(comparePaths(ProgramInfoSchema, ["seriesPrograms", "programId"], ["seriesPrograms", "seriesId"])).toBeLessThan(0);
    expect(comparePaths(ProgramInfoSchema, ["playInfos", 31, "playUrl"], ["seriesPrograms"])).toBeLessThan(0);
  });
});

describe("documentation metadata", () => {
  const described = (schema: unknown) =>
    ((schema as { pipe?: { type: string }[] }).pipe ?? []).some((item) => item.type === "description");
  it.each(Object.entries(MESSAGE_SCHEMAS))("every member of %s has a description", (_name, schema) => {
    const walk = (entries: Record<string, unknown>, at: string): string[] =>
      Object.entries(entries).flatMap(([key, member]) => (described(member) ? [] : [`${at}${key}`]));
    const data = schema.entries.msgData as unknown as { entries: Record<string, unknown> };
    expect([...walk(schema.entries, ""), ...walk(data.entries, "msgData.")]).toEqual([]);
    expect(v.getTitle(schema)).toMatch(/\(.+Table \d+\)$/);
  });
});
