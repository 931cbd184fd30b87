/**
 * Typed builders of the eight CP → platform messages (100–103, 200–203). Their `msgData` types
 * are the input types of the valibot schemas that validate them on the platform, so a message
 * the compiler accepts has the shape of Tables 2, 3, 6, 9, 10 and 13.
 */
import type * as v from "valibot";
import { INTERFACE_PATHS, type InterfaceName } from "@gyt345/protocol/msg-types";
import type { ProgramInfoSchema } from "@gyt345/protocol/schemas/program-inject";
import type { ProgramOfflineDataSchema } from "@gyt345/protocol/schemas/program-offline";
import type { SeriesInfoSchema } from "@gyt345/protocol/schemas/series-inject";
import type { SeriesOfflineDataSchema } from "@gyt345/protocol/schemas/series-offline";

/** Table 2 (with Table 3's seriesPrograms) as a CP sends it. */
export type SeriesInfoInput = v.InferInput<typeof SeriesInfoSchema>;
/** Table 6. */
export type SeriesOfflineInput = v.InferInput<typeof SeriesOfflineDataSchema>;
/** Table 9 (with Table 10's playInfos). */
export type ProgramInfoInput = v.InferInput<typeof ProgramInfoSchema>;
/** Table 13. */
export type ProgramOfflineInput = v.InferInput<typeof ProgramOfflineDataSchema>;

export interface MsgDataOf {
  seriesInject: SeriesInfoInput;
  seriesOffline: SeriesOfflineInput;
  programInject: ProgramInfoInput;
  programOffline: ProgramOfflineInput;
}

export interface MsgTypeOfIface {
  seriesInject: 100 | 101 | 102;
  seriesOffline: 103;
  programInject: 200 | 201 | 202;
  programOffline: 203;
}

/** A message ready to be signed: the envelope without msgSign, and where it goes. */
export interface CpMessage<I extends InterfaceName = InterfaceName> {
  iface: I;
  path: (typeof INTERFACE_PATHS)[I];
  body: { msgId: string; msgType: MsgTypeOfIface[I]; msgTime: number; msgData: MsgDataOf[I] };
}

export interface EnvelopeOptions {
  /** Defaults to a random UUID. Keep it for a retry by hand: the platform deduplicates by msgId. */
  msgId?: string;
  /** Defaults to now (epoch ms). The platform applies a message only if it is not older than the last one applied. */
  msgTime?: number;
}

function build<I extends InterfaceName>(iface: I, msgType: MsgTypeOfIface[I], msgData: MsgDataOf[I], o: EnvelopeOptions = {}): CpMessage<I> {
  return {
    iface,
    path: INTERFACE_PATHS[iface],
    body: { msgId: o.msgId ?? crypto.randomUUID(), msgType, msgTime: o.msgTime ?? Date.now(), msgData },
  };
}

/** One builder per message type. */
export const messages = {
  /** 100 节目集新增. */
  seriesAdd: (data: SeriesInfoInput, o?: EnvelopeOptions) => build("seriesInject", 100, data, o),
  /** 101 节目集更新. */
  seriesUpdate: (data: SeriesInfoInput, o?: EnvelopeOptions) => build("seriesInject", 101, data, o),
  /** 102 节目集删除. */
  seriesDelete: (data: SeriesInfoInput, o?: EnvelopeOptions) => build("seriesInject", 102, data, o),
  /** 103 节目集下线: ids as an array or a comma-separated string. */
  seriesOffline: (seriesIds: SeriesOfflineInput["seriesIds"], o?: EnvelopeOptions) => build("seriesOffline", 103, { seriesIds }, o),
  /** 200 节目新增. */
  programAdd: (data: ProgramInfoInput, o?: EnvelopeOptions) => build("programInject", 200, data, o),
  /** 201 节目更新. */
  programUpdate: (data: ProgramInfoInput, o?: EnvelopeOptions) => build("programInject", 201, data, o),
  /** 202 节目删除. */
  programDelete: (data: ProgramInfoInput, o?: EnvelopeOptions) => build("programInject", 202, data, o),
  /** 203 节目下线. */
  programOffline: (programIds: ProgramOfflineInput["programIds"], o?: EnvelopeOptions) => build("programOffline", 203, { programIds }, o),
};

const IFACE_OF_TYPE: Record<number, InterfaceName> = {
  100: "seriesInject", 101: "seriesInject", 102: "seriesInject", 103: "seriesOffline",
  200: "programInject", 201: "programInject", 202: "programInject", 203: "programOffline",
};

/**
 * A message from plain JSON (a file, a JSON-lines record): the interface follows msgType;
 * msgId and msgTime are filled in when absent; a msgSign present is dropped (it is re-signed).
 */
export function messageFromJson(json: Record<string, unknown>): CpMessage {
  const msgType = json.msgType;
  const iface = typeof msgType === "number" ? IFACE_OF_TYPE[msgType] : undefined;
  if (iface === undefined) throw new Error(`msgType must be one of ${Object.keys(IFACE_OF_TYPE).join(", ")}`);
  const { msgSign: _ignored, ...rest } = json;
  return {
    iface,
    path: INTERFACE_PATHS[iface],
    body: { msgId: crypto.randomUUID(), msgTime: Date.now(), ...rest } as CpMessage["body"],
  } as CpMessage;
}
