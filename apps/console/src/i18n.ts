/**
 * zh-CN by default, English on request; the choice persists in localStorage. Keys are whole
 * Chinese texts (never sentences glued from pieces); `{name}` marks a value that
 * `t(key, { name })` fills in. The compiler checks that `t()` gets only keys with an English
 * entry, the values each key names, and that an English text has its key's placeholders.
 */
import type { ContentStatus, CpStatus, OutboxSummary, ProgramType, Role, TakedownAction, VerificationStatus } from "@gyt345/platform/admin/api-types";

const EN = {
  // Shell and sign-in
  "节目集成系统": "Program Integration System",
  "运营控制台": "Operator console",
  "登录": "Sign in",
  "用户名": "Username",
  "密码": "Password",
  "退出登录": "Sign out",
  "仪表盘": "Dashboard",
  "内容平台": "Content platforms",
  "节目集": "Series",
  "节目": "Programs",
  "节目监看": "Monitoring wall",
  "下线记录": "Takedowns",
  "消息日志": "Message log",
  "审计日志": "Audit log",
  "操作员管理": "Operators",
  "没有找到该页面": "No such page",

  // Shared states
  "加载中…": "Loading…",
  "暂无数据": "No data",
  "出错了": "Error",
  "无权限": "Not allowed",
  "重试": "Retry",
  "没有找到请求的内容": "Not found",
  "没有找到该节目集": "This series was not found",
  "没有找到该节目": "This program was not found",
  "没有找到该内容平台": "This content platform was not found",
  "没有找到该下线记录": "This takedown was not found",
  "下一页": "Next page",
  "上一页": "Previous page",
  "首页": "First page",
  "是": "Yes",
  "否": "No",

  // Search
  "搜索": "Search",
  "关键词": "Keyword",
  "全部": "All",
  "分类": "Category",
  "年份": "Year",
  "地区": "Area",
  "清晰度": "Definition",
  "状态": "Status",
  "付费": "Paid",
  "免费": "Free",
  "已锁定": "Locked",
  "已删除": "Deleted",
  "更新起": "Updated from",
  "更新止": "Updated to",
  "排序": "Sort",
  "更新时间": "Updated",
  "标题": "Title",
  "降序": "Descending",
  "升序": "Ascending",
  "共 {n} 条": "{n} items",
  "至少 {n} 条": "At least {n} items",
  "已选 {n} 项": "{n} selected",
  "全选": "Select all",
  "海报": "Poster",
  "集数": "Episodes",
  "时长": "Duration",
  "内容平台标识": "Group ID",
  "节目集标识": "Series ID",
  "加入监看": "Add to wall",
  "已加入监看 {n} 路": "Added {n} to the wall",

  // Takedown dialog
  "紧急下线": "Take down",
  "解除下线": "Lift takedown",
  "紧急下线 {n} 项": "Take down {n} items",
  "解除下线 {n} 项": "Lift the takedown of {n} items",
  "节目集 {n} 个": "{n} series",
  "节目 {n} 个": "{n} programs",
  "每次最多 100 项": "At most 100 items at a time",
  "下线原因（必填）": "Reason (required)",
  "我确认对以下内容执行操作": "I confirm this action on the content below",
  "确认紧急下线": "Confirm the takedown",
  "确认解除下线": "Confirm the lift",
  "下一步": "Next",
  "返回": "Back",
  "取消": "Cancel",
  "关闭": "Close",
  "操作结果": "Result",
  "已下线的": "Taken down",
  "未知的": "Unknown",
  "通知": "Notices",

  // CPs
  "名称": "Name",
  "签名方式": "Signature mode",
  "创建时间": "Created",
  "接入内容平台": "Onboard a CP",
  "已接入内容平台 {groupId}": "Onboarded CP {groupId}",
  "内容平台 {groupId}": "Content platform {groupId}",
  "公钥": "Public key",
  "MAC 密钥": "MAC secret",
  "节目集下线通知地址": "Series-offline URL",
  "节目下线通知地址": "Program-offline URL",
  "通知 ID 格式": "Notice id format",
  "提交": "Submit",
  "MAC 密钥（仅显示一次，请立即保存）": "MAC secret (shown once — save it now)",
  "平台公钥": "Platform public key",
  "暂停": "Suspend",
  "恢复": "Reactivate",
  "退出": "Exit",
  "确认让该内容平台退出？": "Really retire this CP?",

  // Dashboard
  "待发送的通知": "Notices pending",
  "发送失败的通知": "Notices failed",
  "已送达的通知": "Notices delivered",
  "下线总数": "Takedowns total",
  "近 24 小时下线数": "Takedowns in the last 24 h",
  "各内容平台内容": "Content by CP",
  "每小时消息（按结果码）": "Messages per hour by result code",
  "在线节目": "Programs online",
  "离线节目": "Programs offline",
  "已锁定节目": "Programs locked",
  "在线节目集": "Series online",
  "离线节目集": "Series offline",
  "节目集（在线 / 离线 / 已删除 / 已锁定）": "Series (online / offline / deleted / locked)",
  "节目（在线 / 离线 / 已删除 / 已锁定）": "Programs (online / offline / deleted / locked)",

  // Detail pages; the CP's fields under the standard's names (Tables 2, 3, 9, 10)
  "基本信息": "Details",
  "节目集相关节目": "Programs of the series",
  "播放信息": "Play infos",
  "播放": "Play",
  "停止": "Stop",
  "播放地址无效": "Invalid play URL",
  "所属节目集": "Series",
  "消息记录": "Messages",
  "下线历史": "Takedown history",
  "节目集唯一 ID": "Series ID",
  "节目唯一 ID": "Program ID",
  "子标题": "Subtitle",
  "英文标题": "English title",
  "竖海报 URL": "Portrait poster URL",
  "横海报 URL": "Landscape poster URL",
  "子分类": "Subcategories",
  "标签": "Tags",
  "剧情关键字": "Plot keywords",
  "关键字": "Keywords",
  "年代": "Year",
  "题材、类型": "Genres",
  "语言": "Languages",
  "发行日期": "Release date",
  "节目时长（秒）": "Duration (s)",
  "评分": "Score",
  "简介": "Summary",
  "详情": "Description",
  "导演": "Directors",
  "主演": "Stars",
  "编剧": "Writers",
  "角色": "Role",
  "主持人": "Hosts",
  "嘉宾": "Guests",
  "第几季": "Season",
  "总集数": "Episode count",
  "更新到第几集": "Latest episode",
  "是否完结": "Completed",
  "发行许可": "Licence number",
  "是否付费": "Paid",
  "视频截图 URL（小）": "Thumbnail URL",
  "视频截图 URL（大）": "Large thumbnail URL",
  "所属节目集 ID": "Series ID",
  "顺序号": "Seq",
  "节目标题": "Program title",
  "节目类型": "Program type",
  "集数或期数": "Episode or issue",
  "视频 ID": "Video ID",
  "格式": "Format",
  "视频播放地址": "Play URL",
  "紧急下线锁定": "Emergency lock",
  "最后消息 ID": "Last message ID",
  "最后消息时间": "Last message time",

  // Takedowns
  "下线记录 {id}": "Takedown {id}",
  "操作": "Action",
  "原因": "Reason",
  "操作人": "Actor",
  "时间": "Time",
  "通知状态": "Notice status",
  "清除状态": "Purge status",
  "核验": "Verification",
  "核验结果": "Verification",
  "尝试记录": "Attempts",
  "重新发送": "Resend",
  "缓存清除": "Purges",
  "送达情况": "Delivery",
  "编号": "ID",
  "类型": "Type",
  "通知地址": "Notice URL",
  "CDN 适配器": "CDN adapter",
  "清除对象": "Purge targets",
  "地址": "URL",
  "失效时间": "Gone at",
  "最后 HTTP 状态": "Last HTTP status",
  "检查次数": "Checks",
  "耗时（毫秒）": "Latency (ms)",
  "错误": "Error",

  // Message log and audit
  "接收时间": "Received",
  "已验签": "Verified",
  "路径": "Path",
  "消息类型": "Message type",
  "结果码": "Result code",
  "结果信息": "Result message",
  "消息 ID": "Message ID",
  "起": "From",
  "止": "To",
  "对象": "Target",
  "内容": "Detail",
  "哈希": "Hash",
  "校验审计链": "Verify audit chain",
  "审计链完整（{count} 条记录）": "Audit chain intact ({count} records)",
  "审计链断裂于第 {id} 条：{reason}（此前 {count} 条完整）": "Audit chain broken at record {id}: {reason} ({count} intact before it)",

  // Operators
  "已停用": "Disabled",
  "已启用": "Active",
  "最后登录": "Last login",
  "新建操作员": "New operator",
  "停用": "Disable",
  "启用": "Enable",
  "重置密码": "Reset password",
  "新密码": "New password",
  "保存": "Save",

  // Monitoring wall
  "监看画面 {n}/{max} 路": "Streams {n}/{max}",
  "移除": "Remove",
  "清空": "Clear",
  "节目标识": "Program ID",
  "添加": "Add",
  "无可播放地址": "No playable URL",

  // The API's enum values (VALUES below)
  "在线": "Online",
  "离线": "Offline",
  "已暂停": "Suspended",
  "已退出": "Exited",
  "下线": "Takedown",
  "内容平台退出": "CP exit",
  "待发送": "Pending",
  "发送中": "Sending",
  "已送达": "Delivered",
  "发送失败": "Failed",
  "无": "None",
  "核验中": "Verifying",
  "已失效": "Gone",
  "仍可访问": "Still served",
  "管理员": "Admin",
  "操作员": "Operator",
  "审计员": "Auditor",
  "正片": "Feature",
  "预告片": "Trailer",
  "花絮": "Extras",
} as const;

export type TextKey = keyof typeof EN;

type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** Keys without placeholders: labels, headings, whole sentences. */
export type PlainKey = { [K in TextKey]: [Placeholders<K>] extends [never] ? K : never }[TextKey];

type Vars<K extends string> = [Placeholders<K>] extends [never] ? [] : [vars: Record<Placeholders<K>, string | number>];

/** An English text whose placeholders differ from its key's does not compile. */
type SamePlaceholders<T extends Record<string, string>> = {
  [K in keyof T & string]: [Placeholders<K>] extends [Placeholders<T[K]>] ? ([Placeholders<T[K]>] extends [Placeholders<K>] ? T[K] : never) : never;
};
EN satisfies SamePlaceholders<typeof EN>;

/** The enum values the API answers, per enum (a value the console does not know is shown as it is). */
const VALUES = {
  content: { online: "在线", offline: "离线" } satisfies Record<ContentStatus, PlainKey>,
  cp: { active: "已启用", suspended: "已暂停", exited: "已退出" } satisfies Record<CpStatus, PlainKey>,
  action: { takedown: "下线", lift: "解除下线", exit: "内容平台退出" } satisfies Record<TakedownAction, PlainKey>,
  outbox: { pending: "待发送", sending: "发送中", delivered: "已送达", failed: "发送失败", none: "无" } satisfies Record<OutboxSummary, PlainKey>,
  verification: { pending: "核验中", gone: "已失效", "still-served": "仍可访问" } satisfies Record<VerificationStatus, PlainKey>,
  role: { admin: "管理员", operator: "操作员", auditor: "审计员" } satisfies Record<Role, PlainKey>,
  programType: { 正片: "正片", 预告片: "预告片", 花絮: "花絮" } satisfies Record<ProgramType, PlainKey>,
};
export type ValueKind = keyof typeof VALUES;

export type Lang = "zh" | "en";
const LANG_KEY = "gyt345.lang";

export let lang: Lang = ((): Lang => {
  try {
    return localStorage.getItem(LANG_KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh";
  }
})();

export function setLang(next: Lang): void {
  lang = next;
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    /* private mode */
  }
  document.documentElement.lang = next === "en" ? "en" : "zh-CN";
}

/** The text of `key` in the current language, `{name}` filled from `vars` (as text, in one pass). */
export function t<K extends TextKey>(key: K, ...vars: Vars<K>): string {
  const text: string = lang === "en" ? EN[key] : key;
  const values: Record<string, string | number> | undefined = vars[0];
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

/** An enum value of the API in the current language; unknown values as they are, none as "—". */
export function valueText(kind: ValueKind, value: string | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const keys: Record<string, PlainKey> = VALUES[kind];
  return Object.hasOwn(keys, value) ? t(keys[value]!) : value;
}

export function fmtTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  return new Date(ms).toLocaleString(lang === "en" ? "en-GB" : "zh-CN", { hour12: false });
}
