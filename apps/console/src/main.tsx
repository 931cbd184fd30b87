/** Operator console: login, then the pages behind a hash router. */
import { render } from "preact";
import { lazy, Suspense } from "preact/compat";
import { useEffect, useState } from "preact/hooks";
import { api, hasCsrf, onUnauthorized, signOut, type Me } from "./api";
import { lang, setLang, t, valueText, type PlainKey } from "./i18n";
import { Audit } from "./pages/audit";
import { CpDetail, Cps } from "./pages/cps";
import { Login } from "./pages/login";
import { Messages } from "./pages/messages";
import { Operators } from "./pages/operators";
import { ProgramDetail, SeriesDetail } from "./pages/detail";
import { Search } from "./pages/search";
import { TakedownDetail, Takedowns } from "./pages/takedowns";
import { Wall } from "./pages/wall";
import { href, navigate, useRoute, type Route } from "./router";

const Dashboard = lazy(() => import("./pages/dashboard"));

const NAV: { key: PlainKey; path: string; adminOnly?: boolean }[] = [
  { key: "仪表盘", path: "" },
  { key: "内容平台", path: "cps" },
  { key: "节目集", path: "series" },
  { key: "节目", path: "programs" },
  { key: "节目监看", path: "wall" },
  { key: "下线记录", path: "takedowns" },
  { key: "消息日志", path: "messages" },
  { key: "审计日志", path: "audit" },
  { key: "操作员管理", path: "operators", adminOnly: true },
];

function Page({ route, me }: { route: Route; me: Me }) {
  const [a = "", b, c] = route.path;
  switch (a) {
    case "":
      return (
        <Suspense fallback={<p class="muted">{t("加载中…")}</p>}>
          <Dashboard />
        </Suspense>
      );
    case "cps":
      return b ? <CpDetail groupId={b} me={me} /> : <Cps me={me} />;
    case "series":
      return b && c ? <SeriesDetail groupId={b} seriesId={c} me={me} /> : <Search key="series" kind="series" query={route.query} me={me} />;
    case "programs":
      return b && c ? <ProgramDetail groupId={b} programId={c} me={me} /> : <Search key="programs" kind="programs" query={route.query} me={me} />;
    case "wall":
      return <Wall />;
    case "takedowns":
      return b ? <TakedownDetail id={b} me={me} /> : <Takedowns query={route.query} />;
    case "messages":
      return <Messages query={route.query} />;
    case "audit":
      return <Audit query={route.query} />;
    case "operators":
      return <Operators me={me} />;
    default:
      return <p class="notice">{t("没有找到该页面")}</p>;
  }
}

function App() {
  const route = useRoute();
  const [me, setMe] = useState<Me | null | undefined>(hasCsrf() ? undefined : null);
  const [, setLangTick] = useState(0);
  useEffect(() => {
    onUnauthorized(() => setMe(null));
    if (hasCsrf())
      api<Me>("GET", "/session").then(
        (m) => setMe(m),
        () => setMe(null),
      );
  }, []);
  const langSwitch = (
    <button
      type="button"
      class="lang"
      data-testid="lang"
      onClick={() => {
        setLang(lang === "zh" ? "en" : "zh");
        setLangTick((n) => n + 1);
      }}
    >
      {lang === "zh" ? "English" : "中文"}
    </button>
  );
  if (me === undefined) return <p class="muted center">{t("加载中…")}</p>;
  if (me === null)
    return (
      <div class="login-page">
        {langSwitch}
        <Login onSignedIn={(m) => setMe(m)} />
      </div>
    );
  const section = route.path[0] ?? "";
  return (
    <div class="shell" key={lang}>
      <header class="top">
        <span class="brand">
          {t("节目集成系统")} · {t("运营控制台")}
        </span>
        <span class="who">
          {me.username} ({valueText("role", me.role)})
        </span>
        {langSwitch}
        <button
          type="button"
          onClick={() =>
            void signOut().then(() => {
              setMe(null);
              navigate("#/");
            })
          }
        >
          {t("退出登录")}
        </button>
      </header>
      <nav class="side">
        {NAV.filter((n) => !n.adminOnly || me.role === "admin").map((n) => (
          <a key={n.path} href={href(n.path ? [n.path] : [])} class={section === n.path ? "active" : ""}>
            {t(n.key)}
          </a>
        ))}
      </nav>
      <main class="content">
        <Page route={route} me={me} />
      </main>
    </div>
  );
}

document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
render(<App />, document.getElementById("app")!);
