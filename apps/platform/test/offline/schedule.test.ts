/** The retry schedule of notices and purges (config.ts): its default spans more than 24 h. */
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_SCHEDULE_SECONDS, loadOfflineConfig } from "../../src/config";

describe("retry schedule", () => {
  it("defaults to ≈10 s, 1 min, 5 min, 30 min, 2 h, then every 6 h, for more than 24 h in all", () => {
    const { retryScheduleSeconds } = loadOfflineConfig({});
    expect(retryScheduleSeconds).toEqual(DEFAULT_RETRY_SCHEDULE_SECONDS);
    expect(retryScheduleSeconds.slice(0, 5)).toEqual([10, 60, 300, 1800, 7200]);
    expect(retryScheduleSeconds.slice(5).every((s) => s === 21_600)).toBe(true);
    expect(retryScheduleSeconds.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(24 * 3600);
  });

  it("is configurable; each delay is capped at the queue's 12 h; nonsense falls back to the default", () => {
    expect(loadOfflineConfig({ NOTICE_RETRY_SCHEDULE: "5, 20,90000" }).retryScheduleSeconds).toEqual([5, 20, 43_200]);
    expect(loadOfflineConfig({ NOTICE_RETRY_SCHEDULE: "soon" }).retryScheduleSeconds).toEqual(DEFAULT_RETRY_SCHEDULE_SECONDS);
    expect(loadOfflineConfig({ CDN_ADAPTER: "akamai" }).cdnAdapter).toBe("none");
    expect(loadOfflineConfig({ NOTICE_TIMEOUT_MS: "x" }).sendTimeoutMs).toBe(10_000);
  });
});
