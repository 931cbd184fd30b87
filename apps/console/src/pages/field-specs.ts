/**
 * The detail pages' field labels: the standard's names (GY/T 345-2021 Tables 2, 3, 9, 10) for the
 * CP's fields, the console's for the platform's. A field the API type gains needs a label here
 * (the compiler checks that every declared field has one).
 */
import type { CpView, EpisodeView, ProgramDetail, SeriesDetail } from "@gyt345/platform/admin/api-types";
import type { FieldSpec } from "../components";
import { t, valueText, type PlainKey } from "../i18n";

const paid = (v: number | null | undefined) => (v === 1 ? t("付费") : v === 0 ? t("免费") : "—");

/** What the platform keeps beside every series and program. */
const STATE_LABELS = {
  groupId: "内容平台标识",
  status: "状态",
  deleted: "已删除",
  emergencyLocked: "紧急下线锁定",
  lastMsgId: "最后消息 ID",
  lastMsgTime: "最后消息时间",
  createdAt: "创建时间",
  updatedAt: "更新时间",
} as const satisfies Record<string, PlainKey>;

/** Table 2 (节目集注入消息). */
export const SERIES_FIELDS: FieldSpec<SeriesDetail> = {
  labels: {
    seriesId: "节目集唯一 ID",
    title: "标题",
    subTitle: "子标题",
    enTitle: "英文标题",
    vImageUrl: "竖海报 URL",
    hImageUrl: "横海报 URL",
    category: "分类",
    subCategorys: "子分类",
    tags: "标签",
    keywords: "剧情关键字",
    year: "年代",
    genres: "题材、类型",
    areas: "地区",
    languages: "语言",
    releaseDate: "发行日期",
    runtime: "节目时长（秒）",
    definition: "清晰度",
    score: "评分",
    summary: "简介",
    description: "详情",
    directors: "导演",
    stars: "主演",
    writers: "编剧",
    roles: "角色",
    hostess: "主持人",
    guests: "嘉宾",
    seasons: "第几季",
    episodeCount: "总集数",
    episodeLast: "更新到第几集",
    completed: "是否完结",
    license_num: "发行许可",
    paid: "是否付费",
    ...STATE_LABELS,
  },
  format: { paid, status: (v) => valueText("content", v) },
};

/** Table 9 (节目注入消息); its playInfos are a table of their own. */
export const PROGRAM_FIELDS: FieldSpec<ProgramDetail> = {
  labels: {
    programId: "节目唯一 ID",
    title: "标题",
    subTitle: "子标题",
    thumbnail: "视频截图 URL（小）",
    bigThumbnail: "视频截图 URL（大）",
    duration: "节目时长（秒）",
    category: "分类",
    tags: "标签",
    keywords: "关键字",
    areas: "地区",
    languages: "语言",
    definition: "清晰度",
    summary: "简介",
    description: "详情",
    seriesId: "所属节目集 ID",
    paid: "是否付费",
    playInfos: "播放信息",
    ...STATE_LABELS,
  },
  format: { paid, status: (v) => valueText("content", v) },
};

/** Table 10 (播放信息): the columns of a program's playInfos. */
export const PLAY_INFO_LABELS = {
  videoId: "视频 ID",
  definition: "清晰度",
  format: "格式",
  playUrl: "视频播放地址",
} as const satisfies Partial<Record<keyof ProgramDetail["playInfos"][number], PlainKey>>;

/** Table 3 (节目集相关节目): the columns of a series' episode list. */
export const EPISODE_LABELS = {
  seq: "顺序号",
  title: "节目标题",
  programType: "节目类型",
  stage: "集数或期数",
  paid: "是否付费",
  status: "状态",
} as const satisfies Partial<Record<keyof EpisodeView, PlainKey>>;

export const CP_FIELDS: FieldSpec<CpView> = {
  labels: {
    groupId: "内容平台标识",
    name: "名称",
    status: "状态",
    mode: "签名方式",
    publicKey: "公钥",
    hasMacSecret: "MAC 密钥",
    seriesOfflineUrl: "节目集下线通知地址",
    programOfflineUrl: "节目下线通知地址",
    noticeIdFormat: "通知 ID 格式",
    createdAt: "创建时间",
    updatedAt: "更新时间",
  },
  format: { status: (v) => valueText("cp", v) },
};
