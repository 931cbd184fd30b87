/**
 * Emergency offline end to end inside workerd (issue 11 items 1–4): the admin API takes content
 * down in one batch, terminals see 404 at once, the lock outlives CP messages, the consumer
 * delivers signed 301/302 notices with retries, dead letters, resend, and the outbox sweep.
 */
import { createScheduledController, env, SELF } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { msgSignInput, requestStringToSign, sm3Hex, verifySignature, type Credential } from "@gyt345/protocol/crypto";
import type { TakedownAnswer, TakedownDetailAnswer as Detail } from "../../src/admin/api-types";
import { platformPublicKey } from "../../src/offline/platform-key";
import { loginAdmin, ORIGIN, PATHS, plantSession, seriesMessage, uniqueGroupId } from "../helpers/platform";
import { adminCall, consume, fakeRemote, forCp, outboxRows, pushContent, terminal, testEnv, type Captured } from "../offline/harness";

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** Checks a captured notice as a CP would (profile section 3): `sign` over the request, msgSign over the JCS body. */
function verifiesAs(req: Captured, cred: Credential, groupId: string): boolean {
  const q = req.url.searchParams;
  expect(q.get("groupId")).toBe(groupId);
  const signed = requestStringToSign({ path: req.url.pathname, groupId, nonce: q.get("nonce")!, ts: q.get("ts")!, bodySm3: sm3Hex(req.body) });
  const body = JSON.parse(req.body) as Record<string, unknown>;
  return verifySignature(cred, signed, q.get("sign")!) && verifySignature(cred, msgSignInput(body), body.msgSign as string);
}

describe("emergency offline", () => {
  it("a series takedown: 404 for the series, its episodes and their play redirects in the very next request; the lock holds against a CP online message; lift restores", async () => {
    const c = await pushContent();
    // Warm the Worker cache first: the takedown must evict it.
    expect((await terminal(`/api/v1/terminal/series/${c.groupId}/${c.seriesId}`)).status).toBe(200);
    expect((await terminal(`/api/v1/terminal/programs/${c.groupId}/${c.episodes[0]}`)).status).toBe(200);
    expect((await terminal(`/play/${c.groupId}/${c.episodes[0]}`)).status).toBe(302);

    const t = testEnv();
    const res = await adminCall(c.admin, t.env, "POST", "/emergency-offline", { groupId: c.groupId, seriesIds: [c.seriesId, "S-nope"], reason: "regulator order 2026-17" });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as TakedownAnswer;
    expect(answer.takenDown).toEqual({ seriesIds: [c.seriesId], programIds: [] });
    expect(answer.unknown).toEqual({ seriesIds: ["S-nope"], programIds: [] });
    expect(answer.notices).toEqual([{ id: expect.any(String), kind: "301", status: "pending" }]);
    expect(answer.purges).toHaveLength(1);

    expect((await terminal(`/api/v1/terminal/series/${c.groupId}/${c.seriesId}`)).status).toBe(404);
    expect((await terminal(`/api/v1/terminal/programs/${c.groupId}/${c.episodes[0]}`)).status).toBe(404);
    expect((await terminal(`/play/${c.groupId}/${c.episodes[0]}`)).status).toBe(404);
    expect((await terminal(`/api/v1/terminal/programs/${c.groupId}/${c.standalone}`)).status).toBe(200);

    // The CP says online again: accepted, and still gone.
    expect((await c.cp.post(PATHS.seriesInject, seriesMessage({ seriesId: c.seriesId, status: "online" }))).status).toBe(200);
    expect((await terminal(`/api/v1/terminal/series/${c.groupId}/${c.seriesId}`)).status).toBe(404);

    // One batch wrote the record, the audit entry and the outbox rows; the queue got their messages.
    const detail = (await (await c.admin.call("GET", `/takedowns/${answer.takedownId}`)).json()) as Detail;
    expect(detail.reason).toBe("regulator order 2026-17");
    expect(detail.actor).toBe("admin");
    expect(detail.unknown.seriesIds).toEqual(["S-nope"]);
    const audit = await env.DB.prepare("SELECT action, detail FROM audit_log WHERE target = ? AND action = 'emergency-offline'").bind(`cp:${c.groupId}`).all<{ detail: string }>();
    expect(JSON.parse(audit.results[0]!.detail)).toMatchObject({ takedownId: answer.takedownId, reason: "regulator order 2026-17", seriesIds: [c.seriesId] });
    expect(t.notices.bodies.map((b) => (b as { kind: string }).kind).sort()).toEqual(["notice", "purge", "verify"]);
    expect((await outboxRows(c.groupId, "notice")).every((r) => r.sent_at !== null)).toBe(true);

    const lift = await adminCall(c.admin, t.env, "POST", "/emergency-offline/lift", { groupId: c.groupId, seriesIds: [c.seriesId], reason: "order withdrawn" });
    expect(lift.status).toBe(200);
    expect(((await lift.json()) as TakedownAnswer).notices).toEqual([]);
    expect((await terminal(`/api/v1/terminal/series/${c.groupId}/${c.seriesId}`)).status).toBe(200);
    expect((await terminal(`/api/v1/terminal/programs/${c.groupId}/${c.episodes[0]}`)).status).toBe(200);

    const list = (await (await c.admin.call("GET", `/takedowns?groupId=${c.groupId}`)).json()) as { items: { action: string; id: string }[]; nextCursor: string | null };
    expect(list.items.map((i) => i.action)).toEqual(["lift", "takedown"]);
    const page1 = (await (await c.admin.call("GET", `/takedowns?groupId=${c.groupId}&limit=1`)).json()) as { items: { id: string }[]; nextCursor: string };
    const page2 = (await (await c.admin.call("GET", `/takedowns?groupId=${c.groupId}&limit=1&cursor=${page1.nextCursor}`)).json()) as { items: { id: string }[]; nextCursor: string | null };
    expect([...page1.items, ...page2.items].map((i) => i.id)).toEqual(list.items.map((i) => i.id));
    expect(page2.nextCursor).toBeNull();
  });

  it("the consumer's 301 (sm2, seriesIds a comma-separated string) and 302 (programIds an array) verify with the platform key; msgId fixed, nonce fresh", async () => {
    const c = await pushContent("sm2");
    const t = testEnv();
    const res = await adminCall(c.admin, t.env, "POST", "/emergency-offline", { groupId: c.groupId, seriesIds: [c.seriesId], programIds: [c.standalone, c.episodes[1]!], reason: "r" });
    expect(((await res.json()) as TakedownAnswer).notices.map((n) => n.kind).sort()).toEqual(["301", "302"]);
    const cp = fakeRemote(() => ({ json: { code: "ok", msg: "success" } }), forCp(c.groupId));
    restore = cp.restore;
    await consume(t.env, t.notices.bodies.filter((b) => (b as { kind: string }).kind === "notice"));
    expect(cp.calls).toHaveLength(2);
    const platform: Credential = { mode: "sm2", publicKey: platformPublicKey(env.PLATFORM_SM2_PRIVATE_KEY) };
    const byType = new Map(cp.calls.map((call) => [(JSON.parse(call.body) as { msgType: number }).msgType, call]));
    const n301 = byType.get(301)!;
    const n302 = byType.get(302)!;
    expect(n301.url.origin + n301.url.pathname).toBe("https://cp.example.com/emergency/series");
    expect(n302.url.origin + n302.url.pathname).toBe("https://cp.example.com/emergency/programs");
    expect(verifiesAs(n301, platform, c.groupId)).toBe(true);
    expect(verifiesAs(n302, platform, c.groupId)).toBe(true);
    expect(JSON.parse(n301.body).msgData).toEqual({ seriesIds: c.seriesId });
    expect(JSON.parse(n302.body).msgData).toEqual({ programIds: [c.standalone, c.episodes[1]] });
    // A tampered body no longer verifies (the check above can fail).
    expect(verifiesAs({ ...n301, body: n301.body.replace(c.seriesId, "S-other") }, platform, c.groupId)).toBe(false);
  });

  it("mac CP: the notice verifies with the CP's MAC secret; per-CP array form of seriesIds", async () => {
    const admin = await loginAdmin();
    const c = await pushContent("mac", admin);
    expect((await admin.call("PATCH", `/cps/${c.groupId}`, { noticeIdFormat: "array" })).status).toBe(200);
    const t = testEnv();
    await adminCall(admin, t.env, "POST", "/emergency-offline", { groupId: c.groupId, seriesIds: [c.seriesId], reason: "r" });
    const cp = fakeRemote(() => ({}), forCp(c.groupId));
    restore = cp.restore;
    await consume(t.env, t.notices.bodies.filter((b) => (b as { kind: string }).kind === "notice"));
    expect(cp.calls).toHaveLength(1);
    const mac: Credential = { mode: "mac", macKey: (c.cp.credential as { macKey: string }).macKey };
    expect(verifiesAs(cp.calls[0]!, mac, c.groupId)).toBe(true);
    expect(JSON.parse(cp.calls[0]!.body).msgData).toEqual({ seriesIds: [c.seriesId] });
  });

  it("a CP failing twice then answering ok: three attempts, one msgId, distinct nonces, growing delays, feedback recorded", async () => {
    const c = await pushContent();
    const t = testEnv({ NOTICE_TIMEOUT_MS: "50" });
    const answer = (await (await adminCall(c.admin, t.env, "POST", "/emergency-offline", { groupId: c.groupId, programIds: [c.standalone], reason: "r" })).json()) as TakedownAnswer;
    const notice = t.notices.bodies.find((b) => (b as { kind: string }).kind === "notice")!;
    const cp = fakeRemote((_, n) => (n === 1 ? { status: 500, json: { code: "InternalError", msg: "down" } } : n === 2 ? { hang: true } : { json: { code: "ok", msg: "已下线" } }), forCp(c.groupId));
    restore = cp.restore;
    const r1 = await consume(t.env, [notice], 1);
    expect(r1.delays).toEqual([10]);
    const r2 = await consume(t.env, [notice], 2);
    expect(r2.delays).toEqual([60]);
    const r3 = await consume(t.env, [notice], 3);
    expect(r3.retryMessages).toEqual([]);
    expect(r3.explicitAcks).toHaveLength(1);

    const detail = (await (await c.admin.call("GET", `/takedowns/${answer.takedownId}`)).json()) as Detail;
    const n = detail.notices[0]!;
    expect(n.status).toBe("delivered");
    expect(n.feedback).toEqual({ code: "ok", msg: "已下线" });
    expect(n.attempts.map((a) => [a.httpStatus, a.code, a.error])).toEqual([
      [500, "InternalError", "HTTP 500"],
      [null, null, "timeout after 50 ms"],
      [200, "ok", null],
    ]);
    const msgIds = cp.calls.map((call) => (JSON.parse(call.body) as { msgId: string }).msgId);
    expect(new Set(msgIds)).toEqual(new Set([n.msgId]));
    const nonces = cp.calls.map((call) => call.url.searchParams.get("nonce"));
    expect(new Set(nonces).size).toBe(3);
    expect(n.attempts.map((a) => a.nonce)).toEqual(nonces);
  });

  it("a CP that never answers: retried on the schedule, then dead-lettered and shown failed; resend delivers with the same msgId", async () => {
    const c = await pushContent();
    const t = testEnv({ NOTICE_TIMEOUT_MS: "30", NOTICE_RETRY_SCHEDULE: "10,60" });
    const answer = (await (await adminCall(c.admin, t.env, "POST", "/emergency-offline", { groupId: c.groupId, seriesIds: [c.seriesId], reason: "r" })).json()) as TakedownAnswer;
    const notice = t.notices.bodies.find((b) => (b as { kind: string }).kind === "notice")!;
    const silent = fakeRemote(() => ({ hang: true }), forCp(c.groupId));
    expect((await consume(t.env, [notice], 1)).retryMessages).toHaveLength(1);
    expect((await consume(t.env, [notice], 2)).retryMessages).toHaveLength(1);
    const last = await consume(t.env, [notice], 3);
    expect(last.retryMessages).toEqual([]);
    expect(t.deadLetters.bodies).toEqual([notice]);
    silent.restore();

    const url = `/takedowns/${answer.takedownId}`;
    let detail = (await (await c.admin.call("GET", url)).json()) as Detail;
    expect(detail.notices[0]!.status).toBe("failed");
    expect(detail.notices[0]!.attempts).toHaveLength(3);
    const list = (await (await c.admin.call("GET", `/takedowns?groupId=${c.groupId}`)).json()) as { items: { noticeStatus: string }[] };
    expect(list.items[0]!.noticeStatus).toBe("failed");

    // The dead-letter queue's consumer acknowledges and keeps it failed.
    expect((await consume(t.env, [notice], 1, "gyt345-notices-dlq")).explicitAcks).toHaveLength(1);

    const resend = await adminCall(c.admin, t.env, "POST", `/notices/${detail.notices[0]!.id}/resend`);
    expect(resend.status).toBe(200);
    expect(await resend.json()).toEqual({ id: detail.notices[0]!.id, status: "pending" });
    const again = t.notices.bodies.at(-1)!;
    // The old message, if it came back, is of an older generation and sends nothing.
    const cp = fakeRemote(() => ({}), forCp(c.groupId));
    restore = cp.restore;
    await consume(t.env, [notice], 1);
    expect(cp.calls).toHaveLength(0);
    await consume(t.env, [again], 1);
    expect(cp.calls).toHaveLength(1);
    detail = (await (await c.admin.call("GET", url)).json()) as Detail;
    expect(detail.notices[0]!.status).toBe("delivered");
    expect((JSON.parse(cp.calls[0]!.body) as { msgId: string }).msgId).toBe(detail.notices[0]!.msgId);
    // Only a failed or delivered notice is resent.
    expect((await c.admin.call("POST", `/notices/${detail.notices[0]!.id}/resend`)).status).toBe(200);
    expect((await c.admin.call("POST", `/notices/${detail.notices[0]!.id}/resend`)).status).toBe(409);
    const audit = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'notice.resend' AND target = ?").bind(`cp:${c.groupId}`).first<{ n: number }>();
    expect(audit!.n).toBe(2);
  });

  it("a failed queue send is recovered by the outbox sweep (cron): the notice is delivered", async () => {
    const c = await pushContent();
    const broken = testEnv({}, { failingQueue: true });
    const res = await adminCall(c.admin, broken.env, "POST", "/emergency-offline", { groupId: c.groupId, programIds: [c.standalone], reason: "r" });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as TakedownAnswer;
    expect((await outboxRows(c.groupId, "notice"))[0]!.sent_at).toBeNull();

    const healthy = testEnv({ OUTBOX_SWEEP_AFTER_SECONDS: "0" });
    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), healthy.env);
    const swept = healthy.notices.bodies.filter((b) => (b as { id: string }).id === answer.notices[0]!.id);
    expect(swept).toHaveLength(1);
    expect((await outboxRows(c.groupId, "notice"))[0]!.sent_at).not.toBeNull();

    const cp = fakeRemote(() => ({}), forCp(c.groupId));
    restore = cp.restore;
    await consume(healthy.env, swept);
    expect(cp.calls).toHaveLength(1);
    const detail = (await (await c.admin.call("GET", `/takedowns/${answer.takedownId}`)).json()) as Detail;
    expect(detail.notices[0]!.status).toBe("delivered");
  });

  it("the sender re-checks the CP URL at send time and never follows a redirect", async () => {
    const c = await pushContent();
    const t = testEnv({ NOTICE_RETRY_SCHEDULE: "10" });
    const answer = (await (await adminCall(c.admin, t.env, "POST", "/emergency-offline", { groupId: c.groupId, programIds: [c.standalone], reason: "r" })).json()) as TakedownAnswer;
    const notice = t.notices.bodies.find((b) => (b as { kind: string }).kind === "notice")!;
    const cp = fakeRemote(() => ({ status: 302, json: {} }), forCp(c.groupId));
    restore = cp.restore;
    await consume(t.env, [notice], 1);
    expect(cp.calls).toHaveLength(1);
    // A URL that became private since onboarding (written straight to D1) is not called.
    await env.DB.prepare("UPDATE cps SET program_offline_url = 'http://127.0.0.1:9/x' WHERE group_id = ?").bind(c.groupId).run();
    await consume(t.env, [notice], 2);
    expect(cp.calls).toHaveLength(1);
    const detail = (await (await c.admin.call("GET", `/takedowns/${answer.takedownId}`)).json()) as Detail;
    expect(detail.notices[0]!.attempts.map((a) => a.error)).toEqual(["redirect not followed", expect.stringMatching(/callback policy/)]);
    expect(detail.notices[0]!.status).toBe("failed");
  });

  it("refuses bad input and writes nothing", async () => {
    const c = await pushContent();
    const bad = [
      { groupId: c.groupId, seriesIds: [c.seriesId] },
      { groupId: c.groupId, seriesIds: [c.seriesId], reason: "" },
      { groupId: c.groupId, seriesIds: [c.seriesId], reason: "x".repeat(501) },
      { groupId: c.groupId, reason: "r" },
      { groupId: c.groupId, seriesIds: Array.from({ length: 60 }, (_, i) => `s${i}`), programIds: Array.from({ length: 41 }, (_, i) => `p${i}`), reason: "r" },
      { groupId: "bad group", seriesIds: ["x"], reason: "r" },
    ];
    for (const body of bad) expect((await c.admin.call("POST", "/emergency-offline", body)).status, JSON.stringify(body).slice(0, 80)).toBe(400);
    expect((await c.admin.call("POST", "/emergency-offline", { groupId: uniqueGroupId(), seriesIds: ["x"], reason: "r" })).status).toBe(404);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM takedowns WHERE group_id = ?").bind(c.groupId).first<{ n: number }>();
    expect(rows!.n).toBe(0);
  });
});

describe("roles", () => {
  async function sessionHeaders(role: string): Promise<Record<string, string>> {
    return { cookie: `gyt345_session=${await plantSession(role)}`, "x-csrf-token": "c", origin: ORIGIN, "content-type": "application/json" };
  }

  it("anonymous calls get 401 and auditors 403 on every state-changing route; auditors and operators read; operators act", async () => {
    const c = await pushContent();
    const body = JSON.stringify({ groupId: c.groupId, programIds: [c.standalone], reason: "r" });
    const writes = ["/emergency-offline", "/emergency-offline/lift", "/notices/nt_x/resend"];
    const reads = ["/takedowns", "/takedowns/td_x"];
    for (const path of [...writes, ...reads]) {
      const method = writes.includes(path) ? "POST" : "GET";
      const res = await SELF.fetch(`${ORIGIN}/admin/api${path}`, { method, headers: { origin: ORIGIN, "content-type": "application/json" }, ...(method === "POST" ? { body } : {}) });
      expect(res.status, `anonymous ${path}`).toBe(401);
    }
    const auditor = await sessionHeaders("auditor");
    for (const path of writes) expect((await SELF.fetch(`${ORIGIN}/admin/api${path}`, { method: "POST", headers: auditor, body })).status, `auditor ${path}`).toBe(403);
    expect((await SELF.fetch(`${ORIGIN}/admin/api/takedowns`, { headers: auditor })).status).toBe(200);
    expect((await SELF.fetch(`${ORIGIN}/admin/api/takedowns/td_x`, { headers: auditor })).status).toBe(404);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM takedowns WHERE group_id = ?").bind(c.groupId).first<{ n: number }>();
    expect(rows!.n).toBe(0);
    const operator = await sessionHeaders("operator");
    const res = await SELF.fetch(`${ORIGIN}/admin/api/emergency-offline`, { method: "POST", headers: operator, body });
    expect(res.status).toBe(200);
    const detail = (await (await SELF.fetch(`${ORIGIN}/admin/api/takedowns/${((await res.json()) as TakedownAnswer).takedownId}`, { headers: auditor })).json()) as Detail;
    expect(detail.actor).toBe("operator-user");
  });
});
