/** The published API description is generated from the validating schemas and agrees with them. */
import { SELF } from "cloudflare:test";
import { expect, it } from "vitest";
import { ORIGIN } from "../helpers/platform";
import { TABLE10, TABLE2, TABLE3, TABLE9 } from "@gyt345/testkit/protocol-tables";

interface JsonSchema {
  properties: Record<string, JsonSchema>;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  required?: string[];
}

it("GET /api/v1/openapi.json describes the four interfaces with the tables' fields", async () => {
  const res = await SELF.fetch(`${ORIGIN}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  const doc = (await res.json()) as { paths: Record<string, { post: { parameters: { name: string }[]; requestBody: { content: { "application/json": { schema: JsonSchema } } } } }> };
  expect(Object.keys(doc.paths).sort()).toEqual(["/api/v1/programs/inject", "/api/v1/programs/offline", "/api/v1/series/inject", "/api/v1/series/offline"]);
  for (const op of Object.values(doc.paths)) {
    expect(op.post.parameters.map((p) => p.name)).toEqual(["groupId", "nonce", "ts", "sign"]);
    expect(op.post.requestBody.content["application/json"].schema.required).toEqual(["msgId", "msgType", "msgTime", "msgData", "msgSign"]);
  }
  const series = doc.paths["/api/v1/series/inject"]!.post.requestBody.content["application/json"].schema;
  expect(series.properties.msgType!.enum).toEqual([100, 101, 102]);
  const seriesInfo = series.properties.msgData!;
  expect(seriesInfo.required).toEqual(TABLE2.filter((f) => f.required).map((f) => f.name));
  expect(Object.keys(seriesInfo.properties)).toEqual(expect.arrayContaining(TABLE2.map((f) => f.name)));
  expect(seriesInfo.properties.definition!.enum).toEqual(["SD", "HD", "4K", "8K"]);
  for (const f of TABLE2) expect(JSON.stringify(seriesInfo.properties[f.name]), f.name).toMatch(/"description"/);
  const episode = seriesInfo.properties.seriesPrograms!.anyOf![0]!.items!;
  expect(episode.required).toEqual(TABLE3.filter((f) => f.required).map((f) => f.name));
  const program = doc.paths["/api/v1/programs/inject"]!.post.requestBody.content["application/json"].schema.properties.msgData!;
  expect(program.required).toEqual(TABLE9.filter((f) => f.required).map((f) => f.name));
  expect(program.properties.playInfos!.items!.required).toEqual(TABLE10.filter((f) => f.required).map((f) => f.name));
});
