/**
 * `npm run seed -- --programs 1000000`: loads a realistic catalog with Chinese titles into the
 * LOCAL D1 database that `wrangler dev` uses — 1 series per 10 programs, each with its episode
 * list, spread over five CPs, with directors, stars, categories, areas and update times.
 *
 * How: the D1 migrations are applied with wrangler (`d1 migrations apply --local`), then the
 * rows are written straight into that SQLite file (Node's built-in `node:sqlite`) in large
 * transactions — tens of thousands of rows a second, instead of hours through
 * `wrangler d1 execute`. The migration's triggers fill the search index as rows go in, and
 * search_text is computed by the same function the ingest path uses, so the database is exactly
 * what ingestion would have produced. Stop `wrangler dev` on that state while seeding.
 *
 * Options: --programs N (default 1000000), --series N (default programs/10),
 * --persist-to DIR (default .wrangler/state, as `wrangler dev`), --seed N (random seed).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { searchTextOf } from "../apps/platform/src/catalog/search";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const PROGRAMS = Number(arg("programs", "1000000"));
const SERIES = Number(arg("series", String(Math.max(1, Math.round(PROGRAMS / 10)))));
const PERSIST = arg("persist-to", ".wrangler/state");
let rngState = Number(arg("seed", "345")) >>> 0 || 1;

/** xorshift32: the same catalog on every run with the same seed. */
function random(): number {
  rngState ^= rngState << 13;
  rngState ^= rngState >>> 17;
  rngState ^= rngState << 5;
  return (rngState >>> 0) / 0x1_0000_0000;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// Words and names from which titles are made (two-character words, as Chinese titles mostly are).
const WORDS = (
  "长安 山海 大江 大河 繁花 人世 琅琊 风起 清平 觉醒 功勋 三体 狂飙 漫长 繁城 梦华 知否 鹤唳 庆余 赘婿 " +
  "流金 岁月 青春 山河 明月 星辰 江湖 少年 红楼 三国 水浒 西游 甄嬛 如懿 延禧 花千 天龙 射雕 神雕 笑傲 " +
  "倚天 鹿鼎 雪中 将夜 斗罗 斗破 凡人 仙剑 古剑 轩辕 玄武 白鹿 沉香 苍兰 星汉 灿烂 一念 关山 南烟 斋志 " +
  "大宋 少年 长歌 锦绣 南国 北境 东宫 西域 春风 秋水 冬至 夏至 风华 烟雨 江南 塞北 草原 大漠 孤城 故乡 " +
  "警察 刑侦 侦探 律师 医生 外卖 厨房 舌尖 人间 烟火 万家 灯火 小巷 胡同 老街 新城 都市 乡村 校园 军旅 " +
  "家有 儿女 父母 爱情 公寓 欢乐 颂歌 我的 你的 他们 时代 奋斗 理想 照耀 春天 追光 逐梦 向阳 破晓 黎明"
).split(" ");
const SUFFIXES = ["传", "记", "梦", "录", "志", "谣", "令", "行", "歌", "赋", "", "", "", "", "", "", "之恋", "往事", "风云", "传奇", "故事", "日记", "十二时辰"];
const SEASONS = ["", "", "", "", "", "第二季", "第三季", "前传", "续集", "电影版"];
const FAMOUS = ["甄嬛传", "西游记", "红楼梦", "三国演义", "水浒传", "琅琊榜", "长安十二时辰", "山海情", "大江大河", "繁花", "觉醒年代", "狂飙", "庆余年", "知否知否应是绿肥红瘦"];
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤".split("");
const GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国晓东海波宁浩然子轩雨欣梓涵一诺思远嘉怡俊杰".split("");
const CATEGORIES = ["电视剧", "电视剧", "电视剧", "电影", "综艺", "动漫", "纪录片", "少儿"];
const AREAS = ["中国大陆", "中国大陆", "中国大陆", "中国香港", "中国台湾", "美国", "韩国", "日本", "英国"];
const DEFINITIONS = ["HD", "HD", "HD", "SD", "4K", "8K"] as const;
const CPS = ["seed-mgtv", "seed-iqiyi", "seed-youku", "seed-tencent", "seed-bilibili"];
const CP_NAMES = ["芒果TV（演示）", "爱奇艺（演示）", "优酷（演示）", "腾讯视频（演示）", "哔哩哔哩（演示）"];

function personName(): string {
  return pick(SURNAMES) + pick(GIVEN) + (random() < 0.6 ? pick(GIVEN) : "");
}

function seriesTitle(i: number): string {
  if (i < FAMOUS.length * 3) return FAMOUS[i % FAMOUS.length]! + (i >= FAMOUS.length ? pick(SEASONS.filter(Boolean)) : "");
  return pick(WORDS) + pick(WORDS) + pick(SUFFIXES) + pick(SEASONS);
}

/** The local D1 file wrangler uses for the DB binding (after migrations it holds the `series` table). */
function localD1File(): string {
  const dir = join(PERSIST, "v3", "d1", "miniflare-D1DatabaseObject");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".sqlite"))
    .map((f) => join(dir, f));
  for (const file of files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)) {
    const db = new DatabaseSync(file, { readOnly: true });
    const found = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'series'").get();
    db.close();
    if (found) return file;
  }
  throw new Error(`no migrated D1 database under ${dir}`);
}

function main(): void {
  const started = Date.now();
  const r = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", PERSIST], { stdio: "inherit", env: { ...process.env, CI: "true" } });
  if (r.status !== 0) throw new Error("applying D1 migrations failed");
  const file = localD1File();
  console.log(`[seed] ${SERIES} series, ${PROGRAMS} programs → ${file}`);
  const db = new DatabaseSync(file);
  db.exec("PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;");

  // Bulk load: the search triggers and secondary indexes are set aside while rows go in, then
  // rebuilt from the same definitions (the n-grams the triggers would have written are computed
  // here with the trigger's rule), which is many times faster than maintaining them row by row.
  const deferred = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name IN ('series', 'programs', 'series_programs')
       AND ((type = 'trigger' AND name LIKE '%_search_%') OR (type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%'))`,
    )
    .all() as { type: string; name: string; sql: string }[];
  for (const d of deferred) db.exec(`DROP ${d.type.toUpperCase()} "${d.name}"`);
  const insertSearch = {
    series: db.prepare("INSERT INTO series_search (rowid, u, b) VALUES (?, ?, ?)"),
    programs: db.prepare("INSERT INTO programs_search (rowid, u, b) VALUES (?, ?, ?)"),
  };
  const index = (kind: "series" | "programs", rowid: number | bigint, text: string) => {
    const chars = Array.from(text);
    insertSearch[kind].run(rowid, chars.join(" "), chars.slice(0, -1).map((c, i) => c + chars[i + 1]).join(" "));
  };

  const now = Date.now();
  const insertCp = db.prepare(
    `INSERT OR IGNORE INTO cps (group_id, name, status, mode, public_key, mac_secret_enc, series_offline_url, program_offline_url, notice_id_format, created_at, updated_at)
     VALUES (?, ?, 'active', 'sm2', NULL, NULL, ?, ?, 'string', ?, ?)`,
  );
  CPS.forEach((g, i) => insertCp.run(g, CP_NAMES[i]!, `https://${g}.example.com/emergency/series`, `https://${g}.example.com/emergency/programs`, now, now));

  const insertSeries = db.prepare(
    `INSERT INTO series (group_id, series_id, title, category, year, area, definition, completed, paid, episode_count, episode_last, v_image_url, data,
       status, deleted, emergency_locked, last_msg_id, last_msg_time, created_at, updated_at, search_text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?)
     ON CONFLICT (group_id, series_id) DO NOTHING`,
  );
  const insertProgram = db.prepare(
    `INSERT INTO programs (group_id, program_id, title, category, area, definition, series_id, paid, duration, play_infos, data,
       status, deleted, emergency_locked, last_msg_id, last_msg_time, created_at, updated_at, search_text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?)
     ON CONFLICT (group_id, program_id) DO NOTHING`,
  );
  const insertEpisode = db.prepare(
    `INSERT OR IGNORE INTO series_programs (group_id, series_id, program_id, title, program_type, seq, stage, paid, status) VALUES (?, ?, ?, ?, '正片', ?, NULL, ?, ?)`,
  );

  const perSeries = Math.max(1, Math.floor(PROGRAMS / SERIES));
  let programsLeft = PROGRAMS;
  const YEAR_MS = 365 * 86_400_000;
  db.exec("BEGIN");
  for (let s = 0; s < SERIES; s++) {
    const groupId = CPS[s % CPS.length]!;
    const seriesId = `S${String(s + 1).padStart(7, "0")}`;
    const title = seriesTitle(s);
    const category = pick(CATEGORIES);
    const area = pick(AREAS);
    const definition = pick(DEFINITIONS);
    const year = String(1995 + Math.floor(random() * 31));
    const paid = random() < 0.3 ? 1 : 0;
    const status = random() < 0.92 ? "online" : "offline";
    const directors = [personName()];
    const stars = [personName(), personName(), personName()];
    const episodes = s === SERIES - 1 ? programsLeft : Math.min(perSeries, programsLeft);
    programsLeft -= episodes;
    const updatedAt = now - Math.floor(random() * YEAR_MS);
    const msgId = `seed-${seriesId}`;
    const vImageUrl = `https://img.example.com/${groupId}/${seriesId}/v.jpg`;
    const data = {
      seriesId,
      title,
      enTitle: null,
      vImageUrl,
      hImageUrl: `https://img.example.com/${groupId}/${seriesId}/h.jpg`,
      category,
      year,
      areas: [area],
      languages: ["普通话"],
      definition,
      summary: `${title}：演示数据，由 npm run seed 生成。`,
      directors,
      stars,
      episodeCount: episodes,
      episodeLast: episodes,
      completed: true,
      paid,
      status,
    };
    const seriesText = searchTextOf({ title, directors, stars });
    const sRow = insertSeries.run(groupId, seriesId, title, category, year, area, definition, 1, paid, episodes, episodes, vImageUrl, JSON.stringify(data), status, msgId, updatedAt, updatedAt, updatedAt, seriesText);
    if (sRow.changes > 0) index("series", sRow.lastInsertRowid, seriesText);
    for (let e = 1; e <= episodes; e++) {
      const programId = `${seriesId}-E${String(e).padStart(3, "0")}`;
      const pTitle = `${title} 第${e}集`;
      const pUpdated = updatedAt + e * 1000;
      const playInfos = [{ videoId: `${programId}-${definition}`, definition, playUrl: `https://cdn.example.com/${groupId}/${programId}/index.m3u8` }];
      const pData = { programId, title: pTitle, category, areas: [area], definition, seriesId, duration: 2400 + Math.floor(random() * 600), paid, status };
      const programText = searchTextOf({ title: pTitle });
      const pRow = insertProgram.run(groupId, programId, pTitle, category, area, definition, seriesId, paid, pData.duration, JSON.stringify(playInfos), JSON.stringify(pData), status, msgId, pUpdated, pUpdated, pUpdated, programText);
      if (pRow.changes > 0) index("programs", pRow.lastInsertRowid, programText);
      insertEpisode.run(groupId, seriesId, programId, `第${e}集`, e, paid, status);
    }
    if ((s + 1) % 5000 === 0) {
      db.exec("COMMIT; BEGIN");
      const done = PROGRAMS - programsLeft;
      console.log(`[seed] ${s + 1} series, ${done} programs (${Math.round(done / ((Date.now() - started) / 1000))} programs/s)`);
    }
  }
  db.exec("COMMIT");
  console.log(`[seed] rows in after ${((Date.now() - started) / 1000).toFixed(1)} s; rebuilding ${deferred.length} indexes and triggers`);
  for (const d of deferred.filter((x) => x.type === "index")) db.exec(d.sql);
  for (const d of deferred.filter((x) => x.type === "trigger")) db.exec(d.sql);
  db.exec("INSERT INTO programs_search (programs_search) VALUES ('optimize'); INSERT INTO series_search (series_search) VALUES ('optimize');");
  db.exec("PRAGMA optimize;");
  db.close();
  console.log(`[seed] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
