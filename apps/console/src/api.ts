/**
 * The admin API client: same-origin fetch with the session cookie, the CSRF token kept in
 * sessionStorage (returned at login) sent as `x-csrf-token`; a 401 sends the operator back to login.
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { ErrorAnswer, LoginAnswer, SessionAnswer } from "@gyt345/platform/admin/api-types";

const CSRF_KEY = "gyt345.csrf";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The signed-in operator. */
export type Me = SessionAnswer;

let unauthorized: () => void = () => undefined;
export function onUnauthorized(fn: () => void): void {
  unauthorized = fn;
}

export function hasCsrf(): boolean {
  return sessionStorage.getItem(CSRF_KEY) !== null;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { "x-csrf-token": sessionStorage.getItem(CSRF_KEY) ?? "" };
  if (body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(`/admin/api${path}`, { method, headers, credentials: "same-origin", ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch (err) {
    throw new ApiError(0, "NetworkError", err instanceof Error ? err.message : String(err));
  }
  if (res.status === 401 && !(method === "POST" && path === "/session")) {
    sessionStorage.removeItem(CSRF_KEY);
    unauthorized();
  }
  if (!res.ok) {
    let error: Partial<ErrorAnswer["error"]> | undefined;
    try {
      error = ((await res.json()) as Partial<ErrorAnswer>).error;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, error?.code ?? `HTTP${res.status}`, error?.message ?? res.statusText, error?.field);
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export async function signIn(username: string, password: string): Promise<Me> {
  const r = await api<LoginAnswer>("POST", "/session", { username, password });
  sessionStorage.setItem(CSRF_KEY, r.csrfToken);
  return { username: r.username, role: r.role };
}

export async function signOut(): Promise<void> {
  await api("DELETE", "/session").catch(() => undefined);
  sessionStorage.removeItem(CSRF_KEY);
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (null = nothing to load) and re-GETs when it changes. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: path !== null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api<T>("GET", path).then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error: error instanceof ApiError ? error : new ApiError(0, "Error", String(error)), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** `?a=1&b=2` from the non-empty entries. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
}
