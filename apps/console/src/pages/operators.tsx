/** Operator accounts (admin only): create, change role, disable / enable, reset password. */
import { useState } from "preact/hooks";
import type { OperatorListAnswer, OperatorView, Role } from "@gyt345/platform/admin/api-types";
import { api, ApiError, useApi, type Me } from "../api";
import { Empty, ErrorBox, Load } from "../components";
import { fmtTime, t, valueText } from "../i18n";
import { Table, type Column } from "../table";

const ROLES: Role[] = ["admin", "operator", "auditor"];

function RoleOptions() {
  return (
    <>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {valueText("role", r)}
        </option>
      ))}
    </>
  );
}

export function Operators({ me }: { me: Me }) {
  const list = useApi<OperatorListAnswer>(me.role === "admin" ? "/operators" : null);
  const [form, setForm] = useState({ username: "", role: "operator", password: "" });
  const [error, setError] = useState<ApiError>();
  const [reset, setReset] = useState<{ username: string; password: string } | null>(null);
  const patch = (username: string, body: Record<string, unknown>) =>
    api("PATCH", `/operators/${encodeURIComponent(username)}`, body).then(
      () => {
        setError(undefined);
        list.reload();
      },
      (err: unknown) => setError(err as ApiError),
    );
  if (me.role !== "admin") return <p class="error">{t("无权限")}</p>;
  const columns: Column<OperatorView>[] = [
    { head: t("用户名"), cell: (o) => o.username },
    {
      head: t("角色"),
      cell: (o) => (
        <select value={o.role} onChange={(e) => void patch(o.username, { role: e.currentTarget.value })}>
          <RoleOptions />
        </select>
      ),
    },
    { head: t("状态"), cell: (o) => (o.disabled ? t("已停用") : t("已启用")) },
    { head: t("创建时间"), cell: (o) => fmtTime(o.createdAt) },
    { head: t("最后登录"), cell: (o) => fmtTime(o.lastLoginAt) },
    {
      head: "",
      cell: (o) => (
        <>
          <button type="button" onClick={() => void patch(o.username, { disabled: !o.disabled })}>
            {o.disabled ? t("启用") : t("停用")}
          </button>{" "}
          {reset?.username === o.username ? (
            <form
              class="inline"
              onSubmit={(e) => {
                e.preventDefault();
                void patch(o.username, { password: reset.password }).then(() => setReset(null));
              }}
            >
              <input type="password" autocomplete="new-password" required placeholder={t("新密码")} value={reset.password} onInput={(e) => setReset({ username: o.username, password: e.currentTarget.value })} />
              <button type="submit">{t("保存")}</button>
            </form>
          ) : (
            <button type="button" onClick={() => setReset({ username: o.username, password: "" })}>
              {t("重置密码")}
            </button>
          )}
        </>
      ),
    },
  ];
  return (
    <section>
      <h1>{t("操作员管理")}</h1>
      <form
        class="filters card"
        onSubmit={(e) => {
          e.preventDefault();
          api("POST", "/operators", form).then(
            () => {
              setForm({ username: "", role: "operator", password: "" });
              setError(undefined);
              list.reload();
            },
            (err: unknown) => setError(err as ApiError),
          );
        }}
      >
        <strong>{t("新建操作员")}</strong>
        <input name="username" required placeholder={t("用户名")} value={form.username} onInput={(e) => setForm({ ...form, username: e.currentTarget.value })} />
        <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.currentTarget.value })}>
          <RoleOptions />
        </select>
        <input name="password" type="password" autocomplete="new-password" required placeholder={t("密码")} value={form.password} onInput={(e) => setForm({ ...form, password: e.currentTarget.value })} />
        <button type="submit" class="primary">
          {t("提交")}
        </button>
      </form>
      <ErrorBox error={error} />
      <Load state={list}>
        {({ items }) => (
          <>
            <Table columns={columns} rows={items} rowKey={(o) => o.username} />
            <Empty when={items.length === 0} />
          </>
        )}
      </Load>
    </section>
  );
}
