/** Operator accounts (admin only): create, change role, disable / enable, reset password. */
import { useState } from "preact/hooks";
import { api, ApiError, useApi, type Me } from "../api";
import { Empty, ErrorBox, Load } from "../components";
import { fmtTime, t } from "../i18n";

interface OperatorRow {
  username: string;
  role: string;
  disabled: boolean;
  createdAt: number;
  lastLoginAt: number | null;
}
const ROLES = ["admin", "operator", "auditor"];

export function Operators({ me }: { me: Me }) {
  const list = useApi<{ items: OperatorRow[] }>(me.role === "admin" ? "/operators" : null);
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
  return (
    <section>
      <h1>{t("操作员")}</h1>
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
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
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
            <table>
              <thead>
                <tr>
                  <th>{t("用户名")}</th>
                  <th>{t("角色")}</th>
                  <th>{t("状态")}</th>
                  <th>{t("创建时间")}</th>
                  <th>{t("最后登录")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((o) => (
                  <tr key={o.username}>
                    <td>{o.username}</td>
                    <td>
                      <select value={o.role} onChange={(e) => void patch(o.username, { role: e.currentTarget.value })}>
                        {ROLES.map((r) => (
                          <option key={r}>{r}</option>
                        ))}
                      </select>
                    </td>
                    <td>{o.disabled ? t("已停用") : t("已启用")}</td>
                    <td>{fmtTime(o.createdAt)}</td>
                    <td>{fmtTime(o.lastLoginAt)}</td>
                    <td>
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
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Empty when={items.length === 0} />
          </>
        )}
      </Load>
    </section>
  );
}
