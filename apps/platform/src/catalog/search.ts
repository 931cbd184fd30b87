/**
 * Console search over series and programs (a million rows): substring match on the names a
 * row carries, for 1-, 2- and 3+-character Chinese queries, with filters, keyset paging and a
 * capped total.
 *
 * Index (migration 0004a): `search_text` holds the lower-cased names; triggers cut it into an
 * FTS5 table of unigrams (column u) and bigrams (column b) in the same statement that writes
 * the row, so the index is consistent inside every message's batch. A 1-character query is a
 * u-token, 2 characters a b-token, longer a phrase of its bigrams; `instr(search_text, q)` then
 * keeps exact substring matches only. When a query matches more than COUNT_CAP rows (a common
 * character), the rows are instead walked in the requested order with the `instr` filter,
 * which stops after one page because matches are dense.
 */
import type { Db } from "./db";
import { Where } from "./where";

export const COUNT_CAP = 10_000;
const MAX_SEARCH_TEXT = 1024;

export interface SeriesNames {
  title: string;
  subTitle?: string | null | undefined;
  enTitle?: string | null | undefined;
  directors?: readonly string[] | null | undefined;
  stars?: readonly string[] | null | undefined;
}

/** The text a row is found by: its names, lower-cased, one per line. */
export function searchTextOf(names: SeriesNames): string {
  const parts = [names.title, names.subTitle ?? "", names.enTitle ?? "", ...(names.directors ?? []), ...(names.stars ?? [])];
  return Array.from(normalizeSearch(parts.join("\n"))).slice(0, MAX_SEARCH_TEXT).join("");
}

export function normalizeSearch(text: string): string {
  return text.normalize("NFC").toLowerCase();
}

/** Runs of characters FTS5's unicode61 tokenizer keeps together (letters, digits, private use). */
const TOKEN_RUN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** The FTS5 expression of a query: each run of the query as a u-token, a b-token or a bigram phrase. */
export function ngramMatchExpression(query: string): string | null {
  const runs = normalizeSearch(query).match(TOKEN_RUN) ?? [];
  const terms = runs.map((run) => {
    const chars = Array.from(run);
    if (chars.length === 1) return `u : "${chars[0]}"`;
    const bigrams = chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
    return `b : "${bigrams.join(" ")}"`;
  });
  return terms.length === 0 ? null : terms.join(" AND ");
}

export type SearchKind = "series" | "programs";

export interface SearchFilters {
  q?: string | undefined;
  groupId?: string | undefined;
  seriesId?: string | undefined;
  category?: string | undefined;
  year?: string | undefined;
  area?: string | undefined;
  definition?: string | undefined;
  status?: string | undefined;
  paid?: number | undefined;
  locked?: boolean | undefined;
  deleted?: boolean | undefined;
  updatedFrom?: number | undefined;
  updatedTo?: number | undefined;
}

export interface SearchQuery extends SearchFilters {
  sort: "updated" | "title";
  order: "asc" | "desc";
  /** Keyset position: the sort value and row id of the last row of the previous page. */
  after?: { value: string | number; id: number } | undefined;
  /** The total the first page reported (carried by the cursor): later pages do not count again. */
  knownTotal?: { total: number; totalIsEstimate: boolean } | undefined;
  limit: number;
}

export interface SearchPage<T> {
  rows: (T & { id: number; sortValue: string | number })[];
  hasMore: boolean;
  total: number;
  totalIsEstimate: boolean;
}

const COLUMNS: Record<SearchKind, string> = {
  series:
    "t.id, t.group_id AS groupId, t.series_id AS seriesId, t.title, t.category, t.year, t.area, t.definition, t.status, t.deleted, t.emergency_locked AS emergencyLocked, t.paid, t.episode_count AS episodeCount, t.v_image_url AS vImageUrl, t.updated_at AS updatedAt",
  programs:
    "t.id, t.group_id AS groupId, t.program_id AS programId, t.title, t.category, t.area, t.definition, t.series_id AS seriesId, t.status, t.deleted, t.emergency_locked AS emergencyLocked, t.paid, t.duration, t.updated_at AS updatedAt",
};

/** WHERE terms of the filters (no keyset, no text match), with their parameters. */
function filterTerms(kind: SearchKind, f: SearchFilters): Where {
  const flag = (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0);
  return new Where()
    .add("t.group_id = ?", f.groupId)
    .add("t.series_id = ?", kind === "programs" ? f.seriesId : undefined)
    .add("t.category = ?", f.category)
    .add("t.year = ?", kind === "series" ? f.year : undefined)
    .add("t.area = ?", f.area)
    .add("t.definition = ?", f.definition)
    .add("t.status = ?", f.status)
    .add("t.paid = ?", f.paid)
    .add("t.emergency_locked = ?", flag(f.locked))
    .add("t.deleted = ?", flag(f.deleted))
    .add("t.updated_at >= ?", f.updatedFrom)
    .add("t.updated_at <= ?", f.updatedTo);
}

function where(terms: string[]): string {
  return terms.length === 0 ? "" : `WHERE ${terms.join(" AND ")}`;
}

/** Columns of each kind's covering index (migration 0004b), which the counting window reads. */
const COVERED: Record<SearchKind, string> = {
  series: "t.id, t.updated_at, t.group_id, t.category, t.year, t.area, t.definition, t.status, t.paid, t.deleted, t.emergency_locked, t.search_text",
  programs: "t.id, t.updated_at, t.group_id, t.series_id, t.category, t.area, t.definition, t.status, t.paid, t.deleted, t.emergency_locked, t.search_text",
};

/** Rows (newest first) a filtered count reads at most; beyond, the total is a lower bound. */
const COUNT_WINDOW = 20_000;
/** Reading a row by id costs about this many covering-index entries walked in order. */
const ROW_LOOKUP_COST = 10;

/**
 * One page of a console search and its total: exact up to COUNT_CAP, otherwise marked as an
 * estimate (then `total` is a lower bound: the cap, or the matches among the newest
 * COUNT_WINDOW rows).
 *
 * Plans: a query whose n-gram candidates are few (≤ CANDIDATES_JOINED) joins them to the rows;
 * a query with many candidates, and every list without a query, walks the covering index in
 * the requested order and stops after one page (matches are dense there, so that is short).
 */
export async function searchContent<T>(db: Db, kind: SearchKind, query: SearchQuery): Promise<SearchPage<T>> {
  const d1 = db.$client;
  const table = kind;
  const fts = `${kind}_search`;
  const filters = filterTerms(kind, query);
  const terms = [...filters.terms];
  const params = [...filters.params];
  const needle = query.q === undefined ? "" : normalizeSearch(query.q.trim());
  const match = needle ? ngramMatchExpression(needle) : null;
  // One run of letters/digits: the n-gram match is exactly the substring match.
  const matchIsExact = match !== null && !match.includes(" AND ") && needle.match(TOKEN_RUN)?.[0] === needle;
  if (needle) {
    terms.push("instr(t.search_text, ?) > 0");
    params.push(needle);
  }

  let candidates = Infinity;
  // Join the candidates (one row read each) or walk the covering index until a page is full
  // (about limit × rows / candidates entries): whichever reads less. One round trip for both figures.
  let joined = false;
  if (match) {
    const row = await d1
      .prepare(`SELECT (SELECT count(*) FROM (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ? LIMIT ${COUNT_CAP + 1})) AS n, (SELECT max(id) FROM ${table}) AS rows`)
      .bind(match)
      .first<{ n: number; rows: number | null }>();
    candidates = row?.n ?? 0;
    joined = candidates * ROW_LOOKUP_COST * candidates <= (query.limit + 1) * (row?.rows ?? 0);
  }
  // A text filter walks the covering index newest first (SQLite would otherwise pick a
  // narrower index and read every wide row to test its text).
  const walkCovering = !joined && needle !== "" && query.sort === "updated";
  const from = joined ? `${fts} m CROSS JOIN ${table} t ON t.id = m.rowid` : walkCovering ? `${table} t INDEXED BY ${kind}_console_idx` : `${table} t`;
  const fromTerms = joined ? [`m.${fts} MATCH ?`] : [];
  const fromParams = joined ? [match] : [];

  const sortColumn = query.sort === "title" ? "t.title" : "t.updated_at";
  const dir = query.order === "asc" ? "ASC" : "DESC";
  const keyset: string[] = [];
  const keysetParams: unknown[] = [];
  if (query.after) {
    keyset.push(`(${sortColumn}, t.id) ${query.order === "asc" ? ">" : "<"} (?, ?)`);
    keysetParams.push(query.after.value, query.after.id);
  }
  const firstPage = query.knownTotal === undefined;
  // Joined candidates are counted in the same pass as the page (first page only).
  const countInPage = joined && firstPage && !query.after;
  const idsSql = `SELECT t.id AS id, ${sortColumn} AS sortValue${countInPage ? ", count(*) OVER () AS n" : ""} FROM ${from} ${where([...fromTerms, ...terms, ...keyset])}
    ORDER BY ${sortColumn} ${dir}, t.id ${dir} LIMIT ?`;

  // The total, by the cheapest exact way, else a marked lower bound.
  let countStatement: D1PreparedStatement | null = null;
  let total = 0;
  let totalIsEstimate = false;
  const anyFilter = filters.terms.length > 0;
  if (query.knownTotal) {
    ({ total, totalIsEstimate } = query.knownTotal);
  } else if (joined) {
    if (!countInPage) countStatement = d1.prepare(`SELECT count(*) AS n, 0 AS windowFull FROM ${from} ${where([...fromTerms, ...terms])}`).bind(...fromParams, ...params);
  } else if (match && matchIsExact && !anyFilter) {
    total = Math.min(candidates, COUNT_CAP);
    totalIsEstimate = candidates > COUNT_CAP;
  } else if (!needle && !anyFilter) {
    countStatement = d1.prepare(`SELECT count(*) AS n, 0 AS windowFull FROM (SELECT 1 FROM ${table} LIMIT ${COUNT_CAP + 1})`);
  } else {
    countStatement = d1
      .prepare(
        `SELECT coalesce(sum(CASE WHEN ${terms.join(" AND ")} THEN 1 ELSE 0 END), 0) AS n, count(*) >= ${COUNT_WINDOW} AS windowFull
         FROM (SELECT ${COVERED[kind]} FROM ${table} t INDEXED BY ${kind}_console_idx ORDER BY t.updated_at DESC LIMIT ${COUNT_WINDOW}) t`,
      )
      .bind(...params);
  }

  // The page: ids by the plan above, then their rows (a page is at most 101), in one statement.
  const pageSql = `SELECT ${COLUMNS[kind]}, s.sortValue AS sortValue${countInPage ? ", s.n AS n" : ""} FROM (${idsSql}) s JOIN ${table} t ON t.id = s.id
    ORDER BY s.sortValue ${dir}, s.id ${dir}`;
  const statements = [d1.prepare(pageSql).bind(...fromParams, ...params, ...keysetParams, query.limit + 1)];
  if (countStatement) statements.push(countStatement);
  const [pageResult, countResult] = await d1.batch<Record<string, unknown>>(statements);
  const found = (pageResult!.results as (T & { id: number; sortValue: string | number; n?: number })[]).map((r) => toBooleans(r));
  if (countInPage) {
    const n = found[0]?.n ?? 0;
    total = Math.min(n, COUNT_CAP);
    totalIsEstimate = n > COUNT_CAP;
  }
  if (countResult) {
    const { n, windowFull } = countResult.results[0] as { n: number; windowFull: number };
    total = Math.min(Number(n), COUNT_CAP);
    totalIsEstimate = Number(n) > COUNT_CAP || Number(windowFull) === 1;
  }
  const rows = found.slice(0, query.limit).map(({ n: _n, ...row }) => row as T & { id: number; sortValue: string | number });
  return { rows, hasMore: found.length > query.limit, total, totalIsEstimate };
}

function toBooleans<R>(row: R): R {
  const r = row as Record<string, unknown>;
  for (const key of ["deleted", "emergencyLocked"]) if (key in r) r[key] = r[key] === 1 || r[key] === true;
  return row;
}
