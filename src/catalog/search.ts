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
function filterTerms(kind: SearchKind, f: SearchFilters): { terms: string[]; params: unknown[] } {
  const terms: string[] = [];
  const params: unknown[] = [];
  const eq = (column: string, value: unknown) => {
    if (value === undefined) return;
    terms.push(`t.${column} = ?`);
    params.push(value);
  };
  eq("group_id", f.groupId);
  if (kind === "programs") eq("series_id", f.seriesId);
  eq("category", f.category);
  if (kind === "series") eq("year", f.year);
  eq("area", f.area);
  eq("definition", f.definition);
  eq("status", f.status);
  eq("paid", f.paid);
  eq("emergency_locked", f.locked === undefined ? undefined : f.locked ? 1 : 0);
  eq("deleted", f.deleted === undefined ? undefined : f.deleted ? 1 : 0);
  if (f.updatedFrom !== undefined) {
    terms.push("t.updated_at >= ?");
    params.push(f.updatedFrom);
  }
  if (f.updatedTo !== undefined) {
    terms.push("t.updated_at <= ?");
    params.push(f.updatedTo);
  }
  return { terms, params };
}

function where(terms: string[]): string {
  return terms.length === 0 ? "" : `WHERE ${terms.join(" AND ")}`;
}

/** One page of a console search, and its total (exact up to COUNT_CAP, an estimate above). */
export async function searchContent<T>(db: Db, kind: SearchKind, query: SearchQuery): Promise<SearchPage<T>> {
  const d1 = db.$client;
  const table = kind;
  const fts = `${kind}_search`;
  const { terms, params } = filterTerms(kind, query);
  const needle = query.q === undefined ? undefined : normalizeSearch(query.q.trim());
  const match = needle ? ngramMatchExpression(needle) : null;

  if (needle) {
    terms.push("instr(t.search_text, ?) > 0");
    params.push(needle);
  }

  // A query's candidates from the n-gram index, counted up to the cap.
  let candidates = Infinity;
  if (match) {
    const row = await d1
      .prepare(`SELECT count(*) AS n FROM (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ? LIMIT ${COUNT_CAP + 1})`)
      .bind(match)
      .first<{ n: number }>();
    candidates = row?.n ?? 0;
  }
  const viaIndex = match !== null && candidates <= COUNT_CAP;
  const from = viaIndex ? `${fts} m CROSS JOIN ${table} t ON t.id = m.rowid` : `${table} t`;
  const fromParams = viaIndex ? [match] : [];
  const matchTerm = viaIndex ? [`m.${fts} MATCH ?`] : [];

  const sortColumn = query.sort === "title" ? "t.title" : "t.updated_at";
  const dir = query.order === "asc" ? "ASC" : "DESC";
  const keyset: string[] = [];
  const keysetParams: unknown[] = [];
  if (query.after) {
    keyset.push(`(${sortColumn}, t.id) ${query.order === "asc" ? ">" : "<"} (?, ?)`);
    keysetParams.push(query.after.value, query.after.id);
  }

  const pageSql = `SELECT ${COLUMNS[kind]}, ${sortColumn} AS sortValue FROM ${from} ${where([...matchTerm, ...terms, ...keyset])}
    ORDER BY ${sortColumn} ${dir}, t.id ${dir} LIMIT ?`;
  const countSql = `SELECT count(*) AS n FROM (SELECT 1 FROM ${from} ${where([...matchTerm, ...terms])} LIMIT ${COUNT_CAP + 1})`;
  const [page, count] = await d1.batch<Record<string, unknown>>([
    d1.prepare(pageSql).bind(...fromParams, ...params, ...keysetParams, query.limit + 1),
    d1.prepare(countSql).bind(...fromParams, ...params),
  ]);
  const rows = (page!.results as (T & { id: number; sortValue: string | number })[]).map((r) => toBooleans(r));
  const n = Number((count!.results[0] as { n: number }).n);
  return {
    rows: rows.slice(0, query.limit),
    hasMore: rows.length > query.limit,
    total: Math.min(n, COUNT_CAP),
    totalIsEstimate: n > COUNT_CAP,
  };
}

function toBooleans<R>(row: R): R {
  const r = row as Record<string, unknown>;
  for (const key of ["deleted", "emergencyLocked"]) if (key in r) r[key] = r[key] === 1 || r[key] === true;
  return row;
}
