/** A tiny hash router: `#/path/segments?query` — no server fallback needed for deep links. */
import { useEffect, useState } from "preact/hooks";

export interface Route {
  path: string[];
  query: URLSearchParams;
}

export function currentRoute(): Route {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [p = "/", q = ""] = raw.split("?", 2);
  return { path: p.split("/").filter(Boolean).map((s) => decodeURIComponent(s)), query: new URLSearchParams(q) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const on = () => setRoute(currentRoute());
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return route;
}

/** Builds `#/a/b?x=1` with every segment encoded (ids come from CPs). */
export function href(segments: string[], query?: Record<string, string | undefined> | URLSearchParams): string {
  const path = "#/" + segments.map((s) => encodeURIComponent(s)).join("/");
  const params = query instanceof URLSearchParams ? query : new URLSearchParams(Object.entries(query ?? {}).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function navigate(to: string): void {
  location.hash = to.replace(/^#/, "");
}
