/**
 * Every field of Tables 2, 3, 6, 9, 10 and 13: required ones missing or null, optional ones
 * null or absent, and every bad value of its kind (type, format, enum, length) named exactly.
 */
import { describe, expect, it } from "vitest";
import { parseMessage } from "../src/parse-message";
import {
  BAD,
  BODIES,
  COMPANIONS,
  PLACED,
  deleteAt,
  describeValue,
  expectInvalid,
  expectMissing,
  getAt,
  join,
  setAt,
} from "@gyt345/testkit/protocol-tables";

const rows = PLACED.flatMap((placed) => placed.table.map((field) => ({ ...placed, field, path: join(placed.at, field.name) })));

describe("required fields: absent or null → MissingParameter naming the path", () => {
  const required = rows.filter((r) => r.field.required);
  it.each(required.map((r) => [r.label, r.path, r]))("%s: %s absent", (_l, path, r) => {
    const body = BODIES[r.iface]();
    expect(getAt(body, path)).not.toBeUndefined();
    deleteAt(body, path);
    expectMissing(r.iface, body, path);
  });
  it.each(required.map((r) => [r.label, r.path, r]))("%s: %s null", (_l, path, r) => {
    const body = BODIES[r.iface]();
    setAt(body, path, null);
    expectMissing(r.iface, body, path);
  });
});

describe("optional fields: null is absent", () => {
  const optional = rows.filter((r) => !r.field.required);
  it.each(optional.map((r) => [r.label, r.path, r]))("%s: %s null or absent", (_l, path, r) => {
    const companions = COMPANIONS[`${r.iface}:${path}`] ?? [];
    for (const mode of ["null", "absent"] as const) {
      const body = BODIES[r.iface]();
      expect(getAt(body, path), "base body carries the field").not.toBeUndefined();
      for (const p of [path, ...companions]) if (mode === "null") setAt(body, p, null);
      else deleteAt(body, p);
      const out = parseMessage(r.iface, body) as unknown as Record<string, unknown>;
      const outPath = path.replace("msgData.seriesPrograms", r.iface === "programInject" ? "msgData.seriesProgram" : "msgData.seriesPrograms");
      expect(getAt(out, outPath)).toBeUndefined();
    }
  });
});

describe("bad values → InvalidParameter naming the path", () => {
  const cases = rows.flatMap((r) =>
    BAD[r.field.kind].map((bad) => [r.label, r.path + (bad.suffix ?? ""), describeValue(bad.value), r, bad] as const),
  );
  it.each(cases)("%s: %s = %s", (_l, expected, _d, r, bad) => {
    const body = BODIES[r.iface]();
    setAt(body, r.path, structuredClone(bad.value));
    expectInvalid(r.iface, body, expected);
  });
});

describe("envelope fields", () => {
  const ifaces = Object.keys(BODIES) as (keyof typeof BODIES)[];
  const envelopeBad: [string, unknown][] = [
    ["msgId", 1],
    ["msgId", ""],
    ["msgId", "m 1"],
    ["msgId", "m,1"],
    ["msgId", "m\u00001"],
    ["msgId", "x".repeat(129)],
    ["msgType", "100"],
    ["msgType", 100.5],
    ["msgType", true],
    ["msgTime", "1700000000000"],
    ["msgTime", -1],
    ["msgTime", 1.5],
    ["msgTime", 2 ** 53],
    ["msgData", "{}"],
    ["msgData", []],
    ["msgData", 1],
  ];
  for (const iface of ifaces) {
    it.each(["msgId", "msgType", "msgTime", "msgData"])(`${iface}: %s absent or null → MissingParameter`, (name) => {
      const absent = BODIES[iface]();
      delete absent[name];
      expectMissing(iface, absent, name);
      const nulled = BODIES[iface]();
      nulled[name] = null;
      expectMissing(iface, nulled, name);
    });
    it.each(envelopeBad.map(([n, v]) => [n, describeValue(v), v] as const))(`${iface}: %s = %s → InvalidParameter`, (name, _d, value) => {
      const body = BODIES[iface]();
      body[name] = value;
      expectInvalid(iface, body, name);
    });
  }

  it("accepts boundary envelope values", () => {
    const body = BODIES.programOffline();
    body.msgId = "m".repeat(128);
    body.msgTime = Number.MAX_SAFE_INTEGER;
    expect(parseMessage("programOffline", body).msgId).toHaveLength(128);
    body.msgTime = 0;
    expect(parseMessage("programOffline", body).msgTime).toBe(0);
  });
});
