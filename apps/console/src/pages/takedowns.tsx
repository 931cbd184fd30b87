/** Takedown list and detail (notice attempts, purges, verification), resend of a notice. */
import { useState } from "preact/hooks";
import { api, ApiError, qs, useApi, type Me } from "../api";
import { Empty, ErrorBox, FilterForm, Load, PagedList, StatusTag, text, useFilterForm } from "../components";
import { fmtTime, t } from "../i18n";
import { href } from "../router";
import { TakedownTable, type TakedownRow } from "./tables";

interface Attempt {
  at: number;
  httpStatus: number | null;
  latencyMs: number;
  code: string | null;
  msg: string | null;
  error: string | null;
  nonce?: string;
}
interface TakedownDetailAnswer extends TakedownRow {
  unknown: { seriesIds: string[]; programIds: string[] };
  notices: { id: string; kind: string; msgId: string; url: string; status: string; feedback: { code: string; msg: string } | null; attempts: Attempt[] }[];
  purges: { id: string; adapter: string; targets: { urls: string[]; tags: string[]; prefixes: string[] }; status: string; attempts: Attempt[] }[];
  verification: { status: string; urls: { url: string; goneAt: number | null; lastStatus: number | null; checks: number }[] };
}

export function Takedowns({ query }: { query: URLSearchParams }) {
  const { applied, form, set, pager } = useFilterForm(["groupId"] as const, query);
  const list = useApi<{ items: TakedownRow[]; nextCursor: string | null }>(`/takedowns${qs({ groupId: applied.groupId, cursor: pager.cursor })}`);
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

function Attempts({ attempts }: { attempts: Attempt[] }) {
  if (!attempts?.length) return <span class="muted">—</span>;
  return (
    <table class="attempts">
      <thead>
        <tr>
          <th>{t("时间")}</th>
          <th>HTTP</th>
          <th>ms</th>
          <th>code</th>
          <th>msg</th>
          <th>error</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((a, i) => (
          <tr key={i}>
            <td>{fmtTime(a.at)}</td>
            <td>{a.httpStatus ?? "—"}</td>
            <td>{a.latencyMs}</td>
            <td>{a.code ?? "—"}</td>
            <td>{a.msg ?? "—"}</td>
            <td>{a.error ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TakedownDetail({ id, me }: { id: string; me: Me }) {
  const d = useApi<TakedownDetailAnswer>(`/takedowns/${encodeURIComponent(id)}`);
  const [error, setError] = useState<ApiError>();
  const resend = (noticeId: string) => api("POST", `/notices/${encodeURIComponent(noticeId)}/resend`).then(d.reload, (err: unknown) => setError(err as ApiError));
  return (
    <section>
      <h1>
        {t("下线记录")} {id}
      </h1>
      <button type="button" onClick={d.reload}>
        {t("重试")}
      </button>
      <ErrorBox error={error} />
      <Load state={d}>
        {(v) => (
          <>
            <dl class="fields">
              <div>
                <dt>{t("操作")}</dt>
                <dd>
                  <StatusTag value={v.action} />
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
            <table class="notices">
              <thead>
                <tr>
                  <th>id</th>
                  <th>kind</th>
                  <th>msgId</th>
                  <th>URL</th>
                  <th>{t("状态")}</th>
                  <th>{t("送达情况")}</th>
                  <th>{t("尝试记录")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {(v.notices ?? []).map((n) => (
                  <tr key={n.id} data-notice={n.id}>
                    <td>{n.id}</td>
                    <td>{n.kind}</td>
                    <td>{n.msgId}</td>
                    <td class="url">{n.url}</td>
                    <td>
                      <StatusTag value={n.status} />
                    </td>
                    <td>{n.feedback ? `${n.feedback.code} ${n.feedback.msg}` : "—"}</td>
                    <td>
                      <Attempts attempts={n.attempts} />
                    </td>
                    <td>
                      {me.role !== "auditor" && n.status !== "delivered" && (
                        <button type="button" onClick={() => void resend(n.id)}>
                          {t("重新发送")}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Empty when={!v.notices?.length} />
            <h2>{t("缓存清除")}</h2>
            <table>
              <thead>
                <tr>
                  <th>id</th>
                  <th>adapter</th>
                  <th>targets</th>
                  <th>{t("状态")}</th>
                  <th>{t("尝试记录")}</th>
                </tr>
              </thead>
              <tbody>
                {(v.purges ?? []).map((p) => (
                  <tr key={p.id}>
                    <td>{p.id}</td>
                    <td>{p.adapter}</td>
                    <td class="url">{text([...(p.targets?.urls ?? []), ...(p.targets?.tags ?? []), ...(p.targets?.prefixes ?? [])])}</td>
                    <td>
                      <StatusTag value={p.status} />
                    </td>
                    <td>
                      <Attempts attempts={p.attempts} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Empty when={!v.purges?.length} />
            <h2>
              {t("核验结果")} <StatusTag value={v.verification?.status} />
            </h2>
            <table>
              <thead>
                <tr>
                  <th>URL</th>
                  <th>goneAt</th>
                  <th>lastStatus</th>
                  <th>checks</th>
                </tr>
              </thead>
              <tbody>
                {(v.verification?.urls ?? []).map((u) => (
                  <tr key={u.url}>
                    <td class="url">{u.url}</td>
                    <td>{fmtTime(u.goneAt)}</td>
                    <td>{u.lastStatus ?? "—"}</td>
                    <td>{u.checks}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Load>
    </section>
  );
}
