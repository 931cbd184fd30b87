/**
 * Series / program search: the filters (kept in the URL), the results, and a selection of rows
 * for takedown, lift and the monitoring wall.
 */
import { useEffect, useState } from "preact/hooks";
import type { SearchAnswer } from "@gyt345/platform/admin/api-types";
import { qs, useApi, type Me } from "../api";
import { Empty, Load, Pager, TakedownDialog, useFilterForm, type TakedownTarget } from "../components";
import { t } from "../i18n";
import { FILTERS, SearchFilters } from "./search-filters";
import { idOf, keyOf, SearchResults, type SearchItem, type SearchKind } from "./search-results";
import { SelectionBar } from "./selection-bar";

function dayStart(d: string): string | undefined {
  const ms = Date.parse(`${d}T00:00:00`);
  return Number.isNaN(ms) ? undefined : String(ms);
}

/** The selected rows grouped per CP: one takedown request per groupId. */
function targetsOf(selected: Iterable<SearchItem>, kind: SearchKind): TakedownTarget[] {
  const by = new Map<string, TakedownTarget>();
  for (const r of selected) {
    const g = by.get(r.groupId) ?? { groupId: r.groupId, seriesIds: [], programIds: [], labels: [] };
    (kind === "series" ? g.seriesIds : g.programIds).push(idOf(r));
    g.labels.push(`${r.title} (${idOf(r)})`);
    by.set(r.groupId, g);
  }
  return [...by.values()];
}

/** Mounted once per kind (main.tsx keys it), so switching kind starts afresh. */
export function Search({ kind, query, me }: { kind: SearchKind; query: URLSearchParams; me: Me }) {
  const { applied, form, set, pager } = useFilterForm(FILTERS, query);
  const [selected, setSelected] = useState<Map<string, SearchItem>>(new Map());
  const [dialog, setDialog] = useState<"takedown" | "lift" | null>(null);
  const queryKey = query.toString();
  useEffect(() => setSelected(new Map()), [queryKey]);
  const params: Record<string, string | undefined> = { ...applied, cursor: pager.cursor, limit: "50" };
  params.updatedFrom = applied.updatedFrom ? dayStart(applied.updatedFrom) : undefined;
  params.updatedTo = applied.updatedTo ? String(Number(dayStart(applied.updatedTo)) + 86_400_000 - 1) : undefined;
  if (kind === "series") delete params.seriesId;
  else delete params.year;
  const page = useApi<SearchAnswer<SearchItem>>(`/${kind}${qs(params)}`);
  return (
    <section>
      <h1>{kind === "series" ? t("节目集") : t("节目")}</h1>
      <SearchFilters kind={kind} form={form} set={set} />
      <SelectionBar kind={kind} selected={[...selected.values()]} canAct={me.role === "admin" || me.role === "operator"} onAction={setDialog} />
      <Load state={page}>
        {(p) => (
          <>
            <p class="muted total">{p.totalIsEstimate ? t("至少 {n} 条", { n: p.total }) : t("共 {n} 条", { n: p.total })}</p>
            <SearchResults kind={kind} items={p.items} selected={selected} onSelect={setSelected} />
            <Empty when={p.items.length === 0} />
            <Pager pager={pager} nextCursor={p.nextCursor} />
          </>
        )}
      </Load>
      {dialog && (
        <TakedownDialog
          action={dialog}
          targets={targetsOf(selected.values(), kind)}
          onClose={(done) => {
            setDialog(null);
            if (done) {
              setSelected(new Map());
              page.reload();
            }
          }}
        />
      )}
    </section>
  );
}
