/**
 * Series / program search (filters per the CONTRACT, kept in the URL), multi-select for
 * takedown, lift and the monitoring wall.
 */
import { useEffect, useState } from "preact/hooks";
import { qs, useApi, type Me } from "../api";
import { Empty, Flags, Load, Pager, StatusTag, TakedownDialog, usePager, type TakedownTarget } from "../components";
import { fmtTime, t } from "../i18n";
import { href, navigate } from "../router";
import { addToWall } from "../wall-store";
import { Poster } from "./poster";

interface Row {
  groupId: string;
  seriesId?: string | null;
  programId?: string;
  title: string;
  category: string | null;
  year?: string | null;
  area: string | null;
  definition: string | null;
  status: string;
  deleted: boolean;
  emergencyLocked: boolean;
  paid: number | null;
  episodeCount?: number | null;
  vImageUrl?: string | null;
  duration?: number | null;
  updatedAt: number;
}
interface Page {
  items: Row[];
  nextCursor: string | null;
  total?: number;
  totalIsEstimate?: boolean;
}

const FILTERS = ["q", "groupId", "seriesId", "category", "year", "area", "definition", "status", "paid", "locked", "deleted", "updatedFrom", "updatedTo", "sort", "order"] as const;
type Filter = (typeof FILTERS)[number];

function dayStart(d: string): string | undefined {
  const ms = Date.parse(`${d}T00:00:00`);
  return Number.isNaN(ms) ? undefined : String(ms);
}

export function Search({ kind, query, me }: { kind: "series" | "programs"; query: URLSearchParams; me: Me }) {
  const applied = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ""])) as Record<Filter, string>;
  const [form, setForm] = useState(applied);
  const pager = usePager();
  const [selected, setSelected] = useState<Map<string, Row>>(new Map());
  const [dialog, setDialog] = useState<"takedown" | "lift" | null>(null);
  const [flash, setFlash] = useState("");
  const queryKey = query.toString();
  useEffect(() => {
    setForm(applied);
    pager.reset();
    setSelected(new Map());
  }, [queryKey, kind]);
  const params: Record<string, string | undefined> = { ...applied, cursor: pager.cursor, limit: "50" };
  params.updatedFrom = applied.updatedFrom ? dayStart(applied.updatedFrom) : undefined;
  params.updatedTo = applied.updatedTo ? String(Number(dayStart(applied.updatedTo)) + 86_400_000 - 1) : undefined;
  if (kind === "series") delete params.seriesId;
  else delete params.year;
  const page = useApi<Page>(`/${kind}${qs(params)}`);
  const keyOf = (r: Row) => `${r.groupId}\u0000${kind === "series" ? r.seriesId : r.programId}`;
  const idOf = (r: Row) => (kind === "series" ? r.seriesId! : r.programId!);
  const set = (k: Filter) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [k]: e.currentTarget.value });
  const targets = (): TakedownTarget[] => {
    const by = new Map<string, TakedownTarget>();
    for (const r of selected.values()) {
      const g = by.get(r.groupId) ?? { groupId: r.groupId, seriesIds: [], programIds: [], labels: [] };
      (kind === "series" ? g.seriesIds : g.programIds).push(idOf(r));
      g.labels.push(`${r.title} (${idOf(r)})`);
      by.set(r.groupId, g);
    }
    return [...by.values()];
  };
  const canAct = me.role === "admin" || me.role === "operator";
  const select = (
    name: Filter,
    options: [string, string][],
  ) => (
    <select name={name} value={form[name]} onChange={set(name)}>
      <option value="">{t("全部")}</option>
      {options.map(([v, l]) => (
        <option key={v} value={v}>
          {l}
        </option>
      ))}
    </select>
  );
  return (
    <section>
      <h1>{kind === "series" ? t("节目集") : t("节目")}</h1>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(href([kind], Object.fromEntries(Object.entries(form).filter(([, v]) => v !== ""))));
        }}
      >
        <input name="q" type="search" class="q" placeholder={t("关键词")} value={form.q} onInput={set("q")} />
        <input name="groupId" placeholder={t("内容平台标识")} value={form.groupId} onInput={set("groupId")} />
        {kind === "programs" && <input name="seriesId" placeholder={t("节目集标识")} value={form.seriesId} onInput={set("seriesId")} />}
        <input name="category" placeholder={t("分类")} value={form.category} onInput={set("category")} />
        {kind === "series" && <input name="year" placeholder={t("年份")} size={6} value={form.year} onInput={set("year")} />}
        <input name="area" placeholder={t("地区")} value={form.area} onInput={set("area")} />
        <label>
          {t("清晰度")}
          {select("definition", ["SD", "HD", "4K", "8K"].map((d) => [d, d]))}
        </label>
        <label>
          {t("状态")}
          {select("status", [
            ["online", t("在线")],
            ["offline", t("离线")],
          ])}
        </label>
        <label>
          {t("付费")}
          {select("paid", [
            ["1", t("付费")],
            ["0", t("免费")],
          ])}
        </label>
        <label>
          {t("已锁定")}
          {select("locked", [
            ["true", t("是")],
            ["false", t("否")],
          ])}
        </label>
        <label>
          {t("已删除")}
          {select("deleted", [
            ["true", t("是")],
            ["false", t("否")],
          ])}
        </label>
        <label>
          {t("更新起")}
          <input name="updatedFrom" type="date" value={form.updatedFrom} onInput={set("updatedFrom")} />
        </label>
        <label>
          {t("更新止")}
          <input name="updatedTo" type="date" value={form.updatedTo} onInput={set("updatedTo")} />
        </label>
        <label>
          {t("排序")}
          <select name="sort" value={form.sort} onChange={set("sort")}>
            <option value="">{t("更新时间")}</option>
            <option value="title">{t("标题")}</option>
          </select>
          <select name="order" value={form.order} onChange={set("order")}>
            <option value="">{t("降序")}</option>
            <option value="asc">{t("升序")}</option>
          </select>
        </label>
        <button type="submit" class="primary">
          {t("搜索")}
        </button>
      </form>
      <div class="selection-bar">
        <span>
          {t("已选")} {selected.size}
        </span>
        {canAct && (
          <>
            <button type="button" class="danger" disabled={selected.size === 0} onClick={() => setDialog("takedown")}>
              {t("紧急下线")}
            </button>
            <button type="button" disabled={selected.size === 0} onClick={() => setDialog("lift")}>
              {t("解除下线")}
            </button>
          </>
        )}
        {kind === "programs" && (
          <button
            type="button"
            disabled={selected.size === 0}
            onClick={() => {
              const n = addToWall([...selected.values()].map((r) => ({ groupId: r.groupId, programId: r.programId!, title: r.title })));
              setFlash(`${t("加入监看")}: ${n}`);
            }}
          >
            {t("加入监看")}
          </button>
        )}
        {flash && <span class="muted">{flash}</span>}
      </div>
      <Load state={page}>
        {(p) => (
          <>
            {p.total !== undefined && (
              <p class="muted total">
                {t("共")} {p.totalIsEstimate ? `${t("约")} ` : ""}
                {p.total}
                {p.totalIsEstimate ? "+" : ""} {t("条")}
              </p>
            )}
            <table class="results">
              <thead>
                <tr>
                  <th>
                    <input
                      type="checkbox"
                      aria-label={t("全选")}
                      checked={p.items.length > 0 && p.items.every((r) => selected.has(keyOf(r)))}
                      onChange={(e) => {
                        const next = new Map(selected);
                        for (const r of p.items) e.currentTarget.checked ? next.set(keyOf(r), r) : next.delete(keyOf(r));
                        setSelected(next);
                      }}
                    />
                  </th>
                  {kind === "series" && <th>{t("海报")}</th>}
                  <th>{t("标题")}</th>
                  <th>{t("内容平台标识")}</th>
                  <th>{t("分类")}</th>
                  {kind === "series" ? <th>{t("年份")}</th> : <th>{t("时长")}</th>}
                  <th>{t("地区")}</th>
                  <th>{t("清晰度")}</th>
                  {kind === "series" && <th>{t("集数")}</th>}
                  <th>{t("状态")}</th>
                  <th>{t("更新时间")}</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((r) => {
                  const id = idOf(r);
                  return (
                    <tr key={keyOf(r)} data-id={id}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={id}
                          checked={selected.has(keyOf(r))}
                          onChange={(e) => {
                            const next = new Map(selected);
                            e.currentTarget.checked ? next.set(keyOf(r), r) : next.delete(keyOf(r));
                            setSelected(next);
                          }}
                        />
                      </td>
                      {kind === "series" && (
                        <td>
                          <Poster url={r.vImageUrl} />
                        </td>
                      )}
                      <td>
                        <a class="title" href={href([kind, r.groupId, id])}>
                          {r.title}
                        </a>
                        <div class="muted small">{id}</div>
                      </td>
                      <td>{r.groupId}</td>
                      <td>{r.category ?? "—"}</td>
                      <td>{kind === "series" ? (r.year ?? "—") : r.duration ? `${Math.round(r.duration / 60)}′` : "—"}</td>
                      <td>{r.area ?? "—"}</td>
                      <td>{r.definition ?? "—"}</td>
                      {kind === "series" && <td>{r.episodeCount ?? "—"}</td>}
                      <td>
                        <StatusTag value={r.status} /> <Flags row={r} />
                      </td>
                      <td>{fmtTime(r.updatedAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <Empty when={p.items.length === 0} />
            <Pager pager={pager} nextCursor={p.nextCursor} />
          </>
        )}
      </Load>
      {dialog && (
        <TakedownDialog
          action={dialog}
          targets={targets()}
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

