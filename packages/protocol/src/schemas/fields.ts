/**
 * Shared field schemas and helpers for the GY/T 345-2021 message schemas.
 *
 * Conventions (profile sections 4 and 6):
 * - `req(schema, …)`: a required field; absent or `null` is MissingParameter.
 * - `opt(schema, …)`: an optional field; `null` is treated as absent (output `undefined`).
 * - Objects refuse JSON arrays and lists check their item count *before* their contents
 *   (`jsonObject`, `boundedArray`), so with `abortEarly` the first issue valibot reports is
 *   the first problem in pre-order: a container's own type and size, then its members in
 *   table order, list items by index.
 * - Lengths are counted in UTF-16 code units (JavaScript `string.length`).
 */
import * as v from "valibot";

// ---------------------------------------------------------------------------------------------
// Limits (profile / platform choices)

export const LIMITS = {
  idMax: 128,
  titleMax: 512,
  stringMax: 4096,
  longTextMax: 65535,
  releaseDateMax: 32,
  urlMax: 2048,
  stringListItems: 200,
  stringListItemMax: 256,
  seriesProgramsMax: 10000,
  playInfosMin: 1,
  playInfosMax: 32,
  idListMin: 1,
  idListMax: 1000,
} as const;

/** No whitespace (any Unicode space), control characters or commas. */
const ID_CHARS = /^[^\s,\p{Cc}]+$/u;
const HTTP_URL_PREFIX = /^https?:\/\/[^\s\p{Cc}]+$/iu;

export function isId(value: string): boolean {
  return value.length >= 1 && value.length <= LIMITS.idMax && ID_CHARS.test(value);
}

/** Absolute http(s) URL with a host, no whitespace or control characters. */
export function isHttpUrl(value: string): boolean {
  if (value.length > LIMITS.urlMax || !HTTP_URL_PREFIX.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Pre-order guards

interface PreIssue {
  kind: "schema" | "validation";
  type: string;
  expected: string;
  received: string;
  requirement?: unknown;
}

/**
 * Wraps `schema` so that `guard` runs before it; a guard failure is reported as the only issue
 * of this value (the schema itself does not run). Same technique as `v.pipe`: the returned
 * object keeps every property of `schema` (type, entries, item, pipe…) for introspection.
 */
function preCheck<S extends v.GenericSchema>(schema: S, guard: (input: unknown) => PreIssue | undefined): S {
  const wrapped = {
    ...schema,
    "~run"(dataset: v.UnknownDataset, config: v.Config<v.BaseIssue<unknown>>) {
      const problem = guard(dataset.value);
      if (problem === undefined) return schema["~run"](dataset, config);
      const issue = {
        kind: problem.kind,
        type: problem.type,
        input: dataset.value,
        expected: problem.expected,
        received: problem.received,
        message: `Invalid ${problem.kind === "schema" ? "type" : "length"}: Expected ${problem.expected} but received ${problem.received}`,
        requirement: problem.requirement,
        path: undefined,
        issues: undefined,
        lang: config.lang,
        abortEarly: config.abortEarly,
        abortPipeEarly: config.abortPipeEarly,
      };
      const failed = dataset as unknown as { typed: boolean; issues: unknown[] };
      failed.typed = false;
      failed.issues = [issue];
      return dataset as unknown as ReturnType<S["~run"]>;
    },
  };
  (wrapped as { "~standard": unknown })["~standard"] = {
    version: 1,
    vendor: "valibot",
    validate: (value: unknown) => wrapped["~run"]({ value }, v.getGlobalConfig()),
  };
  return wrapped as unknown as S;
}

/** A JSON object with the given members (checked in key order); a JSON array is refused first. */
export function jsonObject<const E extends v.ObjectEntries>(entries: E) {
  return preCheck(v.object(entries), (input) =>
    Array.isArray(input) ? { kind: "schema", type: "object", expected: "Object", received: "Array" } : undefined,
  );
}

/** A JSON array of `min`–`max` items; the count is checked before the items. */
export function boundedArray<const T extends v.GenericSchema>(item: T, min: number, max: number) {
  return preCheck(v.pipe(v.array(item), v.minLength(min), v.maxLength(max)), (input) => {
    if (!Array.isArray(input)) return undefined;
    if (input.length < min)
      return { kind: "validation", type: "min_length", expected: `>=${min}`, received: `${input.length}`, requirement: min };
    if (input.length > max)
      return { kind: "validation", type: "max_length", expected: `<=${max}`, received: `${input.length}`, requirement: max };
    return undefined;
  });
}

// ---------------------------------------------------------------------------------------------
// Required / optional wrappers

/** Required field with its description. */
export function req<const S extends v.GenericSchema>(schema: S, description: string) {
  return v.pipe(schema, v.description(description));
}

/** Optional field: absent or `null` → `undefined`. */
export function opt<const S extends v.GenericSchema>(schema: S, description: string) {
  return v.pipe(
    v.nullish(schema),
    // Before the transform, so that JSON Schema generation (which stops there) keeps it.
    v.description(description),
    v.transform((value: v.InferOutput<S> | null | undefined): v.InferOutput<S> | undefined => value ?? undefined),
  );
}

// ---------------------------------------------------------------------------------------------
// Value schemas

/** Identifier: 1–128 characters, no whitespace, control characters or commas. */
export const IdString = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(LIMITS.idMax),
  v.regex(ID_CHARS, "no whitespace, control characters or commas"),
);

/** Title: 1–512 characters. */
export const TitleString = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.titleMax));
/** Optional title-like text (subTitle, enTitle): at most 512 characters. */
export const ShortTitleString = v.pipe(v.string(), v.maxLength(LIMITS.titleMax));
/** Required free text: 1–4096 characters. */
export const RequiredText = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.stringMax));
/** Optional free text: at most 4096 characters. */
export const Text = v.pipe(v.string(), v.maxLength(LIMITS.stringMax));
/** Long text (summary, description): at most 65535 characters. */
export const LongText = v.pipe(v.string(), v.maxLength(LIMITS.longTextMax));
/** Absolute http(s) URL, at most 2048 characters. */
export const HttpUrl = v.pipe(v.string(), v.maxLength(LIMITS.urlMax), v.check(isHttpUrl, "absolute http(s) URL"));
/** Year (年代): four digits. */
export const YearString = v.pipe(v.string(), v.regex(/^\d{4}$/, "four digits"));
/** Release date (发行日期): free text, at most 32 characters. */
export const ReleaseDateString = v.pipe(v.string(), v.maxLength(LIMITS.releaseDateMax));

/** Integer (JSON integer, safe, ≥ 0). */
export const UInt = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** Table 3 `stage`: "非节目正片此字段为空" — a trailer's stage may be sent as "", meaning none. */
export const UIntOrEmpty = v.union([UInt, v.pipe(v.literal(""), v.transform((): undefined => undefined))]);

/** List of strings: at most 200 items of at most 256 characters. */
export const StringList = boundedArray(v.pipe(v.string(), v.maxLength(LIMITS.stringListItemMax)), 0, LIMITS.stringListItems);

export const Definition = v.picklist(["SD", "HD", "4K", "8K"]);
export const Status = v.picklist(["online", "offline"]);
export const ProgramType = v.picklist(["正片", "预告片", "花絮"]);
export const Paid = v.picklist([0, 1]);

/** `completed` (是否完结): "true"/"false" (Table 2) or a JSON boolean → boolean. */
export const Completed = v.union([
  v.boolean(),
  // The transform sits inside the option so the field's description survives JSON Schema generation.
  v.pipe(
    v.picklist(["true", "false"]),
    v.transform((value): boolean => value === "true"),
  ),
]);

/** `seq` (顺序号): a JSON integer or a string of digits (B.1) → number. */
export const Seq = v.union([
  UInt,
  v.pipe(
    v.string(),
    v.regex(/^\d{1,16}$/, "a string of digits"),
    v.transform(Number),
    v.safeInteger(),
  ),
]);

// ---------------------------------------------------------------------------------------------
// Envelope fields (Tables 2, 6, 9, 13)

export const MsgId = req(IdString, "Message ID (消息 ID). 1–128 characters, no whitespace, control characters or commas.");
export const MsgTime = req(UInt, "Message time (消息时间), epoch milliseconds: a safe integer ≥ 0.");

/**
 * A whole CP message: the envelope common to Tables 2, 6, 9 and 13 around this interface's
 * msgData schema. `path` is the interface; msgSign is verified before parsing, not output.
 */
export function messageSchema<const T extends readonly number[], const D extends v.GenericSchema>(p: {
  msgTypes: T;
  msgTypeDescription: string;
  msgData: D;
  title: string;
  path: string;
}) {
  return v.pipe(
    v.object({
      msgId: MsgId,
      msgType: req(v.picklist(p.msgTypes), `Message type (消息类型): ${p.msgTypeDescription}`),
      msgTime: MsgTime,
      msgData: p.msgData,
    }),
    v.title(p.title),
    v.description(`POST ${p.path}. The body's msgSign is verified before parsing and not part of the output.`),
  );
}

// ---------------------------------------------------------------------------------------------
// Cross-field rules

export type PathSeg = string | number;

/** A problem found by a cross-field rule, with its path relative to `msgData`. */
export interface CrossIssue {
  code: "MissingParameter" | "InvalidParameter";
  path: PathSeg[];
}

/**
 * A cross-field rule over `msgData`. It must read its input defensively (it also runs on the
 * raw, partly invalid body to find problems that precede a structural one) and must treat
 * `null` as absent.
 */
export type CrossRule = (data: Record<string, unknown>) => CrossIssue[];

/**
 * Runs a cross-field rule inside a schema pipe, once the members are valid (for users of the
 * schema alone; `parseMessage` also ranks these problems against structural ones).
 */
export function crossCheck<T>(rule: CrossRule) {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed || !isPlainObject(dataset.value)) return;
    for (const issue of rule(dataset.value)) {
      const path = issuePath(dataset.value, issue.path);
      addIssue({ message: issue.code, input: path[path.length - 1]?.value, path });
    }
  });
}

function issuePath(root: unknown, segs: PathSeg[]): [v.IssuePathItem, ...v.IssuePathItem[]] {
  const items: v.IssuePathItem[] = [];
  let current: unknown = root;
  for (const seg of segs) {
    const value = (current as Record<PathSeg, unknown> | undefined)?.[seg];
    items.push(
      typeof seg === "number"
        ? { type: "array", origin: "value", input: current as unknown[], key: seg, value }
        : { type: "object", origin: "value", input: current as Record<string, unknown>, key: seg, value },
    );
    current = value;
  }
  return items as [v.IssuePathItem, ...v.IssuePathItem[]];
}

export const invalidAt = (...path: PathSeg[]): CrossIssue => ({ code: "InvalidParameter", path });
export const missingAt = (...path: PathSeg[]): CrossIssue => ({ code: "MissingParameter", path });
