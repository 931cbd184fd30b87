/** The search results: one row per series or program, each with its selection checkbox. */
import type { ProgramSearchItem, SeriesSearchItem } from "@gyt345/platform/admin/api-types";
import { Flags, StatusTag } from "../components";
import { fmtTime, t } from "../i18n";
import { href } from "../router";
import { Table, type Column } from "../table";
import { Poster } from "./poster";

export type SearchKind = "series" | "programs";
export type SearchItem = SeriesSearchItem | ProgramSearchItem;

/** Series rows carry no programId (the search's SQL columns). */
export function isProgram(r: SearchItem): r is ProgramSearchItem {
  return "programId" in r;
}

export function idOf(r: SearchItem): string {
  return isProgram(r) ? r.programId : r.seriesId;
}

/** Identity across CPs: two CPs may use the same id. */
export function keyOf(r: SearchItem): string {
  return `${r.groupId}\u0000${idOf(r)}`;
}

export function SearchResults({
  kind,
  items,
  selected,
  onSelect,
}: {
  kind: SearchKind;
  items: SearchItem[];
  selected: ReadonlyMap<string, SearchItem>;
  /** The next selection (rows added or removed). */
  onSelect: (next: Map<string, SearchItem>) => void;
}) {
  const toggle = (rows: SearchItem[], on: boolean) => {
    const next = new Map(selected);
    for (const r of rows) on ? next.set(keyOf(r), r) : next.delete(keyOf(r));
    onSelect(next);
  };
  const series = kind === "series";
  const columns: (Column<SearchItem> | false)[] = [
    {
      head: (
        <input
          type="checkbox"
          aria-label={t("全选")}
          checked={items.length > 0 && items.every((r) => selected.has(keyOf(r)))}
          onChange={(e) => toggle(items, e.currentTarget.checked)}
        />
      ),
      cell: (r) => <input type="checkbox" aria-label={idOf(r)} checked={selected.has(keyOf(r))} onChange={(e) => toggle([r], e.currentTarget.checked)} />,
    },
    series && { head: t("海报"), cell: (r) => <Poster url={isProgram(r) ? null : r.vImageUrl} /> },
    {
      head: t("标题"),
      cell: (r) => (
        <>
          <a class="title" href={href([kind, r.groupId, idOf(r)])}>
            {r.title}
          </a>
          <div class="muted small">{idOf(r)}</div>
        </>
      ),
    },
    { head: t("内容平台标识"), cell: (r) => r.groupId },
    { head: t("分类"), cell: (r) => r.category ?? "—" },
    series
      ? { head: t("年份"), cell: (r) => (isProgram(r) ? "—" : (r.year ?? "—")) }
      : { head: t("时长"), cell: (r) => (isProgram(r) && r.duration ? `${Math.round(r.duration / 60)}′` : "—") },
    { head: t("地区"), cell: (r) => r.area ?? "—" },
    { head: t("清晰度"), cell: (r) => r.definition ?? "—" },
    series && { head: t("集数"), cell: (r) => (isProgram(r) ? "—" : (r.episodeCount ?? "—")) },
    {
      head: t("状态"),
      cell: (r) => (
        <>
          <StatusTag kind="content" value={r.status} /> <Flags row={r} />
        </>
      ),
    },
    { head: t("更新时间"), cell: (r) => fmtTime(r.updatedAt) },
  ];
  return <Table class="results" columns={columns} rows={items} rowKey={keyOf} rowData={(r) => ({ "data-id": idOf(r) })} />;
}
