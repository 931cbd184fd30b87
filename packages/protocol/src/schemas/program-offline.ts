/**
 * 节目下线消息 (6.7, Table 13; sample B.6): msgType 203.
 */
import * as v from "valibot";
import { INTERFACE_PATHS, MSG_TYPES } from "../msg-types";
import { jsonObject, messageSchema, req } from "./fields";
import { IdArray } from "./id-list";

export const programOfflineEntries = {
  programIds: req(IdArray, "Programs to take offline (内容服务平台的节目 ID): an array of 1–1000 ids, trimmed, duplicates ignored."),
};

export const ProgramOfflineDataSchema = v.pipe(
  jsonObject(programOfflineEntries),
  v.title("ProgramOfflineData (节目下线消息数据, Table 13)"),
  v.description("Unknown members are ignored."),
);

export type ProgramOfflineData = v.InferOutput<typeof ProgramOfflineDataSchema>;

export const ProgramOfflineMessageSchema = messageSchema({
  msgTypes: MSG_TYPES.programOffline,
  msgTypeDescription: "203 take programs offline (下线节目).",
  msgData: ProgramOfflineDataSchema,
  title: "Program offline message (节目下线消息, 6.7 Table 13)",
  path: INTERFACE_PATHS.programOffline,
});

export type ProgramOfflineMessage = v.InferOutput<typeof ProgramOfflineMessageSchema>;
