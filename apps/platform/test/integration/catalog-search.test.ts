/**
 * The catalog schema is ready for the console's search at a million rows: title substring
 * search through the FTS5 n-gram index (migration 0004a), and every filter the console pages by update time uses an index
 * (no full scan, no temporary sort).
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { ngramMatchExpression } from "../../src/catalog/search";
import { loginAdmin, onboardCp, PATHS, programMessage, seriesMessage, type TestCp } from "../helpers/platform";

let cp: TestCp;
beforeAll(async () => {
  cp = await onboardCp(await loginAdmin(), "mac");
  await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-FTS-1", title: "山海情" }));
  await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-FTS-2", title: "大江大河" }));
  await cp.post(PATHS.programInject, programMessage({ programId: "P-FTS-1", title: "流浪地球 导演剪辑版", seriesId: undefined, seriesPrograms: undefined }));
});

describe("title search", () => {
  it("finds series and programs by any part of the title (1, 2, 3+ characters), and follows renames", async () => {
    const find = (table: string, q: string) =>
      env.DB.prepare(`SELECT t.title FROM ${table}_search f JOIN ${table} t ON t.id = f.rowid WHERE ${table}_search MATCH ?1 AND t.group_id = ?2`)
        .bind(ngramMatchExpression(q), cp.groupId)
        .all<{ title: string }>();
    expect((await find("series", "海情")).results).toEqual([{ title: "山海情" }]);
    expect((await find("series", "情")).results).toEqual([{ title: "山海情" }]);
    expect((await find("series", "山海情")).results).toEqual([{ title: "山海情" }]);
    expect((await find("programs", "导演剪辑")).results).toEqual([{ title: "流浪地球 导演剪辑版" }]);
    await cp.post(PATHS.seriesInject, seriesMessage({ seriesId: "S-FTS-2", title: "大江大河 第二部" }, { msgType: 101 }));
    expect((await find("series", "第二部")).results).toEqual([{ title: "大江大河 第二部" }]);
  });
});

describe("query plans of console filters", () => {
  const plans: [string, string, RegExp][] = [
    ["by CP, newest first", "SELECT id FROM series WHERE group_id = 'x' ORDER BY updated_at DESC LIMIT 20", /series_group_updated_idx/],
    ["by category", "SELECT id FROM series WHERE category = '电视剧' ORDER BY updated_at DESC LIMIT 20", /series_category_updated_idx/],
    ["by year", "SELECT id FROM series WHERE year = '2021' ORDER BY updated_at DESC LIMIT 20", /series_year_updated_idx/],
    ["by area", "SELECT id FROM series WHERE area = '中国大陆' ORDER BY updated_at DESC LIMIT 20", /series_area_updated_idx/],
    ["by definition", "SELECT id FROM series WHERE definition = 'HD' ORDER BY updated_at DESC LIMIT 20", /series_definition_updated_idx/],
    ["by status", "SELECT id FROM series WHERE status = 'online' ORDER BY updated_at DESC LIMIT 20", /series_status_updated_idx/],
    ["by update time", "SELECT id FROM series WHERE updated_at > 0 ORDER BY updated_at DESC LIMIT 20", /series_console_idx/],
    ["title prefix", "SELECT id FROM series WHERE title >= '山海' AND title < '山海\uffff' LIMIT 20", /series_title_id_idx/],
    ["episode list in seq order", "SELECT program_id FROM series_programs WHERE group_id = 'x' AND series_id = 'y' ORDER BY seq", /series_programs_seq_idx/],
    ["programs by category", "SELECT id FROM programs WHERE category = '电影' ORDER BY updated_at DESC LIMIT 20", /programs_category_updated_idx/],
    ["programs by CP", "SELECT id FROM programs WHERE group_id = 'x' ORDER BY updated_at DESC LIMIT 20", /programs_group_updated_idx/],
    ["programs of a series", "SELECT id FROM programs WHERE group_id = 'x' AND series_id = 'y'", /programs_series_idx/],
  ];
  for (const [label, query, index] of plans) {
    it(`${label} uses ${index.source} without a sort`, async () => {
      const plan = (await env.DB.prepare(`EXPLAIN QUERY PLAN ${query}`).all<{ detail: string }>()).results.map((r) => r.detail).join(" | ");
      expect(plan).toMatch(index);
      expect(plan).not.toMatch(/USE TEMP B-TREE/);
    });
  }
});
