/**
 * 节目注入消息 (6.6, Tables 9 and 10; sample B.5): msgType 200 add, 201 update, 202 delete.
 */
import * as v from "valibot";
import { INTERFACE_PATHS, MSG_TYPES } from "../msg-types";
import {
  Definition,
  HttpUrl,
  IdString,
  LIMITS,
  LongText,
  messageSchema,
  Paid,
  RequiredText,
  ShortTitleString,
  Status,
  StringList,
  Text,
  TitleString,
  UInt,
  boundedArray,
  crossCheck,
  invalidAt,
  isPlainObject,
  jsonObject,
  missingAt,
  opt,
  req,
  type CrossIssue,
  type CrossRule,
} from "./fields";
import { SeriesProgramSchema, type SeriesProgram } from "./series-program";

/** 播放信息 (Table 10). */
export const PlayInfoSchema = v.pipe(
  jsonObject({
    videoId: req(IdString, "Video ID (视频 ID). 1–128 characters, no whitespace, control characters or commas."),
    definition: req(Definition, "Definition (清晰度): SD, HD, 4K or 8K."),
    videoBitrate: opt(Text, "Video bitrate (视频码率)."),
    fps: opt(Text, "Frame rate (帧率)."),
    width: opt(Text, "Video width (视频宽)."),
    height: opt(Text, "Video height (视频高)."),
    audioBitrate: opt(Text, "Audio bitrate (音频码率)."),
    sampleRate: opt(Text, "Audio sample rate (音频采样率)."),
    format: opt(Text, "Format (格式)."),
    playUrl: req(HttpUrl, "Play URL (视频播放地址): absolute http(s) URL, at most 2048 characters."),
  }),
  v.title("PlayInfo (播放信息, Table 10)"),
  v.description("One playable rendition of the program."),
);

export type PlayInfo = v.InferOutput<typeof PlayInfoSchema>;

/** Members of Table 9's message data, in the table's order (the order problems are reported in). */
export const programInfoEntries = {
  programId: req(IdString, "Program ID (节目唯一 ID). 1–128 characters, no whitespace, control characters or commas."),
  title: req(TitleString, "Title (标题). 1–512 characters."),
  subTitle: opt(ShortTitleString, "Subtitle (子标题). At most 512 characters."),
  thumbnail: opt(HttpUrl, "Small screenshot URL (视频截图 URL（小）): absolute http(s) URL."),
  bigThumbnail: opt(HttpUrl, "Large screenshot URL (视频截图 URL（大）): absolute http(s) URL."),
  duration: opt(UInt, "Duration in seconds (节目时长，单位为秒)."),
  category: req(RequiredText, "Category (分类). 1–4096 characters."),
  tags: opt(StringList, "Tags (标签). At most 200 strings of at most 256 characters."),
  keywords: opt(StringList, "Keywords (关键字). At most 200 strings of at most 256 characters."),
  areas: opt(StringList, "Regions (地区). At most 200 strings of at most 256 characters."),
  languages: opt(StringList, "Languages (语言). At most 200 strings of at most 256 characters."),
  definition: req(Definition, "Definition (清晰度): SD, HD, 4K or 8K."),
  summary: opt(LongText, "Summary (简介). At most 65535 characters."),
  description: opt(LongText, "Details (详情). At most 65535 characters."),
  seriesId: opt(IdString, "Series the program belongs to (所属节目集 ID). When present, seriesPrograms is required."),
  paid: opt(Paid, "Paid (是否付费): 0 free (免费), 1 paid (付费)."),
  status: req(Status, "Status (状态): online (在线) or offline (离线)."),
  playInfos: req(
    boundedArray(PlayInfoSchema, LIMITS.playInfosMin, LIMITS.playInfosMax),
    "Play information (播放信息, Table 10): 1–32 items.",
  ),
  seriesPrograms: opt(
    SeriesProgramSchema,
    "The program's place in its series (节目集相关节目, Table 3), a single object. Required when seriesId is present " +
      "(属于节目集时必填); its programId and seriesId must equal this message's.",
  ),
  seriesShow: opt(SeriesProgramSchema, "Alias of seriesPrograms used by sample B.5; send one or the other, not both."),
};

/**
 * Cross-field rules of a program: `seriesPrograms` and `seriesShow` not both; required when
 * seriesId is present; its programId equals msgData.programId and its seriesId msgData.seriesId
 * (so a relation without msgData.seriesId is refused at its seriesId).
 */
export const programInfoCrossRule: CrossRule = (data) => {
  const issues: CrossIssue[] = [];
  const hasMain = data.seriesPrograms != null;
  const hasAlias = data.seriesShow != null;
  if (!hasMain && !hasAlias) {
    if (data.seriesId != null) issues.push(missingAt("seriesPrograms"));
    return issues;
  }
  if (hasMain && hasAlias) issues.push(invalidAt("seriesShow"));
  const key = hasMain ? "seriesPrograms" : "seriesShow";
  const relation = data[key];
  if (!isPlainObject(relation)) return issues;
  if (typeof relation.programId === "string" && relation.programId !== data.programId) issues.push(invalidAt(key, "programId"));
  if (typeof relation.seriesId === "string" && relation.seriesId !== (data.seriesId ?? undefined))
    issues.push(invalidAt(key, "seriesId"));
  return issues;
};

const ProgramInfoWireSchema = jsonObject(programInfoEntries);
type ProgramInfoWire = v.InferOutput<typeof ProgramInfoWireSchema>;

/** Program data as the platform uses it: `seriesPrograms`/`seriesShow` resolved into `seriesProgram`. */
export type ProgramInfo = Omit<ProgramInfoWire, "seriesPrograms" | "seriesShow"> & {
  seriesProgram: SeriesProgram | undefined;
};

export const ProgramInfoSchema = v.pipe(
  ProgramInfoWireSchema,
  crossCheck<ProgramInfoWire>(programInfoCrossRule),
  v.transform(({ seriesPrograms, seriesShow, ...rest }: ProgramInfoWire): ProgramInfo => ({
    ...rest,
    seriesProgram: seriesPrograms ?? seriesShow,
  })),
  v.title("ProgramInfo (节目注入消息数据, Table 9)"),
  v.description("Program metadata. Unknown members are ignored; optional members may be null."),
);

export const ProgramInjectMessageSchema = messageSchema({
  msgTypes: MSG_TYPES.programInject,
  msgTypeDescription: "200 add (新增), 201 update (更新), 202 delete (删除).",
  msgData: ProgramInfoSchema,
  title: "Program injection message (节目注入消息, 6.6 Table 9)",
  path: INTERFACE_PATHS.programInject,
});

export type ProgramInjectMessage = v.InferOutput<typeof ProgramInjectMessageSchema>;
