/**
 * Issue 11 item 9 through the admin API: every URL form a security probe found accepted is
 * refused at onboarding and on PATCH (nothing written), and what is stored is the parsed href.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { loginAdmin, onboardCp, uniqueGroupId } from "../helpers/platform";
import { PROBED_ADDRESSES, PROBED_RAW } from "./probed-urls";

const PROBED = [...PROBED_RAW, ...PROBED_ADDRESSES, "http://0x7f.1/"];

describe("CP callback URLs at onboarding and PATCH", () => {
  it("refuses every probed form in either field and writes nothing", async () => {
    const admin = await loginAdmin();
    for (const bad of PROBED) {
      for (const field of ["seriesOfflineUrl", "programOfflineUrl"] as const) {
        const groupId = uniqueGroupId();
        const res = await admin.call("POST", "/cps", {
          groupId,
          name: "probe",
          mode: "mac",
          seriesOfflineUrl: "https://cp.example.com/s",
          programOfflineUrl: "https://cp.example.com/p",
          [field]: bad,
        });
        expect(res.status, `${field} ${JSON.stringify(bad)}`).toBe(400);
        const body = (await res.json()) as { error: { code: string; field: string } };
        expect(body.error).toMatchObject({ code: "InvalidInput", field });
        expect(await env.DB.prepare("SELECT 1 FROM cps WHERE group_id = ?").bind(groupId).first()).toBeNull();
      }
    }
  });

  it("refuses them on PATCH, flat or grouped, and keeps the stored URL", async () => {
    const admin = await loginAdmin();
    const cp = await onboardCp(admin, "mac");
    for (const bad of PROBED) {
      for (const body of [{ seriesOfflineUrl: bad }, { urls: { programOfflineUrl: bad } }]) {
        const res = await admin.call("PATCH", `/cps/${cp.groupId}`, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
      }
    }
    const view = (await (await admin.call("GET", `/cps/${cp.groupId}`)).json()) as { seriesOfflineUrl: string; programOfflineUrl: string };
    expect(view).toMatchObject({ seriesOfflineUrl: "https://cp.example.com/emergency/series", programOfflineUrl: "https://cp.example.com/emergency/programs" });
  });

  it("stores the parsed href, not the raw string", async () => {
    const admin = await loginAdmin();
    const groupId = uniqueGroupId();
    const res = await admin.call("POST", "/cps", {
      groupId,
      name: "normalised",
      mode: "mac",
      seriesOfflineUrl: "HTTPS://CP.Example.COM:443/a/../emergency/series",
      programOfflineUrl: "https://cp.example.com/emergency/%7Eprograms?x=1",
    });
    expect(res.status).toBe(201);
    const row = await env.DB.prepare("SELECT series_offline_url AS s, program_offline_url AS p FROM cps WHERE group_id = ?").bind(groupId).first<{ s: string; p: string }>();
    expect(row).toEqual({ s: "https://cp.example.com/emergency/series", p: "https://cp.example.com/emergency/%7Eprograms?x=1" });
    const patched = await admin.call("PATCH", `/cps/${groupId}`, { seriesOfflineUrl: "https://CP.example.com./s/./t" });
    expect(((await patched.json()) as { seriesOfflineUrl: string }).seriesOfflineUrl).toBe("https://cp.example.com./s/t");
  });
});
