/**
 * The answers of the admin API (/admin/api) that the operator console reads. Types only, and
 * none of the Worker's: the console (DOM libs) imports this file, and the functions that build
 * these answers declare them as their return types, so one shape binds both sides.
 */
import type { PlayInfo, ProgramInfo, SeriesInfo } from "@gyt345/protocol/schemas";

export type Role = "admin" | "operator" | "auditor";

/** GET /session. */
export interface SessionAnswer {
  username: string;
  role: Role;
}

/** POST /session. */
export interface LoginAnswer extends SessionAnswer {
  csrfToken: string;
}

/** Every failed request, with a conventional HTTP status; `field` names the input at fault. */
export interface ErrorAnswer {
  error: { code: string; message: string; field?: string };
}

/** A cursor-paged list: `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// CPs (GET /cps, GET|PATCH /cps/:groupId, POST /cps)

export type CpStatus = "active" | "suspended" | "exited";

/** What an operator sees of a CP: never the MAC secret. */
export interface CpView {
  groupId: string;
  name: string;
  status: CpStatus;
  mode: "sm2" | "mac";
  publicKey: string | null;
  hasMacSecret: boolean;
  seriesOfflineUrl: string;
  programOfflineUrl: string;
  noticeIdFormat: "string" | "array";
  createdAt: number;
  updatedAt: number;
}

export interface CpListAnswer {
  cps: CpView[];
}

/** The MAC secret appears in this answer only. */
export interface OnboardAnswer {
  groupId: string;
  mode: "sm2" | "mac";
  macSecret?: string;
  platformPublicKey: string;
}

// Content (GET /series, /programs and their details)

export type ContentStatus = "online" | "offline";
export type Definition = "SD" | "HD" | "4K" | "8K";
export type ProgramType = "正片" | "预告片" | "花絮";

/** A search row, straight from SQL: the flags are the 0/1 integers SQLite stores. */
interface SearchRow {
  groupId: string;
  title: string;
  category: string;
  area: string | null;
  definition: Definition;
  status: ContentStatus;
  deleted: number;
  emergencyLocked: number;
  paid: number | null;
  updatedAt: number;
}

export interface SeriesSearchItem extends SearchRow {
  seriesId: string;
  year: string;
  episodeCount: number | null;
  vImageUrl: string;
}

export interface ProgramSearchItem extends SearchRow {
  programId: string;
  seriesId: string | null;
  duration: number | null;
}

/** `total` is exact unless `totalIsEstimate`, then it is a lower bound. */
export interface SearchAnswer<T extends SeriesSearchItem | ProgramSearchItem> extends Page<T> {
  total: number;
  totalIsEstimate: boolean;
}

/** What the platform keeps beside the CP's fields. */
export interface ContentState {
  status: ContentStatus;
  deleted: boolean;
  emergencyLocked: boolean;
  lastMsgId: string;
  lastMsgTime: number;
  createdAt: number;
  updatedAt: number;
}

/** The series' fields as the CP sent them (Table 2, without the episode list), and its state. */
export type SeriesDetail = Omit<SeriesInfo, "seriesPrograms"> & ContentState & { groupId: string };

/** The program's fields as the CP sent them (Table 9) with its playInfos (Table 10), and its state. */
export type ProgramDetail = Omit<ProgramInfo, "playInfos" | "seriesProgram"> & ContentState & { groupId: string; playInfos: PlayInfo[] };

/** One entry of a series' episode list (Table 3). */
export interface EpisodeView {
  programId: string;
  title: string;
  programType: ProgramType;
  seq: number;
  stage: number | null;
  paid: number | null;
  status: ContentStatus;
}

/** A message-log row (never the raw body). */
export interface MessageView {
  id: number;
  receivedAt: number;
  groupId: string | null;
  verified: boolean | null;
  path: string;
  nonce: string | null;
  msgId: string | null;
  msgType: number | null;
  httpStatus: number;
  resultCode: string;
  resultMsg: string;
}

export interface SeriesDetailAnswer {
  series: SeriesDetail;
  episodes: EpisodeView[];
  messages: MessageView[];
  takedowns: TakedownHistoryItem[];
}

export interface ProgramDetailAnswer {
  program: ProgramDetail;
  series: { groupId: string; seriesId: string; title: string } | null;
  messages: MessageView[];
  takedowns: TakedownHistoryItem[];
}

// Emergency offline (POST /emergency-offline[/lift], GET /takedowns[/:id])

export type TakedownAction = "takedown" | "lift" | "exit";
export type OutboxStatus = "pending" | "sending" | "delivered" | "failed";
/** The worst status of a takedown's notices (or purges); "none" when it has none. */
export type OutboxSummary = OutboxStatus | "none";
export type VerificationStatus = "pending" | "gone" | "still-served";

export interface TakedownAnswer {
  takedownId: string;
  takenDown: { seriesIds: string[]; programIds: string[] };
  unknown: { seriesIds: string[]; programIds: string[] };
  notices: { id: string; kind: "301" | "302"; status: string }[];
  purges: { id: string; status: string }[];
}

export interface TakedownListItem {
  id: string;
  action: "takedown" | "lift";
  groupId: string;
  seriesIds: string[];
  programIds: string[];
  reason: string;
  actor: string;
  at: number;
  noticeStatus: OutboxSummary;
  purgeStatus: OutboxSummary;
  verification: { status: VerificationStatus };
}

/** A takedown in a series' or program's history: CP exits too, and no outbox summaries. */
export interface TakedownHistoryItem extends Omit<TakedownListItem, "action" | "noticeStatus" | "purgeStatus"> {
  action: TakedownAction;
  noticeStatus: OutboxSummary | null;
  purgeStatus: OutboxSummary | null;
}

/** One delivery attempt of a notice or purge. */
export interface AttemptView {
  at: number;
  httpStatus: number | null;
  latencyMs: number;
  code: string | null;
  msg: string | null;
  error: string | null;
  nonce: string | null;
}

export interface NoticeView {
  id: string;
  kind: "301" | "302";
  msgId: string;
  url: string;
  ids: string[];
  status: OutboxStatus;
  feedback: { code: string | null; msg: string | null } | null;
  attempts: AttemptView[];
}

export interface PurgeView {
  id: string;
  adapter: string;
  targets: { urls: string[]; tags: string[]; prefixes: string[] };
  status: OutboxStatus;
  attempts: AttemptView[];
}

export interface TakedownDetailAnswer extends Omit<TakedownListItem, "noticeStatus" | "purgeStatus" | "verification"> {
  unknown: { seriesIds: string[]; programIds: string[] };
  notices: NoticeView[];
  purges: PurgeView[];
  verification: { status: VerificationStatus; urls: { url: string; goneAt: number | null; lastStatus: number | null; checks: number }[] };
}

// Dashboard (GET /stats)

export interface StateCounts {
  online: number;
  offline: number;
  deleted: number;
  locked: number;
}

export interface StatsAnswer {
  /** Every onboarded CP, and any groupId with content but no CP row (name and status null). */
  contentByCp: { groupId: string; name: string | null; status: string | null; series: StateCounts; programs: StateCounts }[];
  /** `hour`: epoch ms of the hour's start. */
  messagesPerHour: { hour: number; resultCode: string; count: number }[];
  notices: { pending: number; failed: number; delivered: number };
  takedowns: { total: number; last24h: number };
}

// Audit (GET /audit, /audit/verify)

export interface AuditItem {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  detail: unknown;
  hash: string | null;
}

/** `unchained`: records written before the chain existed (migration 0004a), when there are any. */
export type AuditVerifyAnswer = { ok: true; count: number; unchained?: number } | { ok: false; count: number; brokenAt: { id: number; reason: string } };

// Operators (GET /operators)

export interface OperatorView {
  username: string;
  role: Role;
  disabled: boolean;
  /** Null for the built-in admin (the Worker's secrets, not a D1 row). */
  createdAt: number | null;
  lastLoginAt: number | null;
  builtIn: boolean;
}

export interface OperatorListAnswer {
  items: OperatorView[];
}
