/** Takedown list and detail (notice attempts, purges, verification), resend of a notice. */
import { useState } from "preact/hooks";
import type { AttemptView, NoticeView, Page, PurgeView, TakedownDetailAnswer, TakedownListItem } from "@gyt345/platform/admin/api-types";
import { api, ApiError, qs, useApi, type Me } from "../api";
import { Empty, ErrorBox, FilterForm, Load, PagedList, StatusTag, text, useFilterForm } from "../components";
import { fmtTime, t } from "../i18n";
import { href } from "../router";
import { Table, type Column } from "../table";
import { TakedownTable } from "./tables";

export function Takedowns({ query }: { query: URLSearchParams }) {
  const { applied, form, set, pager } = useFilterForm(["groupId"] as const, query);
  const list = useApi<Page<TakedownListItem>>(`/takedowns${qs({ groupId: applied.groupId, cursor: pager.cursor })}`);
  return (
    <section>
      <h1>{t("下线记录")}</h1>
      <FilterForm section="takedowns" values={form}>
        <input name="groupId" placeholder={t("内容平台标识")} value={form.groupId} onInput={set("groupId")} />
      </FilterForm>
      <PagedList state={list} pager={pager}>
        {(rows) => <TakedownTable rows={rows} />}
      </PagedList>
    </section>
  );
}

function Attempts({ attempts }: { attempts: AttemptView[] }) {
  if (!attempts?.length) return <span class="muted">—</span>;
  const columns: Column<AttemptView>[] = [
    { head: t("时间"), cell: (a) => fmtTime(a.at) },
    { head: "HTTP", cell: (a) => a.httpStatus ?? "—" },
    { head: t("耗时（毫秒）"), cell: (a) => a.latencyMs },
    { head: t("结果码"), cell: (a) => a.code ?? "—" },
    { head: t("结果信息"), cell: (a) => a.msg ?? "—" },
    { head: t("错误"), cell: (a) => a.error ?? "—" },
  ];
  return <Table class="attempts" columns={columns} rows={attempts} rowKey={(_, i) => i} />;
}

function Notices({ notices, canResend, onResend }: { notices: NoticeView[]; canResend: boolean; onResend: (id: string) => void }) {
  const columns: Column<NoticeView>[] = [
    { head: t("编号"), cell: (n) => n.id },
    { head: t("类型"), cell: (n) => n.kind },
    { head: t("消息 ID"), cell: (n) => n.msgId },
    { head: t("通知地址"), cell: (n) => n.url, class: "url" },
    { head: t("状态"), cell: (n) => <StatusTag kind="outbox" value={n.status} /> },
    { head: t("送达情况"), cell: (n) => (n.feedback ? `${n.feedback.code} ${n.feedback.msg}` : "—") },
    { head: t("尝试记录"), cell: (n) => <Attempts attempts={n.attempts} /> },
    {
      head: "",
      cell: (n) =>
        canResend &&
        n.status !== "delivered" && (
          <button type="button" onClick={() => onResend(n.id)}>
            {t("重新发送")}
          </button>
        ),
    },
  ];
  return <Table class="notices" columns={columns} rows={notices} rowKey={(n) => n.id} rowData={(n) => ({ "data-notice": n.id })} />;
}

function Purges({ purges }: { purges: PurgeView[] }) {
  const columns: Column<PurgeView>[] = [
    { head: t("编号"), cell: (p) => p.id },
    { head: t("CDN 适配器"), cell: (p) => p.adapter },
    { head: t("清除对象"), cell: (p) => text([...(p.targets?.urls ?? []), ...(p.targets?.tags ?? []), ...(p.targets?.prefixes ?? [])]), class: "url" },
    { head: t("状态"), cell: (p) => <StatusTag kind="outbox" value={p.status} /> },
    { head: t("尝试记录"), cell: (p) => <Attempts attempts={p.attempts} /> },
  ];
  return <Table columns={columns} rows={purges} rowKey={(p) => p.id} />;
}

type CheckedUrl = TakedownDetailAnswer["verification"]["urls"][number];

function CheckedUrls({ urls }: { urls: CheckedUrl[] }) {
  const columns: Column<CheckedUrl>[] = [
    { head: t("地址"), cell: (u) => u.url, class: "url" },
    { head: t("失效时间"), cell: (u) => fmtTime(u.goneAt) },
    { head: t("最后 HTTP 状态"), cell: (u) => u.lastStatus ?? "—" },
    { head: t("检查次数"), cell: (u) => u.checks },
  ];
  return <Table columns={columns} rows={urls} rowKey={(u) => u.url} />;
}

export function TakedownDetail({ id, me }: { id: string; me: Me }) {
  const d = useApi<TakedownDetailAnswer>(`/takedowns/${encodeURIComponent(id)}`);
  const [error, setError] = useState<ApiError>();
  const resend = (noticeId: string) => api("POST", `/notices/${encodeURIComponent(noticeId)}/resend`).then(d.reload, (err: unknown) => setError(err as ApiError));
  return (
    <section>
      <h1>{t("下线记录 {id}", { id })}</h1>
      <button type="button" onClick={d.reload}>
        {t("重试")}
      </button>
      <ErrorBox error={error} />
      <Load state={d} notFound="没有找到该下线记录">
        {(v) => (
          <>
            <dl class="fields">
              <div>
                <dt>{t("操作")}</dt>
                <dd>
                  <StatusTag kind="action" value={v.action} />
                </dd>
              </div>
              <div>
                <dt>{t("内容平台标识")}</dt>
                <dd>
                  <a href={href(["cps", v.groupId])}>{v.groupId}</a>
                </dd>
              </div>
              <div>
                <dt>{t("节目集")}</dt>
                <dd>
                  {v.seriesIds.map((s) => (
                    <a key={s} class="chip" href={href(["series", v.groupId, s])}>
                      {s}
                    </a>
                  ))}
                </dd>
              </div>
              <div>
                <dt>{t("节目")}</dt>
                <dd>
                  {v.programIds.map((p) => (
                    <a key={p} class="chip" href={href(["programs", v.groupId, p])}>
                      {p}
                    </a>
                  ))}
                </dd>
              </div>
              <div>
                <dt>{t("未知的")}</dt>
                <dd>{text([...(v.unknown?.seriesIds ?? []), ...(v.unknown?.programIds ?? [])])}</dd>
              </div>
              <div>
                <dt>{t("原因")}</dt>
                <dd>{v.reason}</dd>
              </div>
              <div>
                <dt>{t("操作人")}</dt>
                <dd>{v.actor}</dd>
              </div>
              <div>
                <dt>{t("时间")}</dt>
                <dd>{fmtTime(v.at)}</dd>
              </div>
            </dl>
            <h2>{t("通知")}</h2>
            <Notices notices={v.notices ?? []} canResend={me.role !== "auditor"} onResend={(n) => void resend(n)} />
            <Empty when={!v.notices?.length} />
            <h2>{t("缓存清除")}</h2>
            <Purges purges={v.purges ?? []} />
            <Empty when={!v.purges?.length} />
            <h2>
              {t("核验结果")} <StatusTag kind="verification" value={v.verification?.status} />
            </h2>
            <CheckedUrls urls={v.verification?.urls ?? []} />
          </>
        )}
      </Load>
    </section>
  );
}
