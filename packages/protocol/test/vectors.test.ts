import { describe, expect, expectTypeOf, it } from "vitest";
import { parseMessage, type MessageOf } from "../src/parse-message";
import type { ProgramInjectMessage, SeriesInjectMessage, SeriesOfflineMessage } from "../src/parse-message";
import { BODIES, IFACE_BY_PATH, VECTOR_REQUESTS, programBody, seriesBody, type Body } from "@gyt345/testkit/protocol-tables";

describe("GM vector bodies", () => {
  it.each(VECTOR_REQUESTS.map((r, i) => [i, r.path, r.body] as const))("request %i (%s) parses", (_i, path, raw) => {
    const iface = IFACE_BY_PATH[path];
    expect(iface).toBeDefined();
    const body = JSON.parse(raw) as Body;
    const message = parseMessage(iface!, body);
    expect(message.msgId).toBe(body.msgId);
    expect(message.msgType).toBe(body.msgType);
    expect(message.msgTime).toBe(body.msgTime);
    expect(message).not.toHaveProperty("msgSign");
  });

  it("series vector normalises completed, keeps every Table 2 member and the episodes", () => {
    const raw = VECTOR_REQUESTS.find((r) => r.path === "/api/v1/series/inject")!.body;
    const body = JSON.parse(raw) as { msgData: Record<string, unknown> };
    const { msgData } = parseMessage("seriesInject", body);
    const { completed, seriesPrograms, ...rest } = body.msgData;
    expect(completed).toBe("false");
    expect(msgData.completed).toBe(false);
    expect(msgData).toMatchObject(rest);
    expect(msgData.seriesPrograms).toEqual(seriesPrograms);
    expect(msgData.license_num).toBe("(宁)剧审字(2020)第001号");
    expect(msgData).not.toHaveProperty("seriesShows");
  });

  it("program vector resolves seriesPrograms into seriesProgram", () => {
    const raw = VECTOR_REQUESTS.find((r) => r.path === "/api/v1/programs/inject")!.body;
    const body = JSON.parse(raw) as { msgData: Record<string, unknown> };
    const { msgData } = parseMessage("programInject", body);
    expect(msgData.seriesProgram).toEqual(body.msgData.seriesPrograms);
    expect(msgData).not.toHaveProperty("seriesPrograms");
    expect(msgData).not.toHaveProperty("seriesShow");
    expect(msgData.playInfos).toEqual(body.msgData.playInfos);
  });

  it("program offline vector", () => {
    const raw = VECTOR_REQUESTS.find((r) => r.path === "/api/v1/programs/offline")!.body;
    expect(parseMessage("programOffline", JSON.parse(raw) as Body).msgData).toEqual({ programIds: ["P1001-01"] });
  });

  it.each(Object.entries(BODIES))("the test base body of %s parses", (iface, make) => {
    expect(() => parseMessage(iface as keyof typeof BODIES, make())).not.toThrow();
  });

  it("a full program body keeps every Table 9 and Table 10 member", () => {
    const body = programBody();
    const data = body.msgData as Record<string, unknown>;
    const { msgData } = parseMessage("programInject", body);
    const { seriesPrograms, msgSign, ...rest } = data;
    expect(msgSign).toBe("ignored");
    expect(msgData).toEqual({ ...rest, seriesProgram: seriesPrograms });
  });

  it("output types follow the contract", () => {
    const s = parseMessage("seriesInject", seriesBody());
    expectTypeOf(s).toEqualTypeOf<MessageOf<"seriesInject">>();
    expectTypeOf(s).toEqualTypeOf<SeriesInjectMessage>();
    expectTypeOf(s.msgType).toEqualTypeOf<100 | 101 | 102>();
    expectTypeOf(s.msgTime).toEqualTypeOf<number>();
    expectTypeOf(s.msgData.completed).toEqualTypeOf<boolean>();
    expectTypeOf(s.msgData.seriesPrograms).toEqualTypeOf<SeriesInjectMessage["msgData"]["seriesPrograms"]>();
    expectTypeOf(s.msgData.license_num).toEqualTypeOf<string | undefined>();
    type Episode = NonNullable<SeriesInjectMessage["msgData"]["seriesPrograms"]>[number];
    expectTypeOf<Episode["seq"]>().toEqualTypeOf<number>();
    expectTypeOf<Episode["programType"]>().toEqualTypeOf<"正片" | "预告片" | "花絮">();
    expectTypeOf<Episode["paid"]>().toEqualTypeOf<0 | 1 | undefined>();

    const p = parseMessage("programInject", programBody());
    expectTypeOf(p).toEqualTypeOf<ProgramInjectMessage>();
    expectTypeOf(p.msgType).toEqualTypeOf<200 | 201 | 202>();
    expectTypeOf(p.msgData.definition).toEqualTypeOf<"SD" | "HD" | "4K" | "8K">();
    expectTypeOf(p.msgData.seriesProgram).toEqualTypeOf<Episode | undefined>();
    expectTypeOf(p.msgData.playInfos[0]!.playUrl).toEqualTypeOf<string>();

    const o = parseMessage("seriesOffline", BODIES.seriesOffline());
    expectTypeOf(o).toEqualTypeOf<SeriesOfflineMessage>();
    expectTypeOf(o.msgData).toEqualTypeOf<{ seriesIds: string[] }>();
    expectTypeOf(o.msgType).toEqualTypeOf<103>();
    expectTypeOf(parseMessage("programOffline", BODIES.programOffline()).msgData).toEqualTypeOf<{ programIds: string[] }>();
  });
});
