/** Table 3: stage is "empty for non-feature programs" (非节目正片此字段为空). */
import { describe, expect, it } from "vitest";
import { parseMessage } from "../src/parse-message";
import { expectInvalid, seriesBody, type Body } from "@gyt345/testkit/protocol-tables";

function withStage(stage: unknown): Body {
  const body = seriesBody();
  ((body.msgData as Body).seriesPrograms as Body[])[1]!.stage = stage;
  return body;
}

describe("stage", () => {
  it('accepts "" as no stage, like absent or null', () => {
    for (const stage of ["", null, undefined]) {
      const msg = parseMessage("seriesInject", withStage(stage));
      expect(msg.msgData.seriesPrograms?.[1]?.stage).toBeUndefined();
    }
  });

  it("keeps an integer or a YYYYMMDD date", () => {
    expect(parseMessage("seriesInject", withStage(20240131)).msgData.seriesPrograms?.[1]?.stage).toBe(20240131);
  });

  it("refuses other strings and negative numbers", () => {
    for (const stage of [" ", "1", "abc", -1, 1.5]) expectInvalid("seriesInject", withStage(stage), "msgData.seriesPrograms[1].stage");
  });
});
