/** Audit log (filters, paging) and the SM3 hash-chain check. */
import { useState } from "preact/hooks";
import { api, ApiError, qs, useApi } from "../api";
import { ErrorBox, FilterForm, localMs, PagedList, text, TimeRange, useFilterForm } from "../components";
import { fmtTime, t } from "../i18n";

interface AuditRow {
  id: number | string;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  detail: unknown;
  hash: string | null;
}
type Verify = { ok: true; count: number } | { ok: false; count: number; brokenAt: { id: number | string; reason: string } };

const KEYS = ["actor", "action", "target", "from", "to"] as const;

export function Audit({ query }: { query: URLSearchParams }) {
  const { applied, form, set, pager } = useFilterForm(KEYS, query);
  const [verify, setVerify] = useState<Verify>();
  const [verifyError, setVerifyError] = useState<ApiError>();
  const list = useApi<{ items: AuditRow[]; nextCursor: string | null }>(
    `/audit${qs({ ...applied, from: localMs(applied.from), to: localMs(applied.to), cursor: pager.cursor })}`,
  );
  return (
    <section>
      <h1>{t("审计日志")}</h1>
      <div class="actions">
        <button
          type="button"
          class="primary"
          data-testid="verify-audit"
          onClick={() => {
            setVerify(undefined);
            setVerifyError(undefined);
            api<Verify>("GET", "/audit/verify").then(setVerify, (err: unknown) => setVerifyError(err as ApiError));
          }}
        >
          {t("校验审计链")}
        </button>
        {verify?.ok === true && (
          <span class="ok" data-testid="audit-ok">
            ✓ {t("审计链完整")} ({verify.count})
          </span>
        )}
        {verify?.ok === false && (
          <span class="error" data-testid="audit-broken">
            ✗ {t("审计链断裂于")} #{verify.brokenAt.id}: {verify.brokenAt.reason} ({verify.count})
          </span>
        )}
        <ErrorBox error={verifyError} />
      </div>
      <FilterForm section="audit" values={form}>
        <input name="actor" placeholder={t("操作人")} value={form.actor} onInput={set("actor")} />
        <input name="action" placeholder={t("操作")} value={form.action} onInput={set("action")} />
        <input name="target" placeholder={t("对象")} value={form.target} onInput={set("target")} />
        <TimeRange form={form} set={set} />
      </FilterForm>
      <PagedList state={list} pager={pager}>
        {(items) => (
          <table class="audit">
            <thead>
              <tr>
                <th>#</th>
                <th>{t("时间")}</th>
                <th>{t("操作人")}</th>
                <th>{t("操作")}</th>
                <th>{t("对象")}</th>
                <th>{t("内容")}</th>
                <th>{t("哈希")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id} data-action={a.action}>
                  <td>{a.id}</td>
                  <td>{fmtTime(a.at)}</td>
                  <td>{a.actor}</td>
                  <td>{a.action}</td>
                  <td>{a.target ?? "—"}</td>
                  <td class="detail-cell">{text(a.detail)}</td>
                  <td class="hash" title={a.hash ?? ""}>
                    {a.hash ? `${a.hash.slice(0, 12)}…` : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
    </section>
  );
}
