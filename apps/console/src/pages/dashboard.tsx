/** Dashboard over GET /admin/api/stats; the charts module (ECharts) is its own chunk. */
import { useEffect, useRef } from "preact/hooks";
import type { StateCounts, StatsAnswer } from "@gyt345/platform/admin/api-types";
import { useApi } from "../api";
import { Load, StatusTag } from "../components";
import { t } from "../i18n";
import { href } from "../router";
import { Table, type Column } from "../table";

type CpContent = StatsAnswer["contentByCp"][number];

const counts = (c: StateCounts | undefined) => [c?.online, c?.offline, c?.deleted, c?.locked].map((n) => n ?? 0).join(" / ");

function Chart({ option }: { option: Record<string, unknown> }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let dispose: (() => void) | undefined;
    let live = true;
    void import("../charts").then(({ drawChart }) => {
      if (live && el.current) dispose = drawChart(el.current, option);
    });
    return () => {
      live = false;
      dispose?.();
    };
  }, [JSON.stringify(option)]);
  return <div class="chart" ref={el} />;
}

function hourLabel(h: number | string): string {
  const d = new Date(typeof h === "number" || /^\d+$/.test(h) ? Number(h) : h);
  return Number.isNaN(d.getTime()) ? String(h) : `${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")} ${String(d.getHours()).padStart(2, "0")}:00`;
}

export default function Dashboard() {
  const stats = useApi<StatsAnswer>("/stats");
  const columns: Column<CpContent>[] = [
    { head: t("内容平台标识"), cell: (c) => <a href={href(["cps", c.groupId])}>{c.groupId}</a> },
    { head: t("名称"), cell: (c) => c.name ?? "—" },
    { head: t("状态"), cell: (c) => <StatusTag kind="cp" value={c.status} /> },
    { head: t("节目集（在线 / 离线 / 已删除 / 已锁定）"), cell: (c) => counts(c.series) },
    { head: t("节目（在线 / 离线 / 已删除 / 已锁定）"), cell: (c) => counts(c.programs) },
  ];
  return (
    <section>
      <h1>{t("仪表盘")}</h1>
      <Load state={stats}>
        {(s) => {
          const cps = s.contentByCp ?? [];
          const hours = [...new Set((s.messagesPerHour ?? []).map((m) => String(m.hour)))].sort((a, b) => (Number(a) || 0) - (Number(b) || 0) || a.localeCompare(b));
          const codes = [...new Set((s.messagesPerHour ?? []).map((m) => m.resultCode))];
          return (
            <>
              <div class="cards">
                <div class="card stat">
                  <span>{t("待发送的通知")}</span>
                  <b>{s.notices?.pending ?? 0}</b>
                </div>
                <div class="card stat">
                  <span>{t("发送失败的通知")}</span>
                  <b class={s.notices?.failed ? "bad" : ""}>{s.notices?.failed ?? 0}</b>
                </div>
                <div class="card stat">
                  <span>{t("已送达的通知")}</span>
                  <b>{s.notices?.delivered ?? 0}</b>
                </div>
                <div class="card stat">
                  <span>{t("下线总数")}</span>
                  <b>{s.takedowns?.total ?? 0}</b>
                </div>
                <div class="card stat">
                  <span>{t("近 24 小时下线数")}</span>
                  <b>{s.takedowns?.last24h ?? 0}</b>
                </div>
              </div>
              <div class="charts">
                <div class="card">
                  <h2>{t("各内容平台内容")}</h2>
                  <Chart
                    option={{
                      legend: { top: 0 },
                      grid: { left: 40, right: 10, top: 40, bottom: 50 },
                      xAxis: { type: "category", data: cps.map((c) => c.groupId), axisLabel: { rotate: 20 } },
                      yAxis: { type: "value" },
                      series: [
                        { name: t("在线节目"), type: "bar", stack: "p", data: cps.map((c) => c.programs?.online ?? 0) },
                        { name: t("离线节目"), type: "bar", stack: "p", data: cps.map((c) => c.programs?.offline ?? 0) },
                        { name: t("已锁定节目"), type: "bar", stack: "p", data: cps.map((c) => c.programs?.locked ?? 0) },
                        { name: t("在线节目集"), type: "bar", stack: "s", data: cps.map((c) => c.series?.online ?? 0) },
                        { name: t("离线节目集"), type: "bar", stack: "s", data: cps.map((c) => c.series?.offline ?? 0) },
                      ],
                    }}
                  />
                </div>
                <div class="card">
                  <h2>{t("每小时消息（按结果码）")}</h2>
                  <Chart
                    option={{
                      legend: { top: 0 },
                      grid: { left: 40, right: 10, top: 40, bottom: 30 },
                      xAxis: { type: "category", data: hours.map(hourLabel) },
                      yAxis: { type: "value" },
                      series: codes.map((code) => ({
                        name: code,
                        type: "line",
                        data: hours.map((h) => s.messagesPerHour.filter((m) => String(m.hour) === h && m.resultCode === code).reduce((n, m) => n + m.count, 0)),
                      })),
                    }}
                  />
                </div>
              </div>
              <Table columns={columns} rows={cps} rowKey={(c) => c.groupId} />
            </>
          );
        }}
      </Load>
    </section>
  );
}
