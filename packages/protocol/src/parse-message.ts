/**
 * Validates and normalises the JSON body of a CP → platform message (profile section 4 step 7).
 *
 * The one error returned is the first problem in this order:
 * 1. envelope members msgId, msgType (a JSON integer), msgTime, msgData (a JSON object);
 * 2. msgType one of this interface's types, else InvalidParameter `msgType`;
 * 3. msgData members in the order of the standard's table; inside a member, first its own type
 *    and size, then its contents (list items by index, object members in table order).
 *    Cross-field rules (alias conflicts, seriesId/programId agreement, unique programIds, a
 *    program's seriesPrograms required with seriesId) are ranked at the path they name.
 * Absent or `null` required member → MissingParameter; anything else → InvalidParameter.
 * msgSign and unknown members are ignored.
 */
import * as v from "valibot";
import { ProtocolError } from "./errors";
import { MSG_TYPES, type InterfaceName } from "./msg-types";
import { MsgId, MsgTime, isPlainObject, type CrossIssue, type CrossRule, type PathSeg } from "./schemas/fields";
import { ProgramInjectMessageSchema, programInfoCrossRule, type ProgramInjectMessage } from "./schemas/program-inject";
import { ProgramOfflineMessageSchema, type ProgramOfflineMessage } from "./schemas/program-offline";
import { SeriesInjectMessageSchema, seriesInfoCrossRule, type SeriesInjectMessage } from "./schemas/series-inject";
import { SeriesOfflineMessageSchema, type SeriesOfflineMessage } from "./schemas/series-offline";

export type { ProgramInfo, PlayInfo, ProgramInjectMessage } from "./schemas/program-inject";
export type { ProgramOfflineMessage } from "./schemas/program-offline";
export type { SeriesInfo, SeriesInjectMessage } from "./schemas/series-inject";
export type { SeriesOfflineMessage } from "./schemas/series-offline";
export type { SeriesProgram } from "./schemas/series-program";

export type MessageOf<I> = I extends "seriesInject"
  ? SeriesInjectMessage
  : I extends "seriesOffline"
    ? SeriesOfflineMessage
    : I extends "programInject"
      ? ProgramInjectMessage
      : I extends "programOffline"
        ? ProgramOfflineMessage
        : never;

/** The message schema of each interface (also the source of the OpenAPI documents). */
export const MESSAGE_SCHEMAS = {
  seriesInject: SeriesInjectMessageSchema,
  seriesOffline: SeriesOfflineMessageSchema,
  programInject: ProgramInjectMessageSchema,
  programOffline: ProgramOfflineMessageSchema,
} as const;

const CROSS_RULES: Record<InterfaceName, CrossRule | undefined> = {
  seriesInject: seriesInfoCrossRule,
  seriesOffline: undefined,
  programInject: programInfoCrossRule,
  programOffline: undefined,
};

/** Step 1: the envelope, whatever the interface; msgType only needs to be an integer here. */
const EnvelopeSchema = v.object({
  msgId: MsgId,
  msgType: v.pipe(v.number(), v.integer()),
  msgTime: MsgTime,
  msgData: v.custom<Record<string, unknown>>(isPlainObject, "a JSON object"),
});

const ABORT_EARLY = { abortEarly: true } as const;

export function parseMessage<I extends InterfaceName>(iface: I, body: Record<string, unknown>): MessageOf<I> {
  const envelope = v.safeParse(EnvelopeSchema, body, ABORT_EARLY);
  if (!envelope.success) throw issueError(envelope.issues[0], []);
  const { msgId, msgType, msgTime, msgData } = envelope.output;

  if (!(MSG_TYPES[iface] as readonly number[]).includes(msgType)) throw ProtocolError.invalid("msgType");

  const dataSchema: v.GenericSchema = MESSAGE_SCHEMAS[iface].entries.msgData;
  const result = v.safeParse(dataSchema, msgData, ABORT_EARLY);
  const structural = result.issues?.find((issue) => issue.type !== "raw_check");
  const cross = CROSS_RULES[iface]?.(msgData) ?? [];
  const first = firstProblem(dataSchema, structural, cross);
  if (first !== undefined) throw first;
  if (!result.success) throw new Error("parseMessage: msgData failed validation without a reportable issue");

  return { msgId, msgType, msgTime, msgData: result.output } as MessageOf<I>;
}

// ---------------------------------------------------------------------------------------------

function firstProblem(
  dataSchema: v.GenericSchema,
  structural: v.BaseIssue<unknown> | undefined,
  cross: CrossIssue[],
): ProtocolError | undefined {
  let best: { path: PathSeg[]; error: ProtocolError } | undefined;
  if (structural !== undefined) best = { path: issueSegs(structural), error: issueError(structural, ["msgData"]) };
  for (const issue of cross) {
    // On a tie the cross-field issue wins: same path, and its code is explicit.
    if (best === undefined || comparePaths(dataSchema, issue.path, best.path) <= 0) {
      const param = formatPath(["msgData", ...issue.path]);
      best = {
        path: issue.path,
        error: issue.code === "MissingParameter" ? ProtocolError.missing(param) : ProtocolError.invalid(param),
      };
    }
  }
  return best?.error;
}

function issueSegs(issue: v.BaseIssue<unknown>): PathSeg[] {
  return (issue.path ?? []).map((item) => item.key as PathSeg);
}

/** Absent or null object member → MissingParameter; anything else (also a null list item) → InvalidParameter. */
function issueError(issue: v.BaseIssue<unknown>, prefix: PathSeg[]): ProtocolError {
  const path = issue.path ?? [];
  const last = path[path.length - 1];
  const param = formatPath([...prefix, ...issueSegs(issue)]);
  const missing = issue.input == null && last !== undefined && last.type === "object";
  return missing ? ProtocolError.missing(param) : ProtocolError.invalid(param);
}

/** `["msgData", "playInfos", 0, "playUrl"]` → `msgData.playInfos[0].playUrl`. */
export function formatPath(segs: readonly PathSeg[]): string {
  let out = "";
  for (const seg of segs) out += typeof seg === "number" ? `[${seg}]` : out === "" ? seg : `.${seg}`;
  return out;
}

type SchemaNode = {
  wrapped?: SchemaNode;
  entries?: Record<string, SchemaNode>;
  item?: SchemaNode;
};

function unwrap(node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  while (current?.wrapped !== undefined) current = current.wrapped;
  return current;
}

/**
 * Pre-order rank of two paths under `schema`: members in the schema's (table) order, list
 * items by index, a container before its contents.
 */
export function comparePaths(schema: v.GenericSchema, a: readonly PathSeg[], b: readonly PathSeg[]): number {
  let node: SchemaNode | undefined = schema as unknown as SchemaNode;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as PathSeg;
    const y = b[i] as PathSeg;
    const container = unwrap(node);
    if (x !== y) {
      if (typeof x === "number" && typeof y === "number") return x - y;
      const keys = Object.keys(container?.entries ?? {});
      const rank = (seg: PathSeg) => {
        const index = typeof seg === "string" ? keys.indexOf(seg) : -1;
        return index === -1 ? Number.MAX_SAFE_INTEGER : index;
      };
      return rank(x) - rank(y) || String(x).localeCompare(String(y));
    }
    node = typeof x === "number" ? container?.item : container?.entries?.[x];
  }
  return a.length - b.length;
}
