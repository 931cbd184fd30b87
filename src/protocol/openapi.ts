/**
 * OpenAPI 3.1 description of the four CP-facing interfaces, generated from the same valibot
 * schemas that validate the messages: the docs cannot drift from what is accepted.
 */
import { toJsonSchema } from "@valibot/to-json-schema";
import { INTERFACE_PATHS, type InterfaceName } from "./msg-types";
import { MESSAGE_SCHEMAS } from "./parse-message";
import { annexCMessage } from "./errors";

const SUMMARIES: Record<InterfaceName, string> = {
  seriesInject: "Series metadata injection (节目集元数据注入, 6.4)",
  seriesOffline: "Series offline (节目集下线, 6.5)",
  programInject: "Program metadata injection (节目元数据注入, 6.6)",
  programOffline: "Program offline (节目下线, 6.7)",
};

const COMMON_PARAMETERS = [
  { name: "groupId", schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" }, description: "The CP's identifier (Table 1)." },
  { name: "nonce", schema: { type: "string", pattern: "^[A-Za-z0-9_-]{8,64}$" }, description: "Never reused by a CP; accepted at most once." },
  { name: "ts", schema: { type: "string", pattern: "^(\\d{13}|\\d{10})$" }, description: "Epoch milliseconds (or seconds); within 300 s of the platform's clock." },
  {
    name: "sign",
    schema: { type: "string", pattern: "^[0-9A-Fa-f]+$" },
    description: "Signature of `POST\\n<path>\\ngroupId=…&nonce=…&ts=…\\n<hex SM3 of the raw body>`: SM2 (r‖s or DER hex) or SM4-MAC, per the CP's mode.",
  },
].map((p) => ({ ...p, in: "query", required: true }));

const ANSWER = {
  type: "object",
  required: ["code", "msg"],
  properties: { code: { type: "string" }, msg: { type: "string" } },
};

function answer(description: string, code: string, msg: string) {
  return { description, content: { "application/json": { schema: ANSWER, example: { code, msg } } } };
}

function requestSchema(iface: InterfaceName) {
  const schema = toJsonSchema(MESSAGE_SCHEMAS[iface], { errorMode: "ignore", typeMode: "input" }) as { properties: Record<string, unknown>; required?: string[] };
  schema.properties.msgSign = { type: "string", description: "Signature of the RFC 8785 canonical JSON of the body without msgSign (same mode and key as `sign`)." };
  schema.required = [...(schema.required ?? []), "msgSign"];
  return schema;
}

let cached: object | undefined;

export function openApiDocument(): object {
  cached ??= {
    openapi: "3.1.0",
    info: {
      title: "GY/T 345-2021 program integration system: CP interfaces",
      version: "1.0.0",
      description: "Signed JSON POSTs from content platforms (内容服务平台). Errors follow Annex C; see docs/interface-profile.md for the order of checks.",
    },
    paths: Object.fromEntries(
      (Object.keys(INTERFACE_PATHS) as InterfaceName[]).map((iface) => [
        INTERFACE_PATHS[iface],
        {
          post: {
            operationId: iface,
            summary: SUMMARIES[iface],
            parameters: COMMON_PARAMETERS,
            requestBody: { required: true, content: { "application/json": { schema: requestSchema(iface) } } },
            responses: {
              "200": answer("Accepted (B.2); msg may carry a note (duplicate, stale, unknown ids).", "ok", "success"),
              "400": answer("MissingParameter / InvalidParameter naming the parameter or field path.", "InvalidParameter", annexCMessage("InvalidParameter", "msgData.definition")),
              "403": answer("Unknown, suspended or exited CP, or a signature that does not verify.", "Forbidden", annexCMessage("Forbidden")),
              "413": answer("Body over 1 MiB.", "InvalidParameter", annexCMessage("InvalidParameter", "body")),
              "500": answer("Unexpected fault.", "InternalError", annexCMessage("InternalError")),
              "503": answer("Storage unavailable: retry later.", "ServiceUnAvailable", annexCMessage("ServiceUnAvailable")),
            },
          },
        },
      ]),
    ),
  };
  return cached;
}
