/**
 * OpenAPI 3.1 description of the CP-facing interfaces, generated from the same valibot
 * schemas that validate the messages: the docs cannot drift from what is accepted.
 * The four platform interfaces (6.4–6.7) are `paths`; the platform's 301/302 notices to the
 * CP (6.8–6.9, 紧急下线) are `webhooks`. Every answer is Annex C's `{code,msg}` (Tables 4–5,
 * 7–8, 11–12, 14–15, 17–18, 20–21; Table C.1), listed per operation with its codes.
 */
import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import { annexCMessage, type AnnexCCode } from "./errors";
import { INTERFACE_PATHS, type InterfaceName } from "./msg-types";
import { MESSAGE_SCHEMAS } from "./parse-message";

interface InterfaceDoc {
  summary: string;
  /** Section and the tables of the request, the normal answer and the error answer. */
  section: string;
  request: string;
  okTable: string;
  errorTable: string;
  /** A field path the 400 examples name. */
  example400: { missing: string; invalid: string };
}

const INTERFACES: Record<InterfaceName, InterfaceDoc> = {
  seriesInject: {
    summary: "Series metadata injection (节目集元数据注入, 6.4)",
    section: "6.4 节目集成系统节目集元数据注入接口规范",
    request: "表2 节目集注入消息 (Table 2), 表3 节目集相关节目 (Table 3); sample B.1",
    okTable: "表4 节目集注入消息正常返回数据 (Table 4)",
    errorTable: "表5 节目集注入消息异常返回数据 (Table 5)",
    example400: { missing: "msgData.title", invalid: "msgData.definition" },
  },
  seriesOffline: {
    summary: "Series offline (节目集下线, 6.5)",
    section: "6.5 节目集成系统节目集下线接口规范",
    request: "表6 节目集下线消息 (Table 6); sample B.4",
    okTable: "表7 节目集下线消息正常返回数据 (Table 7)",
    errorTable: "表8 节目集下线消息异常返回数据 (Table 8)",
    example400: { missing: "msgData.seriesIds", invalid: "msgData.seriesIds" },
  },
  programInject: {
    summary: "Program metadata injection (节目元数据注入, 6.6)",
    section: "6.6 节目集成系统节目元数据注入接口规范",
    request: "表9 节目注入消息 (Table 9), 表10 播放信息 (Table 10); sample B.5",
    okTable: "表11 节目注入消息正常返回数据 (Table 11)",
    errorTable: "表12 节目注入消息异常返回数据 (Table 12)",
    example400: { missing: "msgData.playInfos[0].playUrl", invalid: "msgData.playInfos[0].definition" },
  },
  programOffline: {
    summary: "Program offline (节目下线, 6.7)",
    section: "6.7 节目集成系统节目下线接口规范",
    request: "表13 节目下线消息 (Table 13); sample B.6",
    okTable: "表14 节目下线消息正常返回数据 (Table 14)",
    errorTable: "表15 节目下线消息异常返回数据 (Table 15)",
    example400: { missing: "msgData.programIds", invalid: "msgData.programIds[0]" },
  },
};

/** Table 1 共同请求参数, as the profile fixes them (section 2). */
const COMMON_PARAMETERS = [
  {
    name: "groupId",
    schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" },
    description:
      "groupId (Table 1 共同请求参数): 统一使用行业监管机构分配给内容服务平台的标识 — the CP's identifier assigned by the regulator. " +
      "On a platform → CP notice it is the receiving CP's.",
  },
  {
    name: "nonce",
    schema: { type: "string", pattern: "^[A-Za-z0-9_-]{8,64}$" },
    description: "nonce (Table 1): 随机数，防止重放攻击 — random, never reused; a (groupId, nonce) is accepted at most once.",
  },
  {
    name: "ts",
    schema: { type: "string", pattern: "^(\\d{13}|\\d{10})$" },
    description: "ts (Table 1): 时间戳 — epoch milliseconds (or seconds); within 300 s of the receiver's clock.",
  },
  {
    name: "sign",
    schema: { type: "string", pattern: "^[0-9A-Fa-f]+$" },
    description:
      "sign (Table 1): 签名 — signature of `POST\\n<path>\\ngroupId=…&nonce=…&ts=…\\n<hex SM3 of the raw body>`: " +
      "SM2 with SM3 and ID 1234567812345678 (r‖s or DER hex) or the SM3/SM4 MAC, per the CP's mode (profile section 3).",
  },
].map((p) => ({ ...p, in: "query", required: true }));

const MSG_SIGN = {
  type: "string",
  description: "msgSign (消息体签名): signature of the RFC 8785 canonical JSON of the body without msgSign (same mode and key as `sign`).",
};

function answerSchema(table: string, ok: boolean) {
  return {
    type: "object",
    description: table,
    required: ["code", "msg"],
    properties: {
      code: ok
        ? { type: "string", const: "ok", description: "code: 正常代码 (normal code), always `ok`" }
        : { type: "string", enum: ["MissingParameter", "InvalidParameter", "Forbidden", "InternalError", "ServiceUnAvailable"], description: "code: 错误代码 (error code, Annex C Table C.1)" },
      msg: { type: "string", description: ok ? "msg: 正常信息 (normal message): `success` or a note" : "msg: 错误信息 (error message, Table C.1; `\\` replaced by the parameter)" },
    },
  };
}

const example = (code: AnnexCCode, param?: string) => ({ value: { code, msg: annexCMessage(code, param) } });

function json(description: string, schema: object, examples: Record<string, { value: unknown }>) {
  return { description, content: { "application/json": { schema, examples } } };
}

/** The Annex C answers of one operation (profile section 4 for their order). */
function responses(okTable: string, errorTable: string, ex: { missing: string; invalid: string }) {
  const err = answerSchema(errorTable, false);
  return {
    "200": json(`${okTable}. 正常返回 (B.2); msg may carry a note (duplicate msgId, stale message, unknown ids).`, answerSchema(okTable, true), {
      success: { value: { code: "ok", msg: "success" } },
    }),
    "400": json(`${errorTable}. MissingParameter (缺少参数) or InvalidParameter (参数无效), naming the parameter or field path.`, err, {
      missingCommon: example("MissingParameter", "sign"),
      missingField: example("MissingParameter", ex.missing),
      invalidTs: example("InvalidParameter", "ts"),
      replayedNonce: example("InvalidParameter", "nonce"),
      invalidField: example("InvalidParameter", ex.invalid),
      missingMsgSign: example("MissingParameter", "msgSign"),
    }),
    "403": json(`${errorTable}. Forbidden (无权限执行该操作): unknown, suspended or exited groupId, or sign / msgSign that does not verify.`, err, {
      forbidden: example("Forbidden"),
    }),
    "413": json(`${errorTable}. Body over 1 MiB (profile section 1).`, err, { tooLarge: example("InvalidParameter", "body") }),
    "500": json(`${errorTable}. InternalError (内部错误): unexpected fault; retry later with the same msgId.`, err, { internal: example("InternalError") }),
    "503": json(`${errorTable}. ServiceUnAvailable (服务不可用): temporary; retry with back-off, the same msgId and a fresh nonce.`, err, {
      unavailable: example("ServiceUnAvailable"),
    }),
  };
}

type Json = Record<string, unknown>;

/** Inlines `$defs` references (valibot's lazy schemas) so the schema stands inside the document. */
function inlineDefs(schema: Json): Json {
  const defs = (schema.$defs ?? {}) as Record<string, Json>;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== "object" || node === null) return node;
    const { $ref, ...rest } = node as Json;
    const base = typeof $ref === "string" && $ref.startsWith("#/$defs/") ? walk(defs[$ref.slice(8)]) : {};
    return { ...(base as Json), ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, walk(v)])) };
  };
  const { $defs: _d, $schema: _s, ...rest } = schema;
  return walk(rest) as Json;
}

const ID_ITEM = { type: "string", minLength: 1, maxLength: 128 };
const COMMA_IDS = { type: "string", description: "多个用半角逗号分隔: ids separated by half-width commas (Table 6 / Table 16)" };
const ID_ARRAY = { type: "array", items: ID_ITEM, minItems: 1, maxItems: 1000, description: "an array of ids (B.4 / B.6)" };

/** The msgData members of an interface's valibot schema. */
function dataEntries(iface: InterfaceName): Record<string, unknown> {
  let node = MESSAGE_SCHEMAS[iface].entries.msgData as unknown as { entries?: Record<string, unknown>; pipe?: unknown[] };
  while (node.entries === undefined && Array.isArray(node.pipe)) node = node.pipe[0] as typeof node;
  return node.entries ?? {};
}

function requestSchema(iface: InterfaceName): Json {
  const schema = inlineDefs(toJsonSchema(MESSAGE_SCHEMAS[iface], { errorMode: "ignore", typeMode: "input" }) as Json) as Json & {
    properties: Record<string, Json & { properties?: Record<string, Json> }>;
    required?: string[];
  };
  const data = schema.properties.msgData;
  // A member whose pipe ends in a transform loses its description in the export: restore it.
  for (const [name, entry] of Object.entries(dataEntries(iface))) {
    const prop = data?.properties?.[name];
    const description = v.getDescription(entry as v.GenericSchema);
    if (prop && prop.description === undefined && description) prop.description = description;
  }
  // The lazy seriesIds schema (string or array) exports only its array branch: state both.
  if (data?.properties?.seriesIds) data.properties.seriesIds = { anyOf: [COMMA_IDS, ID_ARRAY], description: data.properties.seriesIds.description };
  schema.properties.msgSign = MSG_SIGN;
  schema.required = [...(schema.required ?? []), "msgSign"];
  schema.description = `${INTERFACES[iface].request}. ${String(schema.description ?? "")}`;
  return schema;
}

/** Tables 16 and 19: the notices the platform sends to the CP's own URLs. */
function noticeSchema(kind: 301 | 302): Json {
  const series = kind === 301;
  return {
    type: "object",
    title: series ? "Series emergency offline notice (节目集紧急下线消息, Table 16)" : "Program emergency offline notice (节目紧急下线消息, Table 19)",
    description: series ? "表16 节目集紧急下线消息 (Table 16); sample B.4" : "表19 节目紧急下线消息 (Table 19); sample B.6",
    required: ["msgId", "msgType", "msgTime", "msgData", "msgSign"],
    properties: {
      msgId: { type: "string", description: "msgId (消息 ID). The same across the platform's retries of one notice: deduplicate by it." },
      msgType: { type: "integer", enum: [kind], description: `msgType (消息类型): ${kind} ${series ? "下线节目集 (take series offline)" : "下线节目 (take programs offline)"}` },
      msgTime: { type: "integer", description: "msgTime (消息时间，毫秒值): epoch milliseconds." },
      msgSign: MSG_SIGN,
      msgData: {
        type: "object",
        description: series ? "msgData (消息数据, 节目集元数据消息数据)" : "msgData (消息数据)",
        required: [series ? "seriesIds" : "programIds"],
        properties: series
          ? {
              seriesIds: {
                anyOf: [COMMA_IDS, ID_ARRAY],
                description: "seriesIds (内容服务平台下线节目集 ID，多个用半角逗号分隔): the CP's series to take offline. Sent as Table 16's comma-separated string by default, an array (B.4) when the CP asks.",
              },
            }
          : { programIds: { ...ID_ARRAY, description: "programIds (内容服务平台的节目 ID): the CP's programs to take offline." } },
      },
    },
  };
}

function webhook(kind: 301 | 302) {
  const series = kind === 301;
  const okTable = series ? "表17 节目集紧急下线消息正常返回数据 (Table 17)" : "表20 节目紧急下线消息正常返回数据 (Table 20)";
  const errorTable = series ? "表18 节目集紧急下线消息异常返回数据 (Table 18)" : "表21 节目紧急下线消息异常返回数据 (Table 21)";
  return {
    post: {
      operationId: series ? "seriesEmergencyOffline" : "programEmergencyOffline",
      summary: series ? "Series emergency offline (节目集紧急下线, 6.8) — platform → CP" : "Program emergency offline (节目紧急下线, 6.9) — platform → CP",
      description:
        `${series ? "6.8 内容服务平台节目集紧急下线接口规范" : "6.9 内容服务平台节目紧急下线接口规范"}. ` +
        "The platform POSTs to the URL the CP registered at onboarding, signed like the CP's own requests — sm2 with the platform's key " +
        "(GET /api/v1/platform/public-key), mac with the CP's secret. The CP verifies sign and msgSign, refuses replayed nonces and stale ts, " +
        "takes the content offline, and answers 200 `{\"code\":\"ok\"}` (its emergency-offline feedback, Figure 2). " +
        "A non-200 answer or no answer makes the platform retry with the same msgId and a fresh nonce.",
      parameters: COMMON_PARAMETERS,
      requestBody: { required: true, content: { "application/json": { schema: noticeSchema(kind) } } },
      responses: responses(okTable, errorTable, { missing: series ? "msgData.seriesIds" : "msgData.programIds", invalid: "msgType" }),
    },
  };
}

let cached: object | undefined;

export function openApiDocument(): object {
  cached ??= {
    openapi: "3.1.0",
    info: {
      title: "GY/T 345-2021 节目集成系统: CP interfaces",
      version: "1.0.0",
      description:
        "Signed JSON POSTs between content platforms (内容服务平台, CPs) and the program integration system (节目集成系统). " +
        "Common request parameters (表1 共同请求参数, Table 1) travel in the query string; errors follow Annex C (表 C.1). " +
        "See docs/interface-profile.md for the signatures and the order of checks, docs/integration.md for a worked example.",
    },
    tags: [
      { name: "CP → platform", description: "6.4–6.7: the CP injects and takes offline its own content." },
      { name: "platform → CP", description: "6.8–6.9: emergency offline (紧急下线) notices to the CP's endpoints." },
    ],
    paths: Object.fromEntries(
      (Object.keys(INTERFACE_PATHS) as InterfaceName[]).map((iface) => {
        const doc = INTERFACES[iface];
        return [
          INTERFACE_PATHS[iface],
          {
            post: {
              operationId: iface,
              tags: ["CP → platform"],
              summary: doc.summary,
              description: `${doc.section}. Request data: ${doc.request}.`,
              parameters: COMMON_PARAMETERS,
              requestBody: { required: true, content: { "application/json": { schema: requestSchema(iface) } } },
              responses: responses(doc.okTable, doc.errorTable, doc.example400),
            },
          },
        ];
      }),
    ),
    webhooks: {
      seriesEmergencyOffline: { post: { ...webhook(301).post, tags: ["platform → CP"] } },
      programEmergencyOffline: { post: { ...webhook(302).post, tags: ["platform → CP"] } },
    },
  };
  return cached;
}
