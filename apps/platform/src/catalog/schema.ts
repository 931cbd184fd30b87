/**
 * D1 schema (drizzle). Migrations in `migrations/` are generated from this file with
 * `npm run db:generate`; full-text search objects that drizzle cannot model are added by hand
 * in a later migration.
 *
 * Identity is always (groupId, id): two CPs may use the same seriesId without meeting
 * (profile section 6). Times are epoch milliseconds.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Content platforms (内容服务平台) onboarded by an operator. */
export const cps = sqliteTable(
  "cps",
  {
    groupId: text("group_id").primaryKey(),
    name: text("name").notNull(),
    status: text("status", { enum: ["active", "suspended", "exited"] }).notNull(),
    mode: text("mode", { enum: ["sm2", "mac"] }).notNull(),
    /** SM2 public key, uncompressed `04‖X‖Y` hex (mode sm2). */
    publicKey: text("public_key"),
    /** SM4-MAC secret, AES-256-GCM under the CP_SECRET_KEY Worker secret (mode mac). */
    macSecretEnc: text("mac_secret_enc"),
    /** The CP's emergency-offline interfaces (6.8 series, 6.9 program). */
    seriesOfflineUrl: text("series_offline_url").notNull(),
    programOfflineUrl: text("program_offline_url").notNull(),
    /** How 301 notices encode seriesIds: "string" (Table 16, default) or "array" (B.4). */
    noticeIdFormat: text("notice_id_format", { enum: ["string", "array"] }).notNull().default("string"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("cps_status_idx").on(t.status)],
);

/** Columns shared by series and programs: CP status, platform state and message ordering. */
const contentState = {
  /** The CP's own status (online/offline) as last applied. */
  status: text("status", { enum: ["online", "offline"] }).notNull(),
  /** Soft delete by 102/202: kept for audit, gone for terminals. */
  deleted: integer("deleted", { mode: "boolean" }).notNull().default(false),
  /** Operator emergency offline (紧急下线): wins over whatever the CP sends until lifted. */
  emergencyLocked: integer("emergency_locked", { mode: "boolean" }).notNull().default(false),
  lastMsgId: text("last_msg_id").notNull(),
  /** msgTime of the last message applied; an older message is acknowledged, not applied. */
  lastMsgTime: integer("last_msg_time").notNull(),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
};

/**
 * 节目集 (Table 2). Search columns are plain columns; the whole msgData is kept in `data`.
 * Title substring search uses the FTS5 trigram table of migration 0001 (not modelled here).
 */
export const series = sqliteTable(
  "series",
  {
    /** Stable row id: keys the title full-text index and keyset paging. */
    id: integer("id").primaryKey({ autoIncrement: true }),
    groupId: text("group_id").notNull(),
    seriesId: text("series_id").notNull(),
    title: text("title").notNull(),
    category: text("category").notNull(),
    year: text("year").notNull(),
    /** First of `areas`, the one a console filters on. */
    area: text("area"),
    definition: text("definition", { enum: ["SD", "HD", "4K", "8K"] }).notNull(),
    completed: integer("completed", { mode: "boolean" }).notNull(),
    paid: integer("paid"),
    episodeCount: integer("episode_count"),
    episodeLast: integer("episode_last"),
    vImageUrl: text("v_image_url").notNull(),
    /** Normalised msgData without the episode list (JSON). */
    data: text("data", { mode: "json" }).notNull(),
    ...contentState,
    /** Lower-cased names the console searches (catalog/search.ts), n-gram indexed by migration 0004a. */
    searchText: text("search_text"),
  },
  (t) => [
    uniqueIndex("series_identity_idx").on(t.groupId, t.seriesId),
    // Console search over a million rows: each filter with the update-time order it is paged by.
    index("series_group_updated_idx").on(t.groupId, t.updatedAt),
    index("series_category_updated_idx").on(t.category, t.updatedAt),
    index("series_year_updated_idx").on(t.year, t.updatedAt),
    index("series_area_updated_idx").on(t.area, t.updatedAt),
    index("series_definition_updated_idx").on(t.definition, t.updatedAt),
    index("series_status_updated_idx").on(t.status, t.updatedAt),
    // Covering index of the console's newest-first lists (migration 0004b).
    index("series_console_idx").on(t.updatedAt, t.groupId, t.category, t.year, t.area, t.definition, t.status, t.paid, t.deleted, t.emergencyLocked, t.searchText),
  ],
);

/** A series' episode list (节目集相关节目, Table 3), replaced whole by a series message that carries one. */
export const seriesPrograms = sqliteTable(
  "series_programs",
  {
    groupId: text("group_id").notNull(),
    seriesId: text("series_id").notNull(),
    programId: text("program_id").notNull(),
    title: text("title").notNull(),
    programType: text("program_type", { enum: ["正片", "预告片", "花絮"] }).notNull(),
    seq: integer("seq").notNull(),
    stage: integer("stage"),
    paid: integer("paid"),
    status: text("status", { enum: ["online", "offline"] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.seriesId, t.programId] }),
    index("series_programs_seq_idx").on(t.groupId, t.seriesId, t.seq),
    index("series_programs_program_idx").on(t.groupId, t.programId),
  ],
);

/** 节目 (Table 9) with its playInfos (Table 10). */
export const programs = sqliteTable(
  "programs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    groupId: text("group_id").notNull(),
    programId: text("program_id").notNull(),
    title: text("title").notNull(),
    category: text("category").notNull(),
    area: text("area"),
    definition: text("definition", { enum: ["SD", "HD", "4K", "8K"] }).notNull(),
    seriesId: text("series_id"),
    paid: integer("paid"),
    duration: integer("duration"),
    /** playInfos (Table 10) as JSON: the play redirect picks one by definition. */
    playInfos: text("play_infos", { mode: "json" }).notNull(),
    data: text("data", { mode: "json" }).notNull(),
    ...contentState,
    /** Lower-cased names the console searches (catalog/search.ts), n-gram indexed by migration 0004a. */
    searchText: text("search_text"),
  },
  (t) => [
    uniqueIndex("programs_identity_idx").on(t.groupId, t.programId),
    index("programs_group_updated_idx").on(t.groupId, t.updatedAt),
    index("programs_category_updated_idx").on(t.category, t.updatedAt),
    index("programs_area_updated_idx").on(t.area, t.updatedAt),
    index("programs_definition_updated_idx").on(t.definition, t.updatedAt),
    index("programs_status_updated_idx").on(t.status, t.updatedAt),
    index("programs_series_idx").on(t.groupId, t.seriesId),
    // Covering index of the console's newest-first lists (migration 0004b).
    index("programs_console_idx").on(t.updatedAt, t.groupId, t.seriesId, t.category, t.area, t.definition, t.status, t.paid, t.deleted, t.emergencyLocked, t.searchText),
  ],
);

/**
 * Consumed nonces: the strongly consistent authority against replay (KV is only the fast
 * first check). Inserted in the same batch that applies the message.
 */
export const nonces = sqliteTable(
  "nonces",
  {
    groupId: text("group_id").notNull(),
    nonce: text("nonce").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.nonce] }), index("nonces_expires_idx").on(t.expiresAt)],
);

/** One row per (groupId, msgId) ever accepted: idempotency, also between racing copies. */
export const acceptedMessages = sqliteTable(
  "accepted_messages",
  {
    groupId: text("group_id").notNull(),
    msgId: text("msg_id").notNull(),
    /** SM3 of the JCS form without msgSign: "the same body", whatever the signature's randomness. */
    contentSm3: text("content_sm3").notNull(),
    acceptedAt: integer("accepted_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.msgId] })],
);

/** Every request that reached the four interfaces, accepted or refused (audit). */
export const messageLog = sqliteTable(
  "message_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    receivedAt: integer("received_at").notNull(),
    /** As claimed by the request (may be unknown or malformed-and-dropped). */
    groupId: text("group_id"),
    path: text("path").notNull(),
    nonce: text("nonce"),
    msgId: text("msg_id"),
    msgType: integer("msg_type"),
    httpStatus: integer("http_status").notNull(),
    /** "ok" or the Annex C code. */
    resultCode: text("result_code").notNull(),
    /** The msg answered (Annex C text, or the success note). */
    resultMsg: text("result_msg").notNull(),
    bodySm3: text("body_sm3"),
    /** The raw body, kept for accepted messages only. */
    body: text("body"),
    /** groupId authenticated (`sign` verified), or only claimed by an anonymous request (migration 0002). */
    verified: integer("verified", { mode: "boolean" }).notNull().default(true),
  },
  (t) => [
    index("message_log_received_idx").on(t.receivedAt),
    index("message_log_group_received_idx").on(t.groupId, t.receivedAt),
    index("message_log_msg_idx").on(t.groupId, t.msgId),
    index("message_log_result_received_idx").on(t.resultCode, t.receivedAt),
  ],
);

/** Operator sessions: the cookie carries a random token, the table its SHA-256. */
export const adminSessions = sqliteTable(
  "admin_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    username: text("username").notNull(),
    role: text("role", { enum: ["admin", "operator", "auditor"] }).notNull(),
    csrfToken: text("csrf_token").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("admin_sessions_expires_idx").on(t.expiresAt)],
);

/** Operator actions (CP onboarding, status changes, later emergency offline). */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    detail: text("detail", { mode: "json" }),
    /** Hash chain (catalog/audit.ts): hash = SM3(prevHash ‖ JCS(record)). */
    prevHash: text("prev_hash"),
    hash: text("hash"),
  },
  (t) => [index("audit_log_at_idx").on(t.at), index("audit_log_target_idx").on(t.target, t.at)],
);

/**
 * Refusals before `sign` verified, counted per source, minute, path and Annex C code (migration
 * 0002): anonymous traffic writes at most one row here and one sample message_log row per key.
 */
export const refusedAnonymous = sqliteTable(
  "refused_anonymous",
  {
    /** Start of the minute, epoch ms. */
    minute: integer("minute").notNull(),
    /** cf-connecting-ip, or "unknown". */
    source: text("source").notNull(),
    path: text("path").notNull(),
    resultCode: text("result_code").notNull(),
    count: integer("count").notNull(),
    /** The groupId the minute's first request claimed: unverified. */
    claimedGroupId: text("claimed_group_id"),
    lastAt: integer("last_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.minute, t.source, t.path, t.resultCode] }), index("refused_anonymous_minute_idx").on(t.minute)],
);

export type CpRow = typeof cps.$inferSelect;
export type SeriesRow = typeof series.$inferSelect;
export type ProgramRow = typeof programs.$inferSelect;


/** Emergency offline / lift / CP exit records (紧急下线): who, when, why, which ids (migration 0003). */
export const takedowns = sqliteTable(
  "takedowns",
  {
    id: text("id").primaryKey(),
    action: text("action", { enum: ["takedown", "lift", "exit"] }).notNull(),
    groupId: text("group_id").notNull(),
    seriesIds: text("series_ids", { mode: "json" }).$type<string[]>().notNull(),
    programIds: text("program_ids", { mode: "json" }).$type<string[]>().notNull(),
    unknownSeriesIds: text("unknown_series_ids", { mode: "json" }).$type<string[]>().notNull(),
    unknownProgramIds: text("unknown_program_ids", { mode: "json" }).$type<string[]>().notNull(),
    reason: text("reason").notNull(),
    actor: text("actor").notNull(),
    at: integer("at").notNull(),
    verificationStatus: text("verification_status", { enum: ["pending", "gone", "still-served"] }).notNull().default("pending"),
  },
  (t) => [index("takedowns_at_idx").on(t.at, t.id), index("takedowns_group_at_idx").on(t.groupId, t.at, t.id)],
);

/** Verification of a takedown: per probed URL, when it answered gone (item 6). */
export const takedownChecks = sqliteTable(
  "takedown_checks",
  {
    takedownId: text("takedown_id").notNull(),
    url: text("url").notNull(),
    goneAt: integer("gone_at"),
    lastStatus: integer("last_status"),
    checks: integer("checks").notNull().default(0),
    lastCheckedAt: integer("last_checked_at"),
  },
  (t) => [primaryKey({ columns: [t.takedownId, t.url] })],
);

/**
 * Transactional outbox: 301/302 notices, CDN purges and verification jobs, written in the
 * batch of the change that causes them and sent to the queue after it commits.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["notice", "purge", "verify"] }).notNull(),
    takedownId: text("takedown_id"),
    groupId: text("group_id").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    status: text("status", { enum: ["pending", "sending", "delivered", "failed"] }).notNull().default("pending"),
    /** Bumped by a resend: queue messages of an older generation are dropped. */
    generation: integer("generation").notNull().default(1),
    feedbackCode: text("feedback_code"),
    feedbackMsg: text("feedback_msg"),
    createdAt: integer("created_at").notNull(),
    /** When the queue accepted its message; NULL rows are re-sent by the cron sweep. */
    sentAt: integer("sent_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("outbox_takedown_idx").on(t.takedownId), index("outbox_status_idx").on(t.kind, t.status)],
);

/** Every delivery attempt of an outbox row: time, HTTP status, latency, the answer's code/msg. */
export const outboxAttempts = sqliteTable(
  "outbox_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    outboxId: text("outbox_id").notNull(),
    at: integer("at").notNull(),
    httpStatus: integer("http_status"),
    latencyMs: integer("latency_ms").notNull(),
    code: text("code"),
    msg: text("msg"),
    error: text("error"),
    nonce: text("nonce"),
  },
  (t) => [index("outbox_attempts_outbox_idx").on(t.outboxId, t.id)],
);

export type TakedownRow = typeof takedowns.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type OutboxAttemptRow = typeof outboxAttempts.$inferSelect;
/** Which content an accepted message concerns: the detail pages' message history. */
export const messageContent = sqliteTable(
  "message_content",
  {
    groupId: text("group_id").notNull(),
    kind: text("kind", { enum: ["series", "program"] }).notNull(),
    contentId: text("content_id").notNull(),
    msgId: text("msg_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.kind, t.contentId, t.msgId] })],
);

/** Operator accounts (the ADMIN_USERNAME account of the secrets stays the first admin). */
export const operators = sqliteTable("operators", {
  username: text("username").primaryKey(),
  role: text("role", { enum: ["admin", "operator", "auditor"] }).notNull(),
  /** PBKDF2-SHA256 (WebCrypto) of the password, hex. */
  passwordHash: text("password_hash").notNull(),
  passwordSalt: text("password_salt").notNull(),
  passwordIterations: integer("password_iterations").notNull(),
  disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at").notNull(),
  lastLoginAt: integer("last_login_at"),
});

/** Login attempts per key and window, counted atomically before a password is checked. */
export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    key: text("key").notNull(),
    window: integer("window").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.window] })],
);

export type OperatorRow = typeof operators.$inferSelect;
