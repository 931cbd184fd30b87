/** Message log rows and takedown rows, shared by the list pages and the detail pages. */
import type { MessageView, TakedownHistoryItem } from "@gyt345/platform/admin/api-types";
import { StatusTag, text } from "../components";
import { fmtTime, t } from "../i18n";
import { href } from "../router";
import { Table, type Column } from "../table";

export function MessageTable({ rows }: { rows: MessageView[] }) {
  // Built per render: the headings follow the language switch.
  const columns: Column<MessageView>[] = [
    { head: t("接收时间"), cell: (m) => fmtTime(m.receivedAt) },
    { head: t("内容平台标识"), cell: (m) => m.groupId ?? "—" },
    { head: t("路径"), cell: (m) => m.path },
    { head: t("消息 ID"), cell: (m) => m.msgId ?? "—" },
    { head: t("消息类型"), cell: (m) => m.msgType ?? "—" },
    { head: t("已验签"), cell: (m) => (m.verified === null || m.verified === undefined ? "—" : m.verified ? t("是") : t("否")) },
    { head: "HTTP", cell: (m) => m.httpStatus },
    { head: t("结果码"), cell: (m) => <StatusTag value={m.resultCode} /> },
    { head: t("结果信息"), cell: (m) => m.resultMsg ?? "—" },
  ];
  return <Table class="messages" columns={columns} rows={rows} rowKey={(m) => m.id} />;
}

/** List items (GET /takedowns) or the history of a detail page: a list item is a history item too. */
export function TakedownTable({ rows }: { rows: TakedownHistoryItem[] }) {
  const columns: Column<TakedownHistoryItem>[] = [
    { head: t("时间"), cell: (r) => <a href={href(["takedowns", r.id])}>{fmtTime(r.at)}</a> },
    { head: t("操作"), cell: (r) => <StatusTag kind="action" value={r.action} /> },
    { head: t("内容平台标识"), cell: (r) => r.groupId },
    { head: t("节目集"), cell: (r) => text(r.seriesIds) },
    { head: t("节目"), cell: (r) => text(r.programIds) },
    { head: t("原因"), cell: (r) => r.reason },
    { head: t("操作人"), cell: (r) => r.actor },
    { head: t("通知状态"), cell: (r) => <StatusTag kind="outbox" value={r.noticeStatus} /> },
    { head: t("清除状态"), cell: (r) => <StatusTag kind="outbox" value={r.purgeStatus} /> },
    { head: t("核验"), cell: (r) => <StatusTag kind="verification" value={r.verification?.status} /> },
  ];
  return <Table class="takedowns" columns={columns} rows={rows} rowKey={(r) => r.id} />;
}
