/** Shared pieces. Every CP value is rendered as a text child (Preact escapes it), never as HTML. */
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { TakedownAnswer } from "@gyt345/platform/admin/api-types";
import { api, ApiError, type Loaded } from "./api";
import { fmtTime, t, valueText, type PlainKey, type ValueKind } from "./i18n";
import { href, navigate } from "./router";

/** A failed request; a 404 names what was not found (`notFound`, e.g. "没有找到该节目集"). */
export function ErrorBox({ error, onRetry, notFound = "没有找到请求的内容" }: { error: ApiError | undefined; onRetry?: () => void; notFound?: PlainKey }) {
  if (!error) return null;
  const missing = error.status === 404 && error.code === "NotFound";
  return (
    <div class={missing ? "notice" : "error"} role="alert">
      <strong>{missing ? t(notFound) : error.status === 403 ? t("无权限") : t("出错了")}</strong>
      <span class="muted">
        {" "}
        {error.code}: {error.message}
      </span>
      {onRetry && !missing && (
        <button type="button" class="link" onClick={onRetry}>
          {t("重试")}
        </button>
      )}
    </div>
  );
}

/** Loading / error / empty states around a loaded value. */
export function Load<T>({ state, notFound, children }: { state: Loaded<T>; notFound?: PlainKey; children: (data: T) => ComponentChildren }) {
  if (state.error) return <ErrorBox error={state.error} onRetry={state.reload} notFound={notFound} />;
  if (state.data === undefined) return <p class="muted">{t("加载中…")}</p>;
  return <>{children(state.data)}</>;
}

export function Empty({ when }: { when: boolean }) {
  return when ? <p class="muted empty">{t("暂无数据")}</p> : null;
}

/** Cursor paging: keeps the cursors already visited so "previous" works. */
export function usePager(): { cursor: string | undefined; next: (c: string) => void; prev: () => void; reset: () => void; page: number } {
  const [stack, setStack] = useState<string[]>([]);
  return {
    cursor: stack[stack.length - 1],
    page: stack.length + 1,
    next: (c) => setStack((s) => [...s, c]),
    prev: () => setStack((s) => s.slice(0, -1)),
    reset: () => setStack([]),
  };
}

export function Pager({ pager, nextCursor }: { pager: ReturnType<typeof usePager>; nextCursor: string | null | undefined }) {
  return (
    <div class="pager">
      <button type="button" disabled={pager.page === 1} onClick={pager.reset}>
        {t("首页")}
      </button>
      <button type="button" disabled={pager.page === 1} onClick={pager.prev}>
        {t("上一页")}
      </button>
      <span class="muted">{pager.page}</span>
      <button type="button" disabled={!nextCursor} onClick={() => nextCursor && pager.next(nextCursor)}>
        {t("下一页")}
      </button>
    </div>
  );
}

/** Any JSON value as plain text. */
export function text(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join("、");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const TIME_FIELDS = /(At|Time|time)$/;

/** A field's value as text: yes/no for booleans, times formatted, the rest through `text`. */
function fieldText(key: string, value: unknown): string {
  if (typeof value === "boolean") return value ? t("是") : t("否");
  if (typeof value === "number" && TIME_FIELDS.test(key) && value > 1e11) return fmtTime(value);
  return text(value);
}

/** How a record's fields are shown: a label for every field the API declares, special values. */
export interface FieldSpec<R> {
  labels: Record<keyof R & string, PlainKey>;
  format?: { [K in keyof R]?: (value: R[K]) => string };
}

/**
 * Every field of a record as a definition list, labelled from `spec` (a field the type does not
 * declare keeps its name); values as text.
 */
export function Fields<R extends object>({ record, spec, skip = [] }: { record: R; spec: FieldSpec<R>; skip?: (keyof R & string)[] }) {
  const labels: Record<string, PlainKey> = spec.labels;
  const format = (spec.format ?? {}) as Record<string, ((value: unknown) => string) | undefined>;
  return (
    <dl class="fields">
      {Object.entries(record)
        .filter(([k]) => !(skip as string[]).includes(k))
        .map(([k, v]) => (
          <div key={k} data-field={k}>
            <dt>{Object.hasOwn(labels, k) ? t(labels[k]!) : k}</dt>
            <dd>{Object.hasOwn(format, k) && v !== null && v !== undefined ? format[k]!(v) : fieldText(k, v)}</dd>
          </div>
        ))}
    </dl>
  );
}

/** An enum value of the API as a coloured tag: translated when `kind` names its enum, else as it is. */
export function StatusTag({ value, kind }: { value: string | null | undefined; kind?: ValueKind }) {
  return (
    <span class={`tag tag-${String(value ?? "none").replace(/[^a-z0-9-]/gi, "")}`} data-value={value ?? ""}>
      {kind ? valueText(kind, value) : (value ?? "—")}
    </span>
  );
}

export function Flags({ row }: { row: { deleted?: unknown; emergencyLocked?: unknown; paid?: unknown } }) {
  return (
    <>
      {row.emergencyLocked ? <span class="tag tag-locked">{t("已锁定")}</span> : null}
      {row.deleted ? <span class="tag tag-deleted">{t("已删除")}</span> : null}
      {row.paid === 1 || row.paid === true ? <span class="tag">{t("付费")}</span> : null}
    </>
  );
}

export interface TakedownTarget {
  groupId: string;
  seriesIds: string[];
  programIds: string[];
  /** Titles for the confirmation list (text only). */
  labels: string[];
}

/**
 * Emergency takedown / lift of many ids, grouped per CP (one request per groupId, ≤100 ids):
 * reason required, then an explicit confirmation step.
 */
export function TakedownDialog({ action, targets, onClose }: { action: "takedown" | "lift"; targets: TakedownTarget[]; onClose: (done: boolean) => void }) {
  const [reason, setReason] = useState("");
  const [step, setStep] = useState<"form" | "confirm" | "busy" | "done">("form");
  const [confirmed, setConfirmed] = useState(false);
  const [results, setResults] = useState<{ groupId: string; answer?: TakedownAnswer; error?: ApiError }[]>([]);
  const count = targets.reduce((n, g) => n + g.seriesIds.length + g.programIds.length, 0);
  const tooMany = targets.some((g) => g.seriesIds.length + g.programIds.length > 100);
  const title = action === "takedown" ? t("紧急下线") : t("解除下线");
  const heading = action === "takedown" ? t("紧急下线 {n} 项", { n: count }) : t("解除下线 {n} 项", { n: count });
  const submit = async () => {
    setStep("busy");
    const out: typeof results = [];
    for (const g of targets) {
      try {
        const answer = await api<TakedownAnswer>("POST", action === "takedown" ? "/emergency-offline" : "/emergency-offline/lift", {
          groupId: g.groupId,
          seriesIds: g.seriesIds,
          programIds: g.programIds,
          reason: reason.trim(),
        });
        out.push({ groupId: g.groupId, answer });
      } catch (err) {
        out.push({ groupId: g.groupId, error: err instanceof ApiError ? err : new ApiError(0, "Error", String(err)) });
      }
    }
    setResults(out);
    setStep("done");
  };
  return (
    <div class="modal-backdrop">
      <div class="modal" role="dialog" aria-modal="true" aria-label={title}>
        <h2>{heading}</h2>
        <ul class="target-list">
          {targets.map((g) => (
            <li key={g.groupId}>
              <strong>{g.groupId}</strong>
              <span class="muted">
                {" "}
                {g.seriesIds.length ? t("节目集 {n} 个", { n: g.seriesIds.length }) : ""} {g.programIds.length ? t("节目 {n} 个", { n: g.programIds.length }) : ""}
              </span>
              <ul>
                {g.labels.slice(0, 20).map((l, i) => (
                  <li key={i}>{l}</li>
                ))}
                {g.labels.length > 20 ? <li>…</li> : null}
              </ul>
            </li>
          ))}
        </ul>
        {tooMany && <p class="error">{t("每次最多 100 项")}</p>}
        {step === "form" && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (reason.trim()) setStep("confirm");
            }}
          >
            <label>
              {t("下线原因（必填）")}
              <textarea name="reason" required maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
            </label>
            <div class="actions">
              <button type="button" onClick={() => onClose(false)}>
                {t("取消")}
              </button>
              <button type="submit" class="primary" disabled={!reason.trim() || tooMany || count === 0}>
                {t("下一步")}
              </button>
            </div>
          </form>
        )}
        {step === "confirm" && (
          <div>
            <p>
              {t("原因")}: {reason}
            </p>
            <label class="check">
              <input type="checkbox" name="confirm" checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} />
              {t("我确认对以下内容执行操作")}
            </label>
            <div class="actions">
              <button type="button" onClick={() => setStep("form")}>
                {t("返回")}
              </button>
              <button type="button" class="danger" disabled={!confirmed} onClick={() => void submit()}>
                {action === "takedown" ? t("确认紧急下线") : t("确认解除下线")}
              </button>
            </div>
          </div>
        )}
        {step === "busy" && <p class="muted">{t("加载中…")}</p>}
        {step === "done" && (
          <div class="result">
            <h3>{t("操作结果")}</h3>
            {results.map((r) => (
              <div key={r.groupId} class="result-group">
                <strong>{r.groupId}</strong>
                <ErrorBox error={r.error} />
                {r.answer && (
                  <ul>
                    <li>
                      <a href={href(["takedowns", r.answer.takedownId])} onClick={() => onClose(true)}>
                        {r.answer.takedownId}
                      </a>
                    </li>
                    <li>
                      {t("已下线的")}: {text([...r.answer.takenDown.seriesIds, ...r.answer.takenDown.programIds])}
                    </li>
                    <li>
                      {t("未知的")}: {text([...r.answer.unknown.seriesIds, ...r.answer.unknown.programIds])}
                    </li>
                    <li>
                      {t("通知")}: {r.answer.notices.map((n) => `${n.kind} ${valueText("outbox", n.status)}`).join("，") || "—"}
                    </li>
                  </ul>
                )}
              </div>
            ))}
            <div class="actions">
              <button type="button" class="primary" onClick={() => onClose(true)}>
                {t("关闭")}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

/**
 * A filter form whose applied values live in the URL query: `applied` (what the list shows),
 * `form` (being edited), `set(key)` for inputs, and a pager reset when the query changes.
 */
export function useFilterForm<K extends string>(keys: readonly K[], query: URLSearchParams) {
  const applied = Object.fromEntries(keys.map((k) => [k, query.get(k) ?? ""])) as Record<K, string>;
  const [form, setForm] = useState(applied);
  const pager = usePager();
  const queryKey = query.toString();
  useEffect(() => {
    setForm(applied);
    pager.reset();
  }, [queryKey]);
  const set = (k: K) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [k]: e.currentTarget.value });
  return { applied, form, setForm, set, pager };
}

/** datetime-local text → epoch ms string (undefined when empty or unreadable). */
export function localMs(v: string): string | undefined {
  const ms = Date.parse(v);
  return v && !Number.isNaN(ms) ? String(ms) : undefined;
}

/** "From / to" datetime inputs bound to the `from` and `to` keys of a filter form. */
export function TimeRange({ form, set }: { form: { from: string; to: string }; set: (k: "from" | "to") => (e: { currentTarget: { value: string } }) => void }) {
  return (
    <>
      <label>
        {t("起")}
        <input name="from" type="datetime-local" value={form.from} onInput={set("from")} />
      </label>
      <label>
        {t("止")}
        <input name="to" type="datetime-local" value={form.to} onInput={set("to")} />
      </label>
    </>
  );
}

/** A cursor-paged list: loading/error states, the rows, "no data", the pager. */
export function PagedList<R>({ state, pager, children }: { state: Loaded<{ items: R[]; nextCursor: string | null }>; pager: ReturnType<typeof usePager>; children: (items: R[]) => ComponentChildren }) {
  return (
    <Load state={state}>
      {(p) => (
        <>
          {children(p.items)}
          <Empty when={p.items.length === 0} />
          <Pager pager={pager} nextCursor={p.nextCursor} />
        </>
      )}
    </Load>
  );
}

/** A filter bar: submitting puts the values into the URL of `section` (lists read them from there). */
export function FilterForm({ section, values, children }: { section: string; values: Record<string, string>; children: ComponentChildren }) {
  return (
    <form
      class="filters"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(href([section], values));
      }}
    >
      {children}
      <button type="submit" class="primary">
        {t("搜索")}
      </button>
    </form>
  );
}
