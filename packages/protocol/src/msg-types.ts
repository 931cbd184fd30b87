/**
 * Message types (msgType) per interface, GY/T 345-2021 Tables 2, 6, 9, 13, 16, 19 and
 * profile section 5.
 */
export const MSG_TYPES = {
  /** 6.4 节目集元数据注入: 100 新增, 101 更新, 102 删除. */
  seriesInject: [100, 101, 102],
  /** 6.5 节目集下线. */
  seriesOffline: [103],
  /** 6.6 节目元数据注入: 200 新增, 201 更新, 202 删除. */
  programInject: [200, 201, 202],
  /** 6.7 节目下线. */
  programOffline: [203],
  /** 6.8 节目集紧急下线 (platform → CP). */
  seriesEmergencyOffline: [301],
  /** 6.9 节目紧急下线 (platform → CP). */
  programEmergencyOffline: [302],
} as const;

/** The four CP → platform interfaces whose bodies `parseMessage` validates. */
export type InterfaceName = "seriesInject" | "seriesOffline" | "programInject" | "programOffline";

/** Their paths, chosen by the platform (profile section 5; the standard leaves them open). */
export const INTERFACE_PATHS = {
  seriesInject: "/api/v1/series/inject",
  seriesOffline: "/api/v1/series/offline",
  programInject: "/api/v1/programs/inject",
  programOffline: "/api/v1/programs/offline",
} as const satisfies Record<InterfaceName, string>;

export type MsgTypeOf<K extends keyof typeof MSG_TYPES> = (typeof MSG_TYPES)[K][number];
