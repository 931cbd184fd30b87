/**
 * The API reference: /api/v1/openapi.json is a valid OpenAPI 3.1 document (checked with an
 * independent validator) that names every interface of 6.4–6.9 and every field of Tables 1–21.
 * (The validator compiles schemas at run time, which workerd forbids, so this runs in Node.)
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../src/openapi";
import { TABLE10, TABLE2, TABLE3, TABLE9 } from "@gyt345/testkit/protocol-tables";

type Json = Record<string, any>;
const doc = openApiDocument() as Json;
const text = JSON.stringify(doc);

// The standard's table titles, as printed in GY/T 345-2021.
const TITLES: Record<number, string> = {
  1: "共同请求参数", 2: "节目集注入消息", 3: "节目集相关节目", 4: "节目集注入消息正常返回数据", 5: "节目集注入消息异常返回数据",
  6: "节目集下线消息", 7: "节目集下线消息正常返回数据", 8: "节目集下线消息异常返回数据", 9: "节目注入消息", 10: "播放信息",
  11: "节目注入消息正常返回数据", 12: "节目注入消息异常返回数据", 13: "节目下线消息", 14: "节目下线消息正常返回数据",
  15: "节目下线消息异常返回数据", 16: "节目集紧急下线消息", 17: "节目集紧急下线消息正常返回数据", 18: "节目集紧急下线消息异常返回数据",
  19: "节目紧急下线消息", 20: "节目紧急下线消息正常返回数据", 21: "节目紧急下线消息异常返回数据",
};

const body = (op: Json) => op.post.requestBody.content["application/json"].schema as Json;
const ENVELOPE = ["msgId", "msgType", "msgTime", "msgSign", "msgData"];

it("validates against the OpenAPI 3.1 schema", async () => {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(doc));
  expect(result.errors, JSON.stringify(result.errors, null, 2)?.slice(0, 2000)).toBeUndefined();
  expect(result.valid).toBe(true);
  expect(validator.version).toBe("3.1");
});

it("has no reference that does not resolve inside the document", () => {
  for (const ref of text.match(/"\$ref":"([^"]+)"/g) ?? []) {
    const pointer = ref.slice(8, -1);
    expect(pointer.startsWith("#/"), pointer).toBe(true);
    const target = pointer.slice(2).split("/").reduce((node: any, key) => node?.[key], doc);
    expect(target, pointer).toBeDefined();
  }
});

it("names the six interfaces: four paths and the 301/302 notices as webhooks", () => {
  expect(Object.keys(doc.paths).sort()).toEqual(["/api/v1/programs/inject", "/api/v1/programs/offline", "/api/v1/series/inject", "/api/v1/series/offline"]);
  expect(Object.keys(doc.webhooks).sort()).toEqual(["programEmergencyOffline", "seriesEmergencyOffline"]);
  for (const section of ["6.4", "6.5", "6.6", "6.7", "6.8", "6.9"]) expect(text).toContain(section);
  expect(body(doc.webhooks.seriesEmergencyOffline).properties.msgType.enum).toEqual([301]);
  expect(body(doc.webhooks.programEmergencyOffline).properties.msgType.enum).toEqual([302]);
});

describe("every table of 6.3–6.9 is named, with its fields", () => {
  it.each(Object.entries(TITLES))("表%s %s", (n, title) => {
    expect(text).toContain(`表${n} ${title}`);
  });

  const ops = [...Object.values(doc.paths), ...Object.values(doc.webhooks)] as Json[];

  it("Table 1: groupId, nonce, ts, sign on every operation, with the standard's descriptions", () => {
    for (const op of ops) expect(op.post.parameters.map((p: Json) => p.name)).toEqual(["groupId", "nonce", "ts", "sign"]);
    for (const zh of ["行业监管机构分配给内容服务平台的标识", "随机数，防止重放攻击", "时间戳", "签名"]) expect(text).toContain(zh);
  });

  it("Tables 2–3, 6, 9–10, 13, 16, 19: every member, each with a description", () => {
    const series = body(doc.paths["/api/v1/series/inject"]);
    const program = body(doc.paths["/api/v1/programs/inject"]);
    const check = (schema: Json, names: string[]) => {
      for (const name of names) {
        expect(Object.keys(schema.properties), name).toContain(name);
        expect(JSON.stringify(schema.properties[name]), name).toMatch(/"description":"[^"]*[\u4e00-\u9fff]/);
      }
    };
    const all = [series, program, body(doc.paths["/api/v1/series/offline"]), body(doc.paths["/api/v1/programs/offline"]), body(doc.webhooks.seriesEmergencyOffline), body(doc.webhooks.programEmergencyOffline)];
    for (const s of all) check(s, ENVELOPE);
    check(series.properties.msgData, TABLE2.map((f) => f.name));
    check(series.properties.msgData.properties.seriesPrograms.anyOf[0].items, TABLE3.map((f) => f.name));
    check(program.properties.msgData, TABLE9.map((f) => f.name));
    check(program.properties.msgData.properties.playInfos.items, TABLE10.map((f) => f.name));
    check(all[2]!.properties.msgData, ["seriesIds"]);
    check(all[3]!.properties.msgData, ["programIds"]);
    check(all[4]!.properties.msgData, ["seriesIds"]);
    check(all[5]!.properties.msgData, ["programIds"]);
  });

  it("Tables 4–5, 7–8, 11–12, 14–15, 17–18, 20–21: code and msg of each answer, and every Annex C code per operation", () => {
    for (const op of ops) {
      const r = op.post.responses as Json;
      expect(Object.keys(r)).toEqual(["200", "400", "403", "413", "500", "503"]);
      for (const answer of Object.values(r) as Json[]) {
        const schema = answer.content["application/json"].schema;
        expect(Object.keys(schema.properties)).toEqual(["code", "msg"]);
        expect(schema.description).toMatch(/^表\d+ /);
      }
      const codes = (Object.values(r) as Json[]).flatMap((a) => Object.values(a.content["application/json"].examples as Json).map((e: Json) => e.value.code));
      expect(new Set(codes)).toEqual(new Set(["ok", "MissingParameter", "InvalidParameter", "Forbidden", "InternalError", "ServiceUnAvailable"]));
    }
  });
});
