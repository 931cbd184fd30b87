/**
 * 节目集注入消息 (6.4, Table 2; sample B.1): msgType 100 add, 101 update, 102 delete.
 */
import * as v from "valibot";
import { INTERFACE_PATHS, MSG_TYPES } from "../msg-types";
import {
  Completed,
  Definition,
  HttpUrl,
  IdString,
  LIMITS,
  LongText,
  messageSchema,
  Paid,
  ReleaseDateString,
  RequiredText,
  ShortTitleString,
  Status,
  StringList,
  Text,
  TitleString,
  UInt,
  YearString,
  boundedArray,
  crossCheck,
  invalidAt,
  isPlainObject,
  jsonObject,
  opt,
  req,
  type CrossIssue,
  type CrossRule,
} from "./fields";
import { SeriesProgramSchema, type SeriesProgram } from "./series-program";

const SeriesProgramList = boundedArray(SeriesProgramSchema, 0, LIMITS.seriesProgramsMax);

/** Members of Table 2's seriesInfo, in the table's order (the order problems are reported in). */
export const seriesInfoEntries = {
  seriesId: req(IdString, "Series ID (节目集唯一 ID). 1–128 characters, no whitespace, control characters or commas."),
  title: req(TitleString, "Title (标题). 1–512 characters."),
  subTitle: opt(ShortTitleString, "Subtitle (子标题). At most 512 characters."),
  enTitle: opt(ShortTitleString, "English title (英文标题). At most 512 characters."),
  vImageUrl: req(HttpUrl, "Portrait poster URL (竖海报 URL): absolute http(s) URL, at most 2048 characters."),
  hImageUrl: opt(HttpUrl, "Landscape poster URL (横海报 URL): absolute http(s) URL, at most 2048 characters."),
  category: req(RequiredText, "Category (分类). 1–4096 characters."),
  subCategorys: opt(StringList, "Subcategories (子分类). At most 200 strings of at most 256 characters."),
  tags: opt(StringList, "Tags (标签). At most 200 strings of at most 256 characters."),
  keywords: opt(StringList, "Plot keywords (剧情关键字). At most 200 strings of at most 256 characters."),
  year: req(YearString, "Year (年代): four digits."),
  genres: opt(StringList, "Genres (题材、类型). At most 200 strings of at most 256 characters."),
  areas: opt(StringList, "Regions (地区). At most 200 strings of at most 256 characters."),
  languages: opt(StringList, "Languages (语言). At most 200 strings of at most 256 characters."),
  releaseDate: opt(ReleaseDateString, "Release date (发行日期), free text of at most 32 characters."),
  runtime: opt(UInt, "Runtime in seconds (节目时长，单位为秒)."),
  definition: req(Definition, "Definition (清晰度): SD, HD, 4K or 8K."),
  score: opt(Text, "Score (评分). At most 4096 characters."),
  summary: opt(LongText, "Summary (简介). At most 65535 characters."),
  description: opt(LongText, "Details (详情). At most 65535 characters."),
  directors: opt(StringList, "Directors (导演). At most 200 strings of at most 256 characters."),
  stars: opt(StringList, "Stars (主演). At most 200 strings of at most 256 characters."),
  writers: opt(StringList, "Writers (编剧). At most 200 strings of at most 256 characters."),
  roles: opt(StringList, "Roles (角色). At most 200 strings of at most 256 characters."),
  hostess: opt(StringList, "Hosts (主持人). At most 200 strings of at most 256 characters."),
  guests: opt(StringList, "Guests (嘉宾). At most 200 strings of at most 256 characters."),
  seasons: opt(UInt, "Season number (第几季)."),
  episodeCount: opt(UInt, "Total number of episodes (总集数)."),
  episodeLast: opt(UInt, "Episodes released so far (更新到第几集)."),
  completed: req(Completed, 'Completed (是否完结): "true"/"false" (Table 2) or a boolean; normalised to a boolean.'),
  license_num: opt(Text, "Distribution licence number (发行许可), e.g. (沪)剧审网字(2015)第 0001 号. At most 4096 characters."),
  paid: opt(Paid, "Paid (是否付费): 0 free (免费), 1 paid (付费)."),
  status: req(Status, "Status (状态): online (在线) or offline (离线)."),
  seriesPrograms: opt(
    SeriesProgramList,
    "The series' programs (节目集相关节目, Table 3): at most 10000, unique programIds, each with this seriesId. " +
      "When present the list replaces the series' episode list.",
  ),
  seriesShows: opt(SeriesProgramList, "Alias of seriesPrograms used by sample B.1; send one or the other, not both."),
};

/**
 * Cross-field rules of a series: `seriesPrograms` and `seriesShows` not both; each item's
 * seriesId equals msgData.seriesId; programIds unique (a repeat is named at its later index).
 */
export const seriesInfoCrossRule: CrossRule = (data) => {
  const issues: CrossIssue[] = [];
  const hasMain = data.seriesPrograms != null;
  const hasAlias = data.seriesShows != null;
  if (hasMain && hasAlias) issues.push(invalidAt("seriesShows"));
  const key = hasMain ? "seriesPrograms" : hasAlias ? "seriesShows" : undefined;
  const list = key === undefined ? undefined : data[key];
  if (key === undefined || !Array.isArray(list)) return issues;
  const seen = new Set<string>();
  list.forEach((item: unknown, index) => {
    if (!isPlainObject(item)) return;
    if (typeof item.programId === "string") {
      if (seen.has(item.programId)) issues.push(invalidAt(key, index, "programId"));
      seen.add(item.programId);
    }
    if (typeof item.seriesId === "string" && item.seriesId !== data.seriesId) issues.push(invalidAt(key, index, "seriesId"));
  });
  return issues;
};

const SeriesInfoWireSchema = jsonObject(seriesInfoEntries);
type SeriesInfoWire = v.InferOutput<typeof SeriesInfoWireSchema>;

/** seriesInfo as the platform uses it: `seriesShows` resolved into `seriesPrograms`. */
export type SeriesInfo = Omit<SeriesInfoWire, "seriesPrograms" | "seriesShows"> & {
  seriesPrograms: SeriesProgram[] | undefined;
};

export const SeriesInfoSchema = v.pipe(
  SeriesInfoWireSchema,
  crossCheck<SeriesInfoWire>(seriesInfoCrossRule),
  v.transform(({ seriesPrograms, seriesShows, ...rest }: SeriesInfoWire): SeriesInfo => ({
    ...rest,
    seriesPrograms: seriesPrograms ?? seriesShows,
  })),
  v.title("SeriesInfo (节目集元数据消息数据, Table 2)"),
  v.description("Series metadata. Unknown members are ignored; optional members may be null."),
);

export const SeriesInjectMessageSchema = messageSchema({
  msgTypes: MSG_TYPES.seriesInject,
  msgTypeDescription: "100 add (新增), 101 update (更新), 102 delete (删除).",
  msgData: SeriesInfoSchema,
  title: "Series injection message (节目集注入消息, 6.4 Table 2)",
  path: INTERFACE_PATHS.seriesInject,
});

export type SeriesInjectMessage = v.InferOutput<typeof SeriesInjectMessageSchema>;
