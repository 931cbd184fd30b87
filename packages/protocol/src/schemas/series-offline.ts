/**
 * 节目集下线消息 (6.5, Table 6; sample B.4): msgType 103.
 */
import * as v from "valibot";
import { INTERFACE_PATHS, MSG_TYPES } from "../msg-types";
import { jsonObject, messageSchema, req } from "./fields";
import { IdStringOrArray } from "./id-list";

export const seriesOfflineEntries = {
  seriesIds: req(
    IdStringOrArray,
    "Series to take offline (下线节目集 ID): ids separated by half-width commas (Table 6) or an array of ids (B.4); " +
      "1–1000 ids, trimmed, duplicates ignored.",
  ),
};

export const SeriesOfflineDataSchema = v.pipe(
  jsonObject(seriesOfflineEntries),
  v.title("SeriesOfflineData (节目集下线消息数据, Table 6)"),
  v.description("Unknown members are ignored."),
);

export type SeriesOfflineData = v.InferOutput<typeof SeriesOfflineDataSchema>;

export const SeriesOfflineMessageSchema = messageSchema({
  msgTypes: MSG_TYPES.seriesOffline,
  msgTypeDescription: "103 take series offline (下线节目集).",
  msgData: SeriesOfflineDataSchema,
  title: "Series offline message (节目集下线消息, 6.5 Table 6)",
  path: INTERFACE_PATHS.seriesOffline,
});

export type SeriesOfflineMessage = v.InferOutput<typeof SeriesOfflineMessageSchema>;
