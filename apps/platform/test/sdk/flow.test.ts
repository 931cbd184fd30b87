/**
 * The whole CP flow through the SDK only (`src/sdk/client`): typed builders, signing per
 * profile, send → 200, every Annex C answer as its typed error, retries with a fresh nonce and
 * the same msgId, and the notice handler on a signed 301/302.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sm2GenerateKeyPair } from "@gyt345/protocol/crypto";
import {
  CpClient,
  Forbidden,
  InternalError,
  InvalidParameter,
  MissingParameter,
  NetworkError,
  ServiceUnAvailable,
  createNoticeHandler,
  messages,
  type AnnexCError,
  type AttemptReport,
  type ReceivedNotice,
  type SeriesInfoInput,
  type ProgramInfoInput,
} from "@gyt345/cp-sdk";
import { signNotice } from "@gyt345/cp-sdk/testing";
import { ORIGIN, loginAdmin, uniqueGroupId } from "../helpers/platform";
import { VECTOR_REQUESTS } from "@gyt345/testkit/protocol-tables";
import vectors from "@gyt345/protocol/fixtures/gm-vectors.json";

const selfFetch: typeof fetch = (input, init) => SELF.fetch(input as string, init);
const noSleep = async () => {};

const seriesData = (): SeriesInfoInput => (JSON.parse(VECTOR_REQUESTS[0]!.body) as { msgData: SeriesInfoInput }).msgData;
const programData = (): ProgramInfoInput => (JSON.parse(VECTOR_REQUESTS[2]!.body) as { msgData: ProgramInfoInput }).msgData;

async function onboard(mode: "sm2" | "mac", f: typeof fetch = selfFetch, extra: Partial<ConstructorParameters<typeof CpClient>[0]> = {}) {
  const admin = await loginAdmin();
  const groupId = uniqueGroupId("sdk");
  const keys = mode === "sm2" ? sm2GenerateKeyPair() : undefined;
  const res = await admin.call("POST", "/cps", {
    groupId,
    name: groupId,
    mode,
    ...(keys ? { publicKey: keys.publicKey } : {}),
    seriesOfflineUrl: "https://cp.example.com/s",
    programOfflineUrl: "https://cp.example.com/p",
  });
  expect(res.status).toBe(201);
  const { macSecret } = (await res.json()) as { macSecret?: string };
  const credential = keys ? ({ mode: "sm2", privateKey: keys.privateKey } as const) : ({ mode: "mac", macKey: macSecret! } as const);
  return new CpClient({ baseUrl: ORIGIN, groupId, credential, fetch: f, sleep: noSleep, ...extra });
}

async function rejection(p: Promise<unknown>): Promise<AnnexCError> {
  try {
    await p;
  } catch (err) {
    return err as AnnexCError;
  }
  throw new Error("expected the send to fail");
}

describe.each(["sm2", "mac"] as const)("SDK flow, mode %s", (mode) => {
  it("sign → send → 200 for each message type, 100–103 and 200–203", async () => {
    const client = await onboard(mode);
    const series = seriesData();
    const program = programData();
    for (const msg of [
      messages.seriesAdd(series),
      messages.seriesUpdate({ ...series, title: "山海情（更新）" }),
      messages.programAdd(program),
      messages.programUpdate(program),
      messages.programOffline([program.programId as string]),
      messages.programDelete(program),
      messages.seriesOffline(series.seriesId as string),
      messages.seriesDelete(series),
    ]) {
      const result = await client.send(msg);
      expect(result, `msgType ${msg.body.msgType}`).toMatchObject({ status: 200, code: "ok", msgId: msg.body.msgId, attempts: 1 });
    }
  });

  it("a missing field surfaces as MissingParameter naming its path", async () => {
    const client = await onboard(mode);
    const { title: _t, ...noTitle } = seriesData();
    const err = await rejection(client.send(messages.seriesAdd(noTitle as SeriesInfoInput)));
    expect(err).toBeInstanceOf(MissingParameter);
    expect(err).toMatchObject({ code: "MissingParameter", status: 400, param: "msgData.title", attempts: 1 });
  });

  it("an invalid field surfaces as InvalidParameter naming its path", async () => {
    const client = await onboard(mode);
    const err = await rejection(client.send(messages.seriesAdd({ ...seriesData(), definition: "2K" as "HD" })));
    expect(err).toBeInstanceOf(InvalidParameter);
    expect(err).toMatchObject({ code: "InvalidParameter", status: 400, param: "msgData.definition" });
  });

  it("a wrong key surfaces as Forbidden and is not retried", async () => {
    const good = await onboard(mode);
    const wrong = new CpClient({
      ...good.config,
      credential: mode === "sm2" ? { mode: "sm2", privateKey: sm2GenerateKeyPair().privateKey } : { mode: "mac", macKey: "00".repeat(16) },
    });
    const err = await rejection(wrong.send(messages.seriesAdd(seriesData())));
    expect(err).toBeInstanceOf(Forbidden);
    expect(err).toMatchObject({ code: "Forbidden", status: 403, param: undefined, attempts: 1 });
  });
});

describe("retries", () => {
  it("503 and network errors are retried with a fresh nonce and ts, the same msgId and body; then 200", async () => {
    const seen: { nonce: string; body: string }[] = [];
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls += 1;
      const url = new URL(String(input));
      seen.push({ nonce: url.searchParams.get("nonce")!, body: String(init?.body) });
      if (calls === 1) return Response.json({ code: "ServiceUnAvailable", msg: "The request has failed due to a temporary failure of the server." }, { status: 503 });
      if (calls === 2) throw new TypeError("fetch failed");
      return selfFetch(input, init);
    };
    const reports: AttemptReport[] = [];
    const client = await onboard("sm2", flaky, { onAttempt: (a) => reports.push(a) });
    const msg = messages.seriesAdd(seriesData());
    const result = await client.send(msg);
    expect(result).toMatchObject({ code: "ok", attempts: 3, msgId: msg.body.msgId });
    expect(new Set(seen.map((s) => s.nonce)).size).toBe(3);
    expect(new Set(seen.map((s) => s.body)).size).toBe(1);
    expect(JSON.parse(seen[0]!.body).msgId).toBe(msg.body.msgId);
    expect(reports.map((r) => [r.status, r.code])).toEqual([[503, "ServiceUnAvailable"], [null, null], [200, "ok"]]);
    expect(reports[0]!.retryInMs).toBeGreaterThan(0);
  });

  it("a 5xx on every attempt surfaces as its typed error after the bounded attempts", async () => {
    let calls = 0;
    const down = (code: string, status: number): typeof fetch => async () => {
      calls += 1;
      return Response.json({ code, msg: "x" }, { status });
    };
    const c500 = await onboard("mac", down("InternalError", 500), { retry: { attempts: 3 } });
    const e500 = await rejection(c500.send(messages.seriesAdd(seriesData())));
    expect(e500).toBeInstanceOf(InternalError);
    expect(e500).toMatchObject({ status: 500, attempts: 3 });
    expect(calls).toBe(3);
    const c503 = await onboard("mac", down("ServiceUnAvailable", 503), { retry: { attempts: 2 } });
    const e503 = await rejection(c503.send(messages.seriesAdd(seriesData())));
    expect(e503).toBeInstanceOf(ServiceUnAvailable);
    expect(e503.attempts).toBe(2);
  });

  it("no answer at all surfaces as NetworkError", async () => {
    const client = await onboard("mac", async () => {
      throw new TypeError("connect ECONNREFUSED");
    }, { retry: { attempts: 2 } });
    const err = await rejection(client.send(messages.seriesAdd(seriesData())));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.attempts).toBe(2);
  });
});

describe("notice handler (CP side of 6.8/6.9)", () => {
  const platformKey = (vectors as { keys: { platform: { privateKey: string } } }).keys.platform.privateKey;
  const endpoint = "https://cp.example.com/emergency/series";

  async function platformPublicKey(): Promise<string> {
    const res = await SELF.fetch(`${ORIGIN}/api/v1/platform/public-key`);
    return ((await res.json()) as { publicKey: string }).publicKey;
  }

  function post(n: { url: string; body: string }, headers: Record<string, string> = {}): Request {
    return new Request(n.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: n.body });
  }

  it("verifies a notice signed with the platform key, acts once per msgId, refuses forged, replayed, stale and malformed ones", async () => {
    const received: ReceivedNotice[] = [];
    const handler = createNoticeHandler({ groupId: "cp-a", mode: "sm2", platformPublicKey: await platformPublicKey(), onNotice: (n) => void received.push(n) });
    const cred = { mode: "sm2", privateKey: platformKey } as const;
    const notice = signNotice(cred, { url: endpoint, groupId: "cp-a", kind: "301", ids: ["S1", "S2"] });

    const first = await handler(post(notice));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ code: "ok", msg: "success" });
    expect(received).toEqual([expect.objectContaining({ msgType: 301, msgId: notice.msgId, seriesIds: ["S1", "S2"] })]);

    // The platform's retry: same msgId, fresh nonce → acknowledged, not acted on twice.
    const retry = signNotice(cred, { url: endpoint, groupId: "cp-a", kind: "301", ids: ["S1", "S2"], msgId: notice.msgId });
    expect((await handler(post(retry))).status).toBe(200);
    expect(received).toHaveLength(1);

    const replay = await handler(post(notice));
    expect(replay.status).toBe(400);
    expect(await replay.json()).toEqual({ code: "InvalidParameter", msg: 'The specified parameter "nonce" is not valid.' });

    const forged = signNotice({ mode: "sm2", privateKey: sm2GenerateKeyPair().privateKey }, { url: endpoint, groupId: "cp-a", kind: "302", ids: ["P1"] });
    const refused = await handler(post(forged));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe("Forbidden");

    const tampered = signNotice(cred, { url: endpoint, groupId: "cp-a", kind: "302", ids: ["P1"] });
    expect((await handler(post({ url: tampered.url, body: tampered.body.replace("P1", "P9") }))).status).toBe(403);

    const stale = signNotice(cred, { url: endpoint, groupId: "cp-a", kind: "302", ids: ["P1"], ts: String(Date.now() - 3_600_000) });
    const staleAnswer = await handler(post(stale));
    expect(staleAnswer.status).toBe(400);
    expect(await staleAnswer.json()).toEqual({ code: "InvalidParameter", msg: 'The specified parameter "ts" is not valid.' });

    const otherCp = signNotice(cred, { url: endpoint, groupId: "cp-b", kind: "302", ids: ["P1"] });
    expect((await handler(post(otherCp))).status).toBe(403);

    const noSign = new URL(signNotice(cred, { url: endpoint, groupId: "cp-a", kind: "302", ids: ["P1"] }).url);
    noSign.searchParams.delete("sign");
    const missing = await handler(new Request(noSign, { method: "POST", body: "{}", headers: { "content-type": "application/json" } }));
    expect(await missing.json()).toEqual({ code: "MissingParameter", msg: 'The input parameter "sign" that is mandatory for processing this request is not supplied.' });
    expect(received).toHaveLength(1);
  });

  it("mac mode: verifies with the CP's secret; a failing onNotice answers 500 and the retry acts", async () => {
    const macKey = "8f0e2c6b1a4d5e7f9081a2b3c4d5e6f7";
    let fail = true;
    const received: ReceivedNotice[] = [];
    const handler = createNoticeHandler({
      groupId: "cp-m",
      mode: "mac",
      macKey,
      onNotice: (n) => {
        if (fail) throw new Error("disk full");
        received.push(n);
      },
    });
    const n1 = signNotice({ mode: "mac", macKey }, { url: endpoint, groupId: "cp-m", kind: "302", ids: ["P1", "P2"] });
    const a1 = await handler(post(n1));
    expect(a1.status).toBe(500);
    expect(((await a1.json()) as { code: string }).code).toBe("InternalError");
    fail = false;
    const n2 = signNotice({ mode: "mac", macKey }, { url: endpoint, groupId: "cp-m", kind: "302", ids: ["P1", "P2"], msgId: n1.msgId });
    expect((await handler(post(n2))).status).toBe(200);
    expect(received).toEqual([expect.objectContaining({ msgType: 302, programIds: ["P1", "P2"] })]);
  });

  it("a body over the limit is refused with 413 before it is verified", async () => {
    const handler = createNoticeHandler({ groupId: "cp-m", mode: "mac", macKey: "8f0e2c6b1a4d5e7f9081a2b3c4d5e6f7", maxBodyBytes: 64, onNotice: () => {} });
    const n = signNotice({ mode: "mac", macKey: "8f0e2c6b1a4d5e7f9081a2b3c4d5e6f7" }, { url: endpoint, groupId: "cp-m", kind: "302", ids: ["P1", "P2", "P3"] });
    const answer = await handler(post(n));
    expect(answer.status).toBe(413);
    expect(await answer.json()).toEqual({ code: "InvalidParameter", msg: 'The specified parameter "body" is not valid.' });
  });
});
