/** CPs: list, onboard (MAC secret shown once), detail, suspend / reactivate / exit. */
import { useState } from "preact/hooks";
import type { CpListAnswer, CpStatus, CpView, OnboardAnswer } from "@gyt345/platform/admin/api-types";
import { api, ApiError, useApi, type Me } from "../api";
import { Empty, ErrorBox, Fields, Load, StatusTag } from "../components";
import { fmtTime, t } from "../i18n";
import { href } from "../router";
import { Table, type Column } from "../table";
import { CP_FIELDS } from "./field-specs";

function Onboard({ onDone }: { onDone: () => void }) {
  const [form, setForm] = useState({ groupId: "", name: "", mode: "mac", publicKey: "", seriesOfflineUrl: "", programOfflineUrl: "", noticeIdFormat: "string" });
  const [error, setError] = useState<ApiError>();
  const [created, setCreated] = useState<OnboardAnswer>();
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [k]: e.currentTarget.value });
  if (created)
    return (
      <div class="card secret-once" data-testid="onboarded">
        <h3>{t("已接入内容平台 {groupId}", { groupId: created.groupId })}</h3>
        {created.macSecret && (
          <>
            <p class="warn">{t("MAC 密钥（仅显示一次，请立即保存）")}</p>
            <code class="secret">{created.macSecret}</code>
          </>
        )}
        {created.platformPublicKey && (
          <>
            <p>{t("平台公钥")}</p>
            <code class="secret">{created.platformPublicKey}</code>
          </>
        )}
        <div class="actions">
          <button
            type="button"
            class="primary"
            onClick={() => {
              setCreated(undefined);
              onDone();
            }}
          >
            {t("关闭")}
          </button>
        </div>
      </div>
    );
  return (
    <form
      class="card form-grid"
      onSubmit={(e) => {
        e.preventDefault();
        setError(undefined);
        const body: Record<string, string> = { ...form };
        if (form.mode !== "sm2") delete body.publicKey;
        api<OnboardAnswer>("POST", "/cps", body).then(setCreated, (err: unknown) => setError(err as ApiError));
      }}
    >
      <h3>{t("接入内容平台")}</h3>
      <label>
        {t("内容平台标识")}
        <input name="groupId" required value={form.groupId} onInput={set("groupId")} />
      </label>
      <label>
        {t("名称")}
        <input name="name" required value={form.name} onInput={set("name")} />
      </label>
      <label>
        {t("签名方式")}
        <select name="mode" value={form.mode} onChange={set("mode")}>
          <option value="mac">mac (SM3-HMAC)</option>
          <option value="sm2">sm2</option>
        </select>
      </label>
      {form.mode === "sm2" && (
        <label class="wide">
          {t("公钥")}
          <textarea name="publicKey" required value={form.publicKey} onInput={set("publicKey")} />
        </label>
      )}
      <label class="wide">
        {t("节目集下线通知地址")}
        <input name="seriesOfflineUrl" type="url" required value={form.seriesOfflineUrl} onInput={set("seriesOfflineUrl")} />
      </label>
      <label class="wide">
        {t("节目下线通知地址")}
        <input name="programOfflineUrl" type="url" required value={form.programOfflineUrl} onInput={set("programOfflineUrl")} />
      </label>
      <label>
        {t("通知 ID 格式")}
        <select name="noticeIdFormat" value={form.noticeIdFormat} onChange={set("noticeIdFormat")}>
          <option value="string">string</option>
          <option value="array">array</option>
        </select>
      </label>
      <ErrorBox error={error} />
      <div class="actions wide">
        <button type="submit" class="primary">
          {t("提交")}
        </button>
      </div>
    </form>
  );
}

export function Cps({ me }: { me: Me }) {
  const list = useApi<CpListAnswer>("/cps");
  const columns: Column<CpView>[] = [
    { head: t("内容平台标识"), cell: (cp) => <a href={href(["cps", cp.groupId])}>{cp.groupId}</a> },
    { head: t("名称"), cell: (cp) => cp.name },
    { head: t("状态"), cell: (cp) => <StatusTag kind="cp" value={cp.status} /> },
    { head: t("签名方式"), cell: (cp) => cp.mode },
    { head: t("创建时间"), cell: (cp) => fmtTime(cp.createdAt) },
  ];
  const [adding, setAdding] = useState(false);
  return (
    <section>
      <h1>{t("内容平台")}</h1>
      {me.role === "admin" && !adding && (
        <button type="button" class="primary" onClick={() => setAdding(true)}>
          {t("接入内容平台")}
        </button>
      )}
      {adding && (
        <Onboard
          onDone={() => {
            setAdding(false);
            list.reload();
          }}
        />
      )}
      <Load state={list}>
        {({ cps }) => (
          <>
            <Table columns={columns} rows={cps} rowKey={(cp) => cp.groupId} />
            <Empty when={cps.length === 0} />
          </>
        )}
      </Load>
    </section>
  );
}

export function CpDetail({ groupId, me }: { groupId: string; me: Me }) {
  const cp = useApi<CpView>(`/cps/${encodeURIComponent(groupId)}`);
  const [error, setError] = useState<ApiError>();
  const setStatus = (status: CpStatus) => {
    if (status === "exited" && !confirm(t("确认让该内容平台退出？"))) return;
    api("PATCH", `/cps/${encodeURIComponent(groupId)}`, { status }).then(cp.reload, (err: unknown) => setError(err as ApiError));
  };
  return (
    <section>
      <h1>{t("内容平台 {groupId}", { groupId })}</h1>
      <Load state={cp} notFound="没有找到该内容平台">
        {(v) => (
          <>
            <Fields record={v} spec={CP_FIELDS} />
            {me.role === "admin" && (
              <div class="actions">
                {v.status !== "active" && v.status !== "exited" && (
                  <button type="button" onClick={() => setStatus("active")}>
                    {t("恢复")}
                  </button>
                )}
                {v.status === "active" && (
                  <button type="button" onClick={() => setStatus("suspended")}>
                    {t("暂停")}
                  </button>
                )}
                {v.status !== "exited" && (
                  <button type="button" class="danger" onClick={() => setStatus("exited")}>
                    {t("退出")}
                  </button>
                )}
              </div>
            )}
            <ErrorBox error={error} />
            <p>
              <a href={href(["series"], { groupId })}>{t("节目集")}</a> · <a href={href(["programs"], { groupId })}>{t("节目")}</a> ·{" "}
              <a href={href(["messages"], { groupId })}>{t("消息日志")}</a> · <a href={href(["takedowns"], { groupId })}>{t("下线记录")}</a>
            </p>
          </>
        )}
      </Load>
    </section>
  );
}
