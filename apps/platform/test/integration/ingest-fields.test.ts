/**
 * Check 7 through the real interfaces: each required field of Tables 2, 3, 6, 9, 10 and 13
 * missing, and each enum violated, answers its Annex C code naming the field's path, and
 * writes nothing (checked after each request by `send`, so every test stands alone). (test/protocol covers every bad value of every field at the schema level.)
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { INTERFACE_PATHS, type InterfaceName } from "@gyt345/protocol/msg-types";
import { callWorker } from "../helpers/direct";
import { loginAdmin, onboardCp, uniqueNonce, type TestCp } from "../helpers/platform";
import { BODIES, deleteAt, join, PLACED, setAt, type Body, type Kind } from "@gyt345/testkit/protocol-tables";

let cp: TestCp;
beforeAll(async () => {
  cp = await onboardCp(await loginAdmin(), "mac");
});

/** Sends one refused message and checks, for this very request, that it wrote nothing. */
async function send(iface: InterfaceName, body: Body) {
  const nonce = uniqueNonce();
  // callWorker waits for the request's waitUntil work, so a late KV write would be seen too.
  const res = await callWorker(cp.request(INTERFACE_PATHS[iface], body, { nonce })());
  const out = { status: res.status, ...((await res.json()) as { code: string; msg: string }) };
  if (out.status !== 200) await nothingWritten(nonce, typeof body.msgId === "string" ? body.msgId : "");
  return out;
}

/** No catalog row of this CP, no msgId record, no nonce (D1 or KV), no `ok` log row. */
async function nothingWritten(nonce: string, msgId: string): Promise<void> {
  const counts = await env.DB.prepare(
    "SELECT (SELECT count(*) FROM series WHERE group_id = ?1) + (SELECT count(*) FROM programs WHERE group_id = ?1) + (SELECT count(*) FROM series_programs WHERE group_id = ?1) + (SELECT count(*) FROM accepted_messages WHERE group_id = ?1 AND msg_id = ?3) + (SELECT count(*) FROM nonces WHERE group_id = ?1 AND nonce = ?2) + (SELECT count(*) FROM message_log WHERE group_id = ?1 AND result_code = 'ok') AS n",
  )
    .bind(cp.groupId, nonce, msgId)
    .first<{ n: number }>();
  expect(counts!.n, "a refused request wrote something").toBe(0);
  expect(await env.NONCE_KV.get(`nonce:${cp.groupId}:${nonce}`)).toBeNull();
}

/** One value outside each enum of the standard. */
const ENUM_VIOLATIONS: Partial<Record<Kind, unknown[]>> = {
  definition: ["FHD", "hd", ""],
  status: ["deleted", "ONLINE"],
  programType: ["正片 ", "片花", "feature"],
  paid: [2, -1, "1"],
  completed: ["yes", 1],
};

describe("required fields", () => {
  for (const placed of PLACED) {
    for (const field of placed.table.filter((f) => f.required)) {
      const path = join(placed.at, field.name);
      it(`${placed.label}: without ${path} → MissingParameter`, async () => {
        const body = BODIES[placed.iface]();
        deleteAt(body, path);
        expect(await send(placed.iface, body)).toEqual({
          status: 400,
          code: "MissingParameter",
          msg: `The input parameter "${path}" that is mandatory for processing this request is not supplied.`,
        });
      });
    }
  }

  for (const iface of Object.keys(INTERFACE_PATHS) as InterfaceName[]) {
    for (const name of ["msgId", "msgType", "msgTime", "msgData"]) {
      it(`${iface}: without ${name} → MissingParameter`, async () => {
        const body = BODIES[iface]();
        delete body[name];
        expect(await send(iface, body)).toMatchObject({ status: 400, code: "MissingParameter", msg: expect.stringContaining(`"${name}"`) });
      });
    }
  }
});

describe("enums", () => {
  for (const placed of PLACED) {
    for (const field of placed.table) {
      for (const value of ENUM_VIOLATIONS[field.kind] ?? []) {
        const path = join(placed.at, field.name);
        it(`${placed.label}: ${path} = ${JSON.stringify(value)} → InvalidParameter`, async () => {
          const body = BODIES[placed.iface]();
          setAt(body, path, value);
          expect(await send(placed.iface, body)).toEqual({ status: 400, code: "InvalidParameter", msg: `The specified parameter "${path}" is not valid.` });
        });
      }
    }
  }
});

describe("msgType must belong to the interface", () => {
  const foreign: Record<InterfaceName, number[]> = {
    seriesInject: [103, 200, 301, 99],
    seriesOffline: [100, 203],
    programInject: [100, 203, 302],
    programOffline: [103, 200],
  };
  for (const [iface, types] of Object.entries(foreign) as [InterfaceName, number[]][]) {
    for (const msgType of types) {
      it(`${iface} refuses msgType ${msgType}`, async () => {
        const body = { ...BODIES[iface](), msgType };
        expect(await send(iface, body)).toEqual({ status: 400, code: "InvalidParameter", msg: 'The specified parameter "msgType" is not valid.' });
      });
    }
  }
});

describe("the write check itself", () => {
  it("sees a write: an accepted message leaves rows that nothingWritten reports", async () => {
    const other = await onboardCp(await loginAdmin(), "mac");
    const nonce = uniqueNonce();
    const body = BODIES.seriesInject();
    expect((await callWorker(other.request(INTERFACE_PATHS.seriesInject, body, { nonce })())).status).toBe(200);
    const saved = cp;
    cp = other;
    try {
      await expect(nothingWritten(nonce, body.msgId as string)).rejects.toThrow();
    } finally {
      cp = saved;
    }
  });
});
