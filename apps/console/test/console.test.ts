/**
 * The operator console in a real browser (Debian's Chromium via playwright-core) against real
 * `wrangler dev` (see global-setup.ts). Screenshots of the main pages go to
 * test/browser/screenshots/ (git-ignored) on every run.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startCpSim } from "@gyt345/testkit/local-platform";
import { XSS_TITLE } from "./content";

const world = inject("browserWorld");
const SHOTS = "apps/console/test/screenshots";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let browser: Browser;
let page: Page;
const dialogs: string[] = [];
const cspViolations: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function go(hash: string): Promise<void> {
  await page.goto(`${world.base}/admin/${hash}`);
}

/** The hostile title never became markup: no <img src=x>, no dialog. */
async function expectNoInjection(): Promise<void> {
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
}

/** The page's location.hash, decoded (the test's tsconfig has no DOM types). */
async function currentHash(): Promise<string> {
  return decodeURIComponent(await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash));
}

async function videoSrc(): Promise<string> {
  return page.locator(".player video").first().evaluate((v) => (v as unknown as { currentSrc: string }).currentSrc);
}

async function videoTime(selector = "video"): Promise<number> {
  return page.locator(selector).first().evaluate((v) => (v as unknown as { currentTime: number }).currentTime);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--mute-audio"] });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
  page = await context.newPage();
  // Generous: PBKDF2 logins and wrangler dev are slow on a loaded 2-core machine.
  page.setDefaultTimeout(30_000);
  page.on("dialog", (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe("operator console", () => {
  it("serves /admin/ as static assets with a strict CSP and the API's security headers", async () => {
    const res = await fetch(`${world.base}/admin/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    // The API stays in the Worker.
    expect((await fetch(`${world.base}/admin/api/session`)).status).toBe(401);
  });

  it("signs in (zh-CN by default) and shows the dashboard with charts", async () => {
    await go("");
    await expect.poll(() => page.locator("form.login h1").textContent()).toBe("节目集成系统");
    await shot("01-login");
    await page.fill('input[name="username"]', world.username);
    await page.fill('input[name="password"]', world.password);
    await page.click('form.login button[type="submit"]');
    await page.locator("nav.side").waitFor();
    await page.locator(".chart canvas").first().waitFor();
    await page.locator("table tbody tr").first().waitFor();
    expect(await page.locator("main").textContent()).toContain(world.groupId);
    await shot("02-dashboard");
  }, 60_000);

  it("searches series in Chinese and opens one: posters and episodes", async () => {
    await go("#/series");
    await page.fill('input[name="q"]', "西游");
    await page.press('input[name="q"]', "Enter");
    // The unfiltered list shows both series; the 2-character query leaves one.
    await expect.poll(() => currentHash()).toContain("q=西游");
    await expect.poll(() => page.locator("table.results tbody tr").count()).toBe(1);
    const link = page.locator("table.results a.title", { hasText: "西游记" });
    await link.waitFor();
    // The API's status value, translated.
    expect(await page.locator("table.results tbody tr .tag").first().textContent()).toBe("在线");
    await shot("03-series-search");
    await link.click();
    await expect.poll(() => page.locator("h1.detail-title").textContent()).toBe("西游记");
    expect(await page.locator("table.episodes tbody tr").count()).toBe(3);
    expect(await page.locator("table.episodes thead").textContent()).toContain("顺序号");
    expect(await page.locator("img.poster").first().getAttribute("src")).toBe("https://img.example.com/poster-v.jpg");
    // Field labels are the standard's names (Table 2), values in words.
    const field = (name: string) => page.locator(`dl.fields [data-field="${name}"]`);
    expect(await field("seriesId").locator("dt").textContent()).toBe("节目集唯一 ID");
    expect(await field("year").locator("dt").textContent()).toBe("年代");
    expect(await field("vImageUrl").locator("dt").textContent()).toBe("竖海报 URL");
    expect(await field("completed").locator("dd").textContent()).toBe("是");
    expect(await field("status").locator("dd").textContent()).toBe("在线");
    expect(await page.locator("dl.fields dt").allTextContents()).not.toContain("vImageUrl");
    await shot("04-series-detail");
  }, 60_000);

  it("plays an HLS playInfo through hls.js: the video's currentTime advances", async () => {
    await page.locator("table.episodes a", { hasText: "西游记 第1集" }).click();
    await expect.poll(() => page.locator("h1.detail-title").textContent()).toBe("西游记 第1集");
    await page.locator("button.play").first().click();
    await page.locator(".player video").waitFor();
    await expect.poll(() => videoTime(".player video"), { timeout: 30_000, interval: 250 }).toBeGreaterThan(1);
    // Media Source Extensions: hls.js feeds the element from a blob: URL.
    expect(await videoSrc()).toMatch(/^blob:/);
    await shot("05-program-playback");
  }, 60_000);

  it("plays an MP4 playInfo natively", async () => {
    await page.locator("button.play").nth(1).click();
    await expect.poll(() => videoSrc(), { timeout: 20_000 }).toBe(world.mp4Url);
    await expect.poll(() => videoTime(".player video"), { timeout: 30_000, interval: 250 }).toBeGreaterThan(1);
  }, 60_000);

  it("plays programs on the monitoring wall", async () => {
    await go("#/programs");
    await page.fill('input[name="q"]', "西游记");
    await page.press('input[name="q"]', "Enter");
    await expect.poll(() => currentHash()).toContain("q=西游记");
    await expect.poll(() => page.locator("table.results tbody tr").count()).toBe(3);
    await page.locator('table.results thead input[type="checkbox"]').check();
    await page.locator(".selection-bar button", { hasText: "加入监看" }).click();
    await go("#/wall");
    await expect.poll(() => page.locator(".tile").count()).toBe(3);
    await expect.poll(() => videoTime(".tile video"), { timeout: 30_000, interval: 250 }).toBeGreaterThan(1);
    await shot("06-monitoring-wall");
  }, 60_000);

  it(`renders a series titled ${XSS_TITLE} as text on every page`, async () => {
    const visible = async () => expect(await page.getByText(XSS_TITLE, { exact: true }).first().isVisible()).toBe(true);
    await go(`#/series?groupId=${world.groupId}`);
    await page.locator("table.results a.title", { hasText: XSS_TITLE }).waitFor();
    await visible();
    await expectNoInjection();
    await page.locator("table.results a.title", { hasText: XSS_TITLE }).click();
    await expect.poll(() => page.locator("h1.detail-title").textContent()).toBe(XSS_TITLE);
    await expectNoInjection();
    await shot("07-hostile-series-detail");
    await page.locator("table.episodes a").first().click();
    await expect.poll(() => page.locator("h1.detail-title").textContent()).toBe(XSS_TITLE);
    await page.locator(".actions button", { hasText: "加入监看" }).click();
    await expectNoInjection();
    await go(`#/programs?groupId=${world.groupId}`);
    await page.locator("table.results a.title", { hasText: XSS_TITLE }).waitFor();
    await expectNoInjection();
    await go("#/wall");
    await page.locator(".tile a", { hasText: XSS_TITLE }).waitFor();
    await expectNoInjection();
    const pages: [string, string][] = [
      ["", "dashboard"],
      ["#/cps", "cps"],
      [`#/cps/${world.groupId}`, "cp-detail"],
      ["#/messages", "messages"],
      ["#/audit", "audit-list"],
      ["#/takedowns", "takedowns"],
      ["#/operators", "operators"],
    ];
    for (const [hash, name] of pages) {
      await go(hash);
      await page.locator("main h1").waitFor();
      await page.waitForLoadState("networkidle");
      await expectNoInjection();
      await shot(`07-${name}`);
    }
    expect(cspViolations).toEqual([]);
  }, 90_000);

  it("says what was not found: a series, a takedown", async () => {
    await go(`#/series/${world.groupId}/NO-SUCH-SERIES`);
    await expect.poll(() => page.locator("main [role=alert] strong").textContent()).toBe("没有找到该节目集");
    expect(await page.locator("main").textContent()).not.toContain("尚未启用");
    await go("#/takedowns/td_missing");
    await expect.poll(() => page.locator("main [role=alert] strong").textContent()).toBe("没有找到该下线记录");
  }, 60_000);

  it("onboards a MAC CP showing its secret once, then suspends it", async () => {
    await go("#/cps");
    await page.locator("main button.primary", { hasText: "接入内容平台" }).click();
    await page.fill('input[name="groupId"]', "cp-browser-mac");
    await page.fill('input[name="name"]', "第二个内容平台");
    await page.fill('input[name="seriesOfflineUrl"]', `http://127.0.0.1:${world.cpSimPort}/cp/cp-browser-mac/series-offline`);
    await page.fill('input[name="programOfflineUrl"]', `http://127.0.0.1:${world.cpSimPort}/cp/cp-browser-mac/program-offline`);
    await page.click('form.form-grid button[type="submit"]');
    const secret = (await page.locator('[data-testid="onboarded"] code.secret').first().textContent()) ?? "";
    expect(secret).toMatch(/^[0-9a-f]{32,}$/i);
    await shot("07-cp-onboarded");
    await page.locator('[data-testid="onboarded"] button').click();
    await page.locator("table a", { hasText: "cp-browser-mac" }).click();
    await page.locator("dl.fields").waitFor();
    expect(await page.locator("main").textContent()).not.toContain(secret);
    await page.locator(".actions button", { hasText: "暂停" }).click();
    await expect.poll(() => page.locator('dl.fields [data-field="status"] dd').textContent()).toBe("已暂停");
  }, 60_000);

  it("takedown dialog: a reason is required, then an explicit confirmation; cancel sends nothing", async () => {
    await go(`#/programs?groupId=${world.groupId}&seriesId=XYJ-1986`);
    await expect.poll(() => page.locator("table.results tbody tr").count()).toBe(3);
    await page.locator('table.results thead input[type="checkbox"]').check();
    await page.locator(".selection-bar button.danger").click();
    expect(await page.locator(".modal h2").textContent()).toContain("3");
    expect(await page.locator('.modal button[type="submit"]').isDisabled()).toBe(true);
    await page.fill('.modal textarea[name="reason"]', "仅检查对话框");
    await page.click('.modal button[type="submit"]');
    expect(await page.locator(".modal button.danger").isDisabled()).toBe(true);
    await page.check('.modal input[name="confirm"]');
    expect(await page.locator(".modal button.danger").isDisabled()).toBe(false);
    await shot("09-takedown-dialog");
    await page.locator(".modal button", { hasText: "返回" }).click();
    await page.locator(".modal button", { hasText: "取消" }).click();
    expect(await page.locator(".modal").count()).toBe(0);
  }, 60_000);

  it("an auditor created on the operators page signs in read-only", async () => {
    await go("#/operators");
    await page.fill('form.filters input[name="username"]', "auditor1");
    await page.selectOption('form.filters select[name="role"]', "auditor");
    await page.fill('form.filters input[name="password"]', "auditor-password-2026");
    await page.click('form.filters button[type="submit"]');
    await page.locator("table tbody tr", { hasText: "auditor1" }).waitFor();
    await page.locator("header.top button", { hasText: "退出登录" }).click();
    await page.locator("form.login").waitFor();
    await page.fill('input[name="username"]', "auditor1");
    await page.fill('input[name="password"]', "auditor-password-2026");
    await page.click('form.login button[type="submit"]');
    await page.locator("nav.side").waitFor();
    expect(await page.locator("header.top .who").textContent()).toContain("auditor");
    expect(await page.locator('nav.side a[href="#/operators"]').count()).toBe(0);
    await go("#/series");
    await page.locator("table.results tbody tr").first().waitFor();
    expect(await page.locator(".selection-bar button.danger").count()).toBe(0);
    // Back to the admin for the steps that follow.
    await page.locator("header.top button", { hasText: "退出登录" }).click();
    await page.fill('input[name="username"]', world.username);
    await page.fill('input[name="password"]', world.password);
    await page.click('form.login button[type="submit"]');
    await page.locator('nav.side a[href="#/operators"]').waitFor();
  }, 60_000);

  it("lists the audit trail with this session's sign-in and checks the chain", async () => {
    await go("#/audit");
    await page.locator('table.audit tr[data-action="session.login"]').first().waitFor();
    await page.click('[data-testid="verify-audit"]');
    await page.locator('[data-testid="audit-ok"]').waitFor();
    await shot("08-audit");
  }, 60_000);

  it("switches to English and back; the choice persists", async () => {
    await go("#/series");
    await page.click('[data-testid="lang"]');
    await expect.poll(() => page.locator("main h1").textContent()).toBe("Series");
    await page.reload();
    await expect.poll(() => page.locator("main h1").textContent()).toBe("Series");
    await expect.poll(() => page.locator("table.results tbody tr .tag").first().textContent()).toBe("Online");
    await page.click('[data-testid="lang"]');
    await expect.poll(() => page.locator("main h1").textContent()).toBe("节目集");
  }, 60_000);

  // The CP side is the CP simulator (`npm run cp-sim`) on the CP's registered URLs: it verifies
  // the platform's SM2 request sign and msgSign of each notice (src/sdk/notice.ts) and answers ok.
  it("takes a program down from the search results; the CP receives the signed notice; detail and audit show it", async () => {
    const cpFile = join(mkdtempSync(join(tmpdir(), "cp-sim-")), "cp.json");
    writeFileSync(cpFile, JSON.stringify([{ groupId: world.groupId, mode: "sm2" }]));
    const sim = startCpSim(world.base, cpFile, world.cpSimPort);
    const simUrl = `http://127.0.0.1:${world.cpSimPort}/_sim/received`;
    type SimNotice = { verified: boolean; kind: string; body: { msgData?: { programIds?: string[] } } | null };
    const received = async (): Promise<SimNotice[]> => ((await fetch(simUrl).then((r) => r.json()).catch(() => [])) as SimNotice[]);
    await expect.poll(async () => (await fetch(simUrl).catch(() => null))?.ok ?? false, { timeout: 30_000, interval: 250 }).toBe(true);
    const cp = { close: async () => sim.stop() };
    try {
      await go(`#/programs?groupId=${world.groupId}&seriesId=XYJ-1986`);
      const row = page.locator('table.results tr[data-id="XYJ-1986-E3"]');
      await row.waitFor();
      await row.locator('input[type="checkbox"]').check();
      await page.locator(".selection-bar button.danger").click();
      // The reason is required: the next step stays disabled without it.
      expect(await page.locator('.modal button[type="submit"]').isDisabled()).toBe(true);
      await page.fill('.modal textarea[name="reason"]', "浏览器测试：版权到期");
      await page.click('.modal button[type="submit"]');
      expect(await page.locator(".modal button.danger").isDisabled()).toBe(true);
      await page.check('.modal input[name="confirm"]');
      await page.click(".modal button.danger");
      const result = page.locator(".modal .result a").first();
      await result.waitFor();
      await result.click();
      await page.locator("table.notices tbody tr").first().waitFor();

      await expect
        .poll(async () => (await received()).some((n) => n.verified && n.kind === "302" && n.body?.msgData?.programIds?.includes("XYJ-1986-E3")), {
          timeout: 60_000,
          interval: 500,
        })
        .toBe(true);
      await expect
        .poll(
          async () => {
            await page.reload();
            await page.locator("table.notices tbody tr").first().waitFor();
            return page.locator("table.notices tbody tr .tag").first().textContent();
          },
          { timeout: 60_000, interval: 1000 },
        )
        .toBe("已送达");
      await shot("10-takedown-detail");
      await go("#/audit");
      await page.locator("table.audit tbody tr", { hasText: "XYJ-1986-E3" }).first().waitFor();
      await expectNoInjection();
    } finally {
      await cp.close();
    }
  }, 180_000);

  it("goes back to the login page when the session is gone (401)", async () => {
    await go("#/messages");
    // The messages page has loaded (its table comes with the answer): no request of it is left to race the cleared cookie.
    await page.locator("main table.messages").waitFor();
    await page.context().clearCookies();
    // A hash change without reload: the CPs page's API call answers 401.
    await page.click('nav.side a[href="#/cps"]');
    await page.locator("form.login").waitFor();
    expect(await page.locator("nav.side").count()).toBe(0);
  }, 60_000);
});
