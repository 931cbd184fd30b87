/** The search filters (the CONTRACT's query parameters); submitting puts them into the URL. */
import { FilterForm } from "../components";
import { t, valueText } from "../i18n";
import type { SearchKind } from "./search-results";

export const FILTERS = ["q", "groupId", "seriesId", "category", "year", "area", "definition", "status", "paid", "locked", "deleted", "updatedFrom", "updatedTo", "sort", "order"] as const;
export type Filter = (typeof FILTERS)[number];

type Input = (k: Filter) => (e: { currentTarget: { value: string } }) => void;

export function SearchFilters({ kind, form, set }: { kind: SearchKind; form: Record<Filter, string>; set: Input }) {
  const select = (name: Filter, options: [string, string][]) => (
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
    <FilterForm section={kind} values={form}>
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
        {select("status", (["online", "offline"] as const).map((s) => [s, valueText("content", s)]))}
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
    </FilterForm>
  );
}
