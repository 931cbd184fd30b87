/** Message log rows and takedown rows, shared by the list pages and the detail pages. */
import { StatusTag, text } from "../components";
import { fmtTime, t } from "../i18n";
import { href } from "../router";

export interface MessageRow {
  id: number | string;
  receivedAt: number;
  groupId: string;
  verified: boolean | number | null;
  path: string;
  nonce: string | null;
  msgId: string | null;
  msgType: number | string | null;
  httpStatus: number;
  resultCode: string;
  resultMsg: string | null;
}

export function MessageTable({ rows }: { rows: MessageRow[] }) {
  return (
    <table class="messages">
      <thead>
        <tr>
          <th>{t("接收时间")}</th>
          <th>{t("内容平台标识")}</th>
          <th>{t("路径")}</th>
          <th>{t("消息 ID")}</th>
          <th>msgType</th>
          <th>{t("已验签")}</th>
          <th>HTTP</th>
          <th>{t("结果码")}</th>
          <th>{t("结果信息")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.id}>
            <td>{fmtTime(m.receivedAt)}</td>
            <td>{m.groupId}</td>
            <td>{m.path}</td>
            <td>{m.msgId ?? "—"}</td>
            <td>{m.msgType ?? "—"}</td>
            <td>{m.verified === null || m.verified === undefined ? "—" : m.verified ? t("是") : t("否")}</td>
            <td>{m.httpStatus}</td>
            <td>
              <StatusTag value={m.resultCode} />
            </td>
            <td>{m.resultMsg ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface TakedownRow {
  id: string;
  action: "takedown" | "lift";
  groupId: string;
  seriesIds: string[];
  programIds: string[];
  reason: string;
  actor: string;
  at: number;
  noticeStatus?: string;
  purgeStatus?: string;
  verification?: { status: string };
}

export function TakedownTable({ rows }: { rows: TakedownRow[] }) {
  return (
    <table class="takedowns">
      <thead>
        <tr>
          <th>{t("时间")}</th>
          <th>{t("操作")}</th>
          <th>{t("内容平台标识")}</th>
          <th>{t("节目集")}</th>
          <th>{t("节目")}</th>
          <th>{t("原因")}</th>
          <th>{t("操作人")}</th>
          <th>{t("通知状态")}</th>
          <th>{t("清除状态")}</th>
          <th>{t("核验")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>
              <a href={href(["takedowns", r.id])}>{fmtTime(r.at)}</a>
            </td>
            <td>
              <StatusTag value={r.action} />
            </td>
            <td>{r.groupId}</td>
            <td>{text(r.seriesIds)}</td>
            <td>{text(r.programIds)}</td>
            <td>{r.reason}</td>
            <td>{r.actor}</td>
            <td>
              <StatusTag value={r.noticeStatus} />
            </td>
            <td>
              <StatusTag value={r.purgeStatus} />
            </td>
            <td>
              <StatusTag value={r.verification?.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
