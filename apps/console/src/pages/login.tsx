import { useState } from "preact/hooks";
import { ApiError, signIn, type Me } from "../api";
import { ErrorBox } from "../components";
import { t } from "../i18n";

export function Login({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="login card"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        signIn(username, password).then(onSignedIn, (err: unknown) => {
          setError(err instanceof ApiError ? err : new ApiError(0, "Error", String(err)));
          setBusy(false);
        });
      }}
    >
      <h1>{t("节目集成系统")}</h1>
      <p class="muted">{t("运营控制台")}</p>
      <label>
        {t("用户名")}
        <input name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
      </label>
      <label>
        {t("密码")}
        <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      <ErrorBox error={error} />
      <button type="submit" class="primary" disabled={busy}>
        {t("登录")}
      </button>
    </form>
  );
}
