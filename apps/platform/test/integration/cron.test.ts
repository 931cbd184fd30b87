/** The cron trigger forgets nonces past the window and refused-request logs past retention. */
import { createScheduledController, env } from "cloudflare:test";
import { expect, it } from "vitest";
import worker from "../../src/index";

it("purges expired nonces and old refused log rows, keeps the rest", async () => {
  const now = Date.now();
  const day = 86_400_000;
  // Ids of this run only (the mutation runs load this file more than once against one database).
  const cp = `cron-cp-${crypto.randomUUID()}`;
  const src = `cron-src-${crypto.randomUUID()}`;
  await env.DB.batch([
    env.DB.prepare("INSERT INTO nonces (group_id, nonce, expires_at) VALUES (?3, 'old-nonce-1', ?1), (?3, 'live-nonce-1', ?2)").bind(now - 1000, now + 600_000, cp),
    env.DB.prepare(
      `INSERT INTO message_log (received_at, group_id, path, http_status, result_code, result_msg, body) VALUES
       (?1, ?3, '/x', 400, 'InvalidParameter', 'old refused', NULL),
       (?2, ?3, '/x', 400, 'InvalidParameter', 'recent refused', NULL),
       (?1, ?3, '/x', 200, 'ok', 'old accepted', '{}')`,
    ).bind(now - 31 * day, now - day, cp),
    env.DB.prepare(
      "INSERT INTO refused_anonymous (minute, source, path, result_code, count, last_at) VALUES (?1, ?3, '/x', 'Forbidden', 5, ?1), (?2, ?3, '/x', 'Forbidden', 7, ?2)",
    ).bind(now - 31 * day, now - day, src),
  ]);
  await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "*/10 * * * *" }), env);
  const nonces = await env.DB.prepare("SELECT nonce FROM nonces WHERE group_id = ?").bind(cp).all();
  expect(nonces.results).toEqual([{ nonce: "live-nonce-1" }]);
  const logs = await env.DB.prepare("SELECT result_msg FROM message_log WHERE group_id = ? ORDER BY id").bind(cp).all();
  expect(logs.results).toEqual([{ result_msg: "recent refused" }, { result_msg: "old accepted" }]);
  const counted = await env.DB.prepare("SELECT count FROM refused_anonymous WHERE source = ?").bind(src).all();
  expect(counted.results).toEqual([{ count: 7 }]);
});
