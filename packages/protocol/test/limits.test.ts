/** Upper bounds accepted, unknown members ignored, accepted URL forms. */
import { describe, expect, it } from "vitest";
import { parseMessage } from "../src/parse-message";
import { LIMITS } from "../src/schemas/fields";
import { BODIES, getAt, programBody, seriesBody, setAt, type Body } from "@gyt345/testkit/protocol-tables";

const x = (n: number) => "x".repeat(n);

describe("values at their limit are accepted", () => {
  it.each([
    ["seriesInject", "msgData.seriesPrograms[1].programId", x(LIMITS.idMax)],
    ["seriesInject", "msgData.title", x(LIMITS.titleMax)],
    ["seriesInject", "msgData.subTitle", x(LIMITS.titleMax)],
    ["seriesInject", "msgData.subTitle", ""],
    ["seriesInject", "msgData.category", x(LIMITS.stringMax)],
    ["seriesInject", "msgData.score", x(LIMITS.stringMax)],
    ["seriesInject", "msgData.summary", x(LIMITS.longTextMax)],
    ["seriesInject", "msgData.description", x(LIMITS.longTextMax)],
    ["seriesInject", "msgData.releaseDate", x(LIMITS.releaseDateMax)],
    ["seriesInject", "msgData.tags", Array.from({ length: LIMITS.stringListItems }, () => x(LIMITS.stringListItemMax))],
    ["seriesInject", "msgData.tags", []],
    ["seriesInject", "msgData.year", "0000"],
    ["seriesInject", "msgData.runtime", 0],
    ["seriesInject", "msgData.episodeCount", Number.MAX_SAFE_INTEGER],
    ["seriesInject", "msgData.paid", 1],
    ["seriesInject", "msgData.definition", "8K"],
    ["seriesInject", "msgData.status", "offline"],
    ["seriesInject", "msgData.vImageUrl", `https://img.example.com/${x(LIMITS.urlMax - 24)}`],
    ["seriesInject", "msgData.seriesPrograms[1].programType", "花絮"],
    ["seriesInject", "msgData.seriesPrograms[1].stage", 20210112],
    ["seriesInject", "msgData.seriesPrograms[1].title", "第2集"],
    ["programInject", "msgData.playInfos", Array.from({ length: LIMITS.playInfosMax }, (_, i) => ({ videoId: `V${i}`, definition: "SD", playUrl: "http://cdn.example.com/a.mp4" }))],
    ["programInject", "msgData.playInfos[0].playUrl", "HTTPS://CDN.EXAMPLE.COM/a.m3u8?token=abc&e=1#t=0"],
    ["programInject", "msgData.playInfos[0].playUrl", "https://cdn.example.com:8443/视频/第1集.m3u8"],
    ["programInject", "msgData.playInfos[0].playUrl", "http://10.0.0.1/a.mp4"],
    ["programInject", "msgData.thumbnail", "http://[::1]:8080/a.jpg"],
    ["programInject", "msgData.playInfos[1].videoId", "V_1-2.3:4/5~"],
    ["programInject", "msgData.seriesPrograms.programType", "预告片"],
    ["programOffline", "msgData.programIds", Array.from({ length: LIMITS.idListMax }, (_, i) => `P${i}`)],
  ] as const)("%s %s", (iface, path, value) => {
    const body = BODIES[iface]();
    setAt(body, path, structuredClone(value));
    const out = parseMessage(iface, body) as unknown as Body;
    const outPath = iface === "programInject" ? path.replace("msgData.seriesPrograms", "msgData.seriesProgram") : path;
    expect(getAt(out, outPath)).toEqual(value);
  });
});

describe("msgSign and unknown members are ignored", () => {
  it("series", () => {
    const body = seriesBody();
    body.extra = { a: 1 };
    body.msgSign = 12345; // not checked here
    setAt(body, "msgData.unknownField", [1, 2, 3]);
    setAt(body, "msgData.seriesPrograms[0].extra", null);
    setAt(body, "msgData.__proto__x", "y");
    const out = parseMessage("seriesInject", body);
    expect(out).not.toHaveProperty("extra");
    expect(out).not.toHaveProperty("msgSign");
    expect(out.msgData).not.toHaveProperty("unknownField");
    expect(out.msgData.seriesPrograms?.[0]).not.toHaveProperty("extra");
    expect(Object.keys(out)).toEqual(["msgId", "msgType", "msgTime", "msgData"]);
  });

  it("program and play infos", () => {
    const body = programBody();
    setAt(body, "msgData.playInfos[0].drm", "widevine");
    setAt(body, "msgData.seriesPrograms.note", "x");
    setAt(body, "msgData.cpExtension", { any: "thing" });
    const out = parseMessage("programInject", body);
    expect(out.msgData.playInfos[0]).not.toHaveProperty("drm");
    expect(out.msgData.seriesProgram).not.toHaveProperty("note");
    expect(out.msgData).not.toHaveProperty("cpExtension");
  });

  it("offline", () => {
    const body = BODIES.seriesOffline();
    setAt(body, "msgData.reason", "expired");
    expect(parseMessage("seriesOffline", body).msgData).toEqual({ seriesIds: ["S1001", "S1002"] });
    const p = BODIES.programOffline();
    setAt(p, "msgData.seriesIds", 5);
    expect(parseMessage("programOffline", p).msgData).toEqual({ programIds: ["P1", "P2"] });
  });

  it("a JSON `__proto__` member is a plain unknown member", () => {
    const body = JSON.parse(JSON.stringify(seriesBody()).replace('"msgData":{', '"msgData":{"__proto__":{"title":1},')) as Body;
    expect(parseMessage("seriesInject", body).msgData.title).toBe("山海情");
  });

  it("the input body is not modified", () => {
    const body = seriesBody();
    const copy = structuredClone(body);
    parseMessage("seriesInject", body);
    expect(body).toEqual(copy);
  });
});
