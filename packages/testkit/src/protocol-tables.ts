/**
 * Shared data for the protocol tests: valid bodies, the standard's tables written out
 * independently of the schemas (name, kind, required), bad values per kind, and path helpers.
 */
import { expect } from "vitest";
import { ProtocolError, type AnnexCCode } from "@gyt345/protocol/errors";
import type { InterfaceName } from "@gyt345/protocol/msg-types";
import { parseMessage } from "@gyt345/protocol/parse-message";
import vectors from "@gyt345/protocol/fixtures/gm-vectors.json";

export type Body = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Bodies

export const VECTOR_REQUESTS = (vectors as { requests: { path: string; body: string }[] }).requests;

export const IFACE_BY_PATH: Record<string, InterfaceName> = {
  "/api/v1/series/inject": "seriesInject",
  "/api/v1/series/offline": "seriesOffline",
  "/api/v1/programs/inject": "programInject",
  "/api/v1/programs/offline": "programOffline",
};

const seriesVector = VECTOR_REQUESTS.find((r) => r.path === "/api/v1/series/inject");
const programVector = VECTOR_REQUESTS.find((r) => r.path === "/api/v1/programs/inject");
if (seriesVector === undefined || programVector === undefined) throw new Error("vectors lack inject bodies");

export function episode(n: number, seriesId = "S1001"): Body {
  return {
    programId: `P1001-${String(n).padStart(2, "0")}`,
    seriesId,
    title: `山海情 第${n}集`,
    programType: "正片",
    seq: n,
    stage: n,
    paid: 0,
    status: "online",
  };
}

/** The series vector with three episodes (so that index 1 and 2 exist). */
export function seriesBody(): Body {
  const body = JSON.parse(seriesVector!.body) as Body;
  (body.msgData as Body).seriesPrograms = [episode(1), episode(2), episode(3)];
  return body;
}

function playInfo(n: number): Body {
  return {
    videoId: `V${n}`,
    definition: "HD",
    videoBitrate: "4000k",
    fps: "25",
    width: "1920",
    height: "1080",
    audioBitrate: "128k",
    sampleRate: "44100",
    format: "hls",
    playUrl: `https://cdn.example.com/p1001-01/${n}.m3u8`,
  };
}

/** The program vector with every Table 9 member and two play infos. */
export function programBody(): Body {
  const body = JSON.parse(programVector!.body) as Body;
  const data = body.msgData as Body;
  body.msgData = {
    programId: data.programId,
    title: data.title,
    subTitle: "第1集",
    thumbnail: "https://img.example.com/p1.jpg",
    bigThumbnail: "https://img.example.com/p1-big.jpg",
    duration: data.duration,
    category: data.category,
    tags: ["扶贫"],
    keywords: ["西海固"],
    areas: ["中国大陆"],
    languages: ["普通话"],
    definition: data.definition,
    summary: "简介",
    description: "详情",
    seriesId: data.seriesId,
    paid: data.paid,
    status: data.status,
    playInfos: [playInfo(1), playInfo(2)],
    seriesPrograms: data.seriesPrograms,
    msgSign: "ignored",
  };
  return body;
}

export function seriesOfflineBody(): Body {
  return { msgId: "m-0100", msgType: 103, msgTime: 1700000000003, msgData: { seriesIds: "S1001,S1002" }, msgSign: "x" };
}

export function programOfflineBody(): Body {
  return { msgId: "m-0101", msgType: 203, msgTime: 1700000000004, msgData: { programIds: ["P1", "P2"] }, msgSign: "x" };
}

export const BODIES: Record<InterfaceName, () => Body> = {
  seriesInject: seriesBody,
  seriesOffline: seriesOfflineBody,
  programInject: programBody,
  programOffline: programOfflineBody,
};

// ---------------------------------------------------------------------------------------------
// The standard's tables (name, kind, required), in the tables' order

export type Kind =
  | "id"
  | "title"
  | "shortTitle"
  | "requiredText"
  | "text"
  | "longText"
  | "url"
  | "year"
  | "releaseDate"
  | "int"
  | "definition"
  | "status"
  | "programType"
  | "paid"
  | "completed"
  | "seq"
  | "list"
  | "seriesProgramList"
  | "seriesProgram"
  | "playInfoList"
  | "seriesIdList"
  | "programIdList";

export interface Field {
  name: string;
  kind: Kind;
  required: boolean;
}

const f = (name: string, kind: Kind, required: boolean): Field => ({ name, kind, required });

export const TABLE2: Field[] = [
  f("seriesId", "id", true),
  f("title", "title", true),
  f("subTitle", "shortTitle", false),
  f("enTitle", "shortTitle", false),
  f("vImageUrl", "url", true),
  f("hImageUrl", "url", false),
  f("category", "requiredText", true),
  f("subCategorys", "list", false),
  f("tags", "list", false),
  f("keywords", "list", false),
  f("year", "year", true),
  f("genres", "list", false),
  f("areas", "list", false),
  f("languages", "list", false),
  f("releaseDate", "releaseDate", false),
  f("runtime", "int", false),
  f("definition", "definition", true),
  f("score", "text", false),
  f("summary", "longText", false),
  f("description", "longText", false),
  f("directors", "list", false),
  f("stars", "list", false),
  f("writers", "list", false),
  f("roles", "list", false),
  f("hostess", "list", false),
  f("guests", "list", false),
  f("seasons", "int", false),
  f("episodeCount", "int", false),
  f("episodeLast", "int", false),
  f("completed", "completed", true),
  f("license_num", "text", false),
  f("paid", "paid", false),
  f("status", "status", true),
  f("seriesPrograms", "seriesProgramList", false),
];

export const TABLE3: Field[] = [
  f("programId", "id", true),
  f("seriesId", "id", true),
  f("title", "title", true),
  f("programType", "programType", true),
  f("seq", "seq", true),
  f("stage", "int", false),
  f("paid", "paid", false),
  f("status", "status", true),
];

export const TABLE9: Field[] = [
  f("programId", "id", true),
  f("title", "title", true),
  f("subTitle", "shortTitle", false),
  f("thumbnail", "url", false),
  f("bigThumbnail", "url", false),
  f("duration", "int", false),
  f("category", "requiredText", true),
  f("tags", "list", false),
  f("keywords", "list", false),
  f("areas", "list", false),
  f("languages", "list", false),
  f("definition", "definition", true),
  f("summary", "longText", false),
  f("description", "longText", false),
  f("seriesId", "id", false),
  f("paid", "paid", false),
  f("status", "status", true),
  f("playInfos", "playInfoList", true),
  f("seriesPrograms", "seriesProgram", false),
];

export const TABLE10: Field[] = [
  f("videoId", "id", true),
  f("definition", "definition", true),
  f("videoBitrate", "text", false),
  f("fps", "text", false),
  f("width", "text", false),
  f("height", "text", false),
  f("audioBitrate", "text", false),
  f("sampleRate", "text", false),
  f("format", "text", false),
  f("playUrl", "url", true),
];

/** A table as it sits in a body: the interface, the path of its object, its fields. */
export interface Placed {
  label: string;
  iface: InterfaceName;
  at: string;
  table: Field[];
}

export const PLACED: Placed[] = [
  { label: "Table 2 (series)", iface: "seriesInject", at: "msgData", table: TABLE2 },
  { label: "Table 3 (series item)", iface: "seriesInject", at: "msgData.seriesPrograms[1]", table: TABLE3 },
  { label: "Table 9 (program)", iface: "programInject", at: "msgData", table: TABLE9 },
  { label: "Table 10 (play info)", iface: "programInject", at: "msgData.playInfos[1]", table: TABLE10 },
  { label: "Table 3 (program relation)", iface: "programInject", at: "msgData.seriesPrograms", table: TABLE3 },
  {
    label: "Table 6 (series offline)",
    iface: "seriesOffline",
    at: "msgData",
    table: [f("seriesIds", "seriesIdList", true)],
  },
  {
    label: "Table 13 (program offline)",
    iface: "programOffline",
    at: "msgData",
    table: [f("programIds", "programIdList", true)],
  },
];

/**
 * Members whose removal is tied to another one by a cross-field rule (a program's seriesId and
 * seriesPrograms go together): remove both when testing "optional".
 */
export const COMPANIONS: Record<string, string[]> = {
  "programInject:msgData.seriesId": ["msgData.seriesPrograms"],
  "programInject:msgData.seriesPrograms": ["msgData.seriesId"],
};

// ---------------------------------------------------------------------------------------------
// Bad values per kind: each InvalidParameter at the field's path plus `suffix`.

export interface Bad {
  value: unknown;
  suffix?: string;
  note?: string;
}

const long = (n: number, c = "x") => c.repeat(n);

export const BAD: Record<Kind, Bad[]> = {
  id: [
    { value: 1 },
    { value: true },
    { value: "" },
    { value: " " },
    { value: "a b" },
    { value: "a,b" },
    { value: "a\tb" },
    { value: "a\nb" },
    { value: "a\u0000b" },
    { value: "a\u007fb" },
    { value: "a\u3000b", note: "ideographic space" },
    { value: " a", note: "leading space" },
    { value: long(129) },
    { value: ["a"] },
  ],
  title: [{ value: 1 }, { value: "" }, { value: long(513) }, { value: {} }],
  shortTitle: [{ value: 1 }, { value: long(513) }, { value: [] }],
  requiredText: [{ value: 1 }, { value: "" }, { value: long(4097) }],
  text: [{ value: 1 }, { value: 1.5 }, { value: false }, { value: long(4097) }],
  longText: [{ value: 1 }, { value: long(65536) }],
  url: [
    { value: 1 },
    { value: "" },
    { value: "img.example.com/a.jpg" },
    { value: "/img/a.jpg" },
    { value: "//img.example.com/a.jpg" },
    { value: "ftp://img.example.com/a.jpg" },
    { value: "javascript:alert(1)" },
    { value: "JAVASCRIPT:alert(1)//http://x" },
    { value: "data:image/png;base64,AAAA" },
    { value: "file:///etc/passwd" },
    { value: "https://" },
    { value: "https://img.example.com/a b.jpg" },
    { value: " https://img.example.com/a.jpg" },
    { value: "https://img.example.com/a.jpg\n" },
    { value: `https://img.example.com/${long(2049 - 24)}` },
  ],
  year: [{ value: 2021 }, { value: "" }, { value: "21" }, { value: "20210" }, { value: "2019-2021" }, { value: "２０２１" }],
  releaseDate: [{ value: 20210112 }, { value: long(33) }],
  int: [{ value: "1" }, { value: 1.5 }, { value: -1 }, { value: 2 ** 53 }, { value: true }, { value: [] }],
  definition: [{ value: "hd" }, { value: "FHD" }, { value: "" }, { value: 1 }, { value: "HD " }],
  status: [{ value: "Online" }, { value: "deleted" }, { value: "" }, { value: 1 }, { value: true }],
  programType: [{ value: "feature" }, { value: "正片 " }, { value: "" }, { value: 1 }],
  paid: [{ value: 2 }, { value: -1 }, { value: "0" }, { value: "1" }, { value: true }, { value: 0.5 }],
  completed: [{ value: "yes" }, { value: "TRUE" }, { value: "" }, { value: 1 }, { value: 0 }, { value: "1" }],
  seq: [
    { value: "-1" },
    { value: "1.5" },
    { value: "a" },
    { value: "" },
    { value: " 1" },
    { value: 1.5 },
    { value: -1 },
    { value: true },
    { value: "9007199254740993" },
  ],
  list: [
    { value: "a" },
    { value: {} },
    { value: 1 },
    { value: [1], suffix: "[0]" },
    { value: ["a", null], suffix: "[1]" },
    { value: ["a", long(257)], suffix: "[1]" },
    { value: Array.from({ length: 201 }, () => "a") },
  ],
  seriesProgramList: [{ value: {} }, { value: "x" }, { value: [1], suffix: "[0]" }, { value: [[]], suffix: "[0]" }],
  seriesProgram: [{ value: [] }, { value: "x" }, { value: 1 }],
  playInfoList: [{ value: [] }, { value: {} }, { value: "x" }, { value: [1], suffix: "[0]" }, { value: [[]], suffix: "[0]" }],
  seriesIdList: [
    { value: 1 },
    { value: true },
    { value: {} },
    { value: "" },
    { value: " " },
    { value: "S1,,S2" },
    { value: "S1," },
    { value: ",S1" },
    { value: "S 1" },
    { value: "S1,S\u00002" },
    { value: long(129) },
    { value: Array.from({ length: 1001 }, (_, i) => `S${i}`).join(",") },
    { value: [] },
    { value: ["S1", ""], suffix: "[1]" },
    { value: ["S1", "  "], suffix: "[1]" },
    { value: ["S1", 1], suffix: "[1]" },
    { value: [null], suffix: "[0]" },
    { value: ["S 1"], suffix: "[0]" },
    { value: ["S1,S2"], suffix: "[0]" },
    { value: [long(129)], suffix: "[0]" },
    { value: Array.from({ length: 1001 }, (_, i) => `S${i}`) },
  ],
  programIdList: [
    { value: "P1", note: "a string is not accepted for programIds" },
    { value: "P1,P2" },
    { value: {} },
    { value: 1 },
    { value: [] },
    { value: [""], suffix: "[0]" },
    { value: ["P1", " "], suffix: "[1]" },
    { value: ["P1", 1], suffix: "[1]" },
    { value: ["P1,P2"], suffix: "[0]" },
    { value: ["P\u00001"], suffix: "[0]" },
    { value: [long(129)], suffix: "[0]" },
    { value: Array.from({ length: 1001 }, (_, i) => `P${i}`) },
  ],
};

// ---------------------------------------------------------------------------------------------
// Paths

type Seg = string | number;

export function segs(path: string): Seg[] {
  const out: Seg[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
  return out;
}

function parentOf(body: unknown, path: string): { parent: Record<Seg, unknown>; key: Seg } {
  const s = segs(path);
  let current = body as Record<Seg, unknown>;
  for (const seg of s.slice(0, -1)) current = current[seg] as Record<Seg, unknown>;
  return { parent: current, key: s[s.length - 1] as Seg };
}

export function getAt(body: unknown, path: string): unknown {
  const { parent, key } = parentOf(body, path);
  return parent[key];
}

export function setAt(body: unknown, path: string, value: unknown): void {
  const { parent, key } = parentOf(body, path);
  parent[key] = value;
}

export function deleteAt(body: unknown, path: string): void {
  const { parent, key } = parentOf(body, path);
  delete parent[key];
}

export const join = (at: string, name: string) => (at === "" ? name : `${at}.${name}`);

// ---------------------------------------------------------------------------------------------
// Assertions

export function errorOf(iface: InterfaceName, body: Body): ProtocolError | undefined {
  try {
    parseMessage(iface, body);
    return undefined;
  } catch (err) {
    if (err instanceof ProtocolError) return err;
    throw err;
  }
}

export function expectError(iface: InterfaceName, body: Body, code: AnnexCCode, param: string): void {
  const err = errorOf(iface, body);
  expect(err, `expected ${code} ${param}`).toBeInstanceOf(ProtocolError);
  expect({ code: err?.code, param: err?.param }).toEqual({ code, param });
}

export const expectMissing = (iface: InterfaceName, body: Body, param: string) =>
  expectError(iface, body, "MissingParameter", param);
export const expectInvalid = (iface: InterfaceName, body: Body, param: string) =>
  expectError(iface, body, "InvalidParameter", param);

export function describeValue(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : Array.isArray(value) ? `array(${value.length})` : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 40 ? `${text.slice(0, 37)}…(${text.length})` : text;
}
