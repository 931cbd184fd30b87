/** Message log search: by CP, msgId, result code, time. */
import { useEffect, useState } from "preact/hooks";
import { qs, useApi } from "../api";
import { Empty, Load, Pager, usePager } from "../components";
import { t } from "../i18n";
import { href, navigate } from "../router";
import { MessageTable, type MessageRow } from "./tables";

const KEYS = ["groupId", "msgId", "resultCode", "from", "to"] as const;

/** datetime-local text → epoch ms string. */
export function localMs(v: string): string | undefined {
  const ms = Date.parse(v);
  return v && !Number.isNaN(ms) ? String(ms) : undefined;
}

export function Messages({ query }: { query: URLSearchParams }) {
  const applied = Object.fromEntries(KEYS.map((k) => [k, query.get(k) ?? ""])) as Record<(typeof KEYS)[number], string>;
  const [form, setForm] = useState(applied);
  const pager = usePager();
  useEffect(() => {
    setForm(applied);
    pager.reset();
  }, [query.toString()]);
  const list = useApi<{ items: MessageRow[]; nextCursor: string | null }>(
    `/messages${qs({ ...applied, from: localMs(applied.from), to: localMs(applied.to), cursor: pager.cursor })}`,
  );
  const set = (k: (typeof KEYS)[number]) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [k]: e.currentTarget.value });
  return (
    <section>
      <h1>{t("消息日志")}</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(href(["messages"], form));
        }}
      >
        <input name="groupId" placeholder={t("内容平台标识")} value={form.groupId} onInput={set("groupId")} />
        <input name="msgId" placeholder={t("消息 ID")} value={form.msgId} onInput={set("msgId")} />
        <input name="resultCode" placeholder={t("结果码")} value={form.resultCode} onInput={set("resultCode")} />
        <label>
          {t("起")}
          <input name="from" type="datetime-local" value={form.from} onInput={set("from")} />
        </label>
        <label>
          {t("止")}
          <input name="to" type="datetime-local" value={form.to} onInput={set("to")} />
        </label>
        <button type="submit" class="primary">
          {t("搜索")}
        </button>
      </form>
      <Load state={list}>
        {(p) => (
          <>
            <MessageTable rows={p.items} />
            <Empty when={p.items.length === 0} />
            <Pager pager={pager} nextCursor={p.nextCursor} />
          </>
        )}
      </Load>
    </section>
  );
}
