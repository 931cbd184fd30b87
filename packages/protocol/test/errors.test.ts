/** The one mapping from errors to Annex C answers (Table C.1). */
import { describe, expect, it } from "vitest";
import { annexCAnswer, ProtocolError } from "../src/errors";

describe("annexCAnswer", () => {
  it("maps each code to its status and message", () => {
    expect(annexCAnswer(ProtocolError.missing("nonce"))).toEqual({
      status: 400,
      body: { code: "MissingParameter", msg: 'The input parameter "nonce" that is mandatory for processing this request is not supplied.' },
    });
    expect(annexCAnswer(ProtocolError.invalid("msgData.playInfos[0].playUrl"))).toEqual({
      status: 400,
      body: { code: "InvalidParameter", msg: 'The specified parameter "msgData.playInfos[0].playUrl" is not valid.' },
    });
    expect(annexCAnswer(ProtocolError.forbidden())).toEqual({ status: 403, body: { code: "Forbidden", msg: "GroupId or GroupSecret is not valid." } });
    expect(annexCAnswer(new ProtocolError("InvalidParameter", "body", { status: 413 })).status).toBe(413);
  });

  it("storage that is unavailable or overloaded → 503 ServiceUnAvailable (the CP retries)", () => {
    for (const message of ["D1_ERROR: D1 DB is overloaded. Too many requests queued.", "D1_ERROR: Network connection lost.", "D1_ERROR: Internal error in D1 DB storage caused object to be reset."]) {
      expect(annexCAnswer(new Error(message))).toEqual({
        status: 503,
        body: { code: "ServiceUnAvailable", msg: "The request has failed due to a temporary failure of the server." },
      });
    }
  });

  it("anything else → 500 InternalError, without echoing the fault", () => {
    const answer = annexCAnswer(new TypeError("secret detail in a bug"));
    expect(answer).toEqual({ status: 500, body: { code: "InternalError", msg: "The request processing has failed due to some unknown error." } });
  });
});
