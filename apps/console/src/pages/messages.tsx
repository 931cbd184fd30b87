/** Message log search: by CP, msgId, result code, time. */
import type { MessageView, Page } from "@gyt345/platform/admin/api-types";
import { qs, useApi } from "../api";
import { FilterForm, localMs, PagedList, TimeRange, useFilterForm } from "../components";
import { t } from "../i18n";
import { MessageTable } from "./tables";

const KEYS = ["groupId", "msgId", "resultCode", "from", "to"] as const;

export function Messages({ query }: { query: URLSearchParams }) {
  const { applied, form, set, pager } = useFilterForm(KEYS, query);
  const list = useApi<Page<MessageView>>(
    `/messages${qs({ ...applied, from: localMs(applied.from), to: localMs(applied.to), cursor: pager.cursor })}`,
  );
  return (
    <section>
      <h1>{t("消息日志")}</h1>
      <FilterForm section="messages" values={form}>
        <input name="groupId" placeholder={t("内容平台标识")} value={form.groupId} onInput={set("groupId")} />
        <input name="msgId" placeholder={t("消息 ID")} value={form.msgId} onInput={set("msgId")} />
        <input name="resultCode" placeholder={t("结果码")} value={form.resultCode} onInput={set("resultCode")} />
        <TimeRange form={form} set={set} />
      </FilterForm>
      <PagedList state={list} pager={pager}>
        {(rows) => <MessageTable rows={rows} />}
      </PagedList>
    </section>
  );
}
