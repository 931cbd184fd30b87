/** Audit log (filters, paging) and the SM3 hash-chain check. */
import { useState } from "preact/hooks";
import type { AuditItem, AuditVerifyAnswer, Page } from "@gyt345/platform/admin/api-types";
import { api, ApiError, qs, useApi } from "../api";
import { ErrorBox, FilterForm, localMs, PagedList, text, TimeRange, useFilterForm } from "../components";
import { fmtTime, t } from "../i18n";
import { Table, type Column } from "../table";

const KEYS = ["actor", "action", "target", "from", "to"] as const;

export function Audit({ query }: { query: URLSearchParams }) {
  const { applied, form, set, pager } = useFilterForm(KEYS, query);
  const [verify, setVerify] = useState<AuditVerifyAnswer>();
  const [verifyError, setVerifyError] = useState<ApiError>();
  const list = useApi<Page<AuditItem>>(
    `/audit${qs({ ...applied, from: localMs(applied.from), to: localMs(applied.to), cursor: pager.cursor })}`,
  );
  const columns: Column<AuditItem>[] = [
    { head: "#", cell: (a) => a.id },
    { head: t("时间"), cell: (a) => fmtTime(a.at) },
    { head: t("操作人"), cell: (a) => a.actor },
    { head: t("操作"), cell: (a) => a.action },
    { head: t("对象"), cell: (a) => a.target ?? "—" },
    { head: t("内容"), cell: (a) => text(a.detail), class: "detail-cell" },
    { head: t("哈希"), cell: (a) => (a.hash ? <span title={a.hash}>{`${a.hash.slice(0, 12)}…`}</span> : "—"), class: "hash" },
  ];
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
            api<AuditVerifyAnswer>("GET", "/audit/verify").then(setVerify, (err: unknown) => setVerifyError(err as ApiError));
          }}
        >
          {t("校验审计链")}
        </button>
        {verify?.ok === true && (
          <span class="ok" data-testid="audit-ok">
            ✓ {t("审计链完整（{count} 条记录）", { count: verify.count })}
          </span>
        )}
        {verify?.ok === false && (
          <span class="error" data-testid="audit-broken">
            ✗ {t("审计链断裂于第 {id} 条：{reason}（此前 {count} 条完整）", { id: verify.brokenAt.id, reason: verify.brokenAt.reason, count: verify.count })}
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
        {(items) => <Table class="audit" columns={columns} rows={items} rowKey={(a) => a.id} rowData={(a) => ({ "data-action": a.action })} />}
      </PagedList>
    </section>
  );
}
