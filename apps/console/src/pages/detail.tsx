/** Series and program detail: every field, posters, episodes, playInfos with playback, history. */
import { lazy, Suspense } from "preact/compat";
import { useState } from "preact/hooks";
import { useApi, type Me } from "../api";
import { Empty, Fields, Flags, Load, StatusTag, TakedownDialog, type TakedownTarget } from "../components";
import { t } from "../i18n";
import { href } from "../router";
import { safeHttpUrl } from "../safe-url";
import { addToWall } from "../wall-store";
import { Poster } from "./poster";
import { MessageTable, TakedownTable, type MessageRow, type TakedownRow } from "./tables";

const Player = lazy(() => import("../player"));

interface SeriesDetailAnswer {
  series: Record<string, unknown> & { title: string; status: string; vImageUrl?: string | null; hImageUrl?: string | null; deleted?: boolean; emergencyLocked?: boolean };
  episodes: { programId: string; title: string; programType: string | null; seq: number; stage: string | number | null; paid: number | null; status: string }[];
  messages: MessageRow[];
  takedowns: TakedownRow[];
}

interface PlayInfo {
  videoId: string;
  definition: string;
  format?: string | null;
  playUrl: string;
  [k: string]: unknown;
}

interface ProgramDetailAnswer {
  program: Record<string, unknown> & { title: string; status: string; thumbnail?: string | null; bigThumbnail?: string | null; playInfos: PlayInfo[]; deleted?: boolean; emergencyLocked?: boolean };
  series: { groupId: string; seriesId: string; title: string } | null;
  messages: MessageRow[];
  takedowns: TakedownRow[];
}

function Actions({ me, target, onDone }: { me: Me; target: TakedownTarget; onDone: () => void }) {
  const [dialog, setDialog] = useState<"takedown" | "lift" | null>(null);
  if (me.role === "auditor") return null;
  return (
    <>
      <button type="button" class="danger" onClick={() => setDialog("takedown")}>
        {t("紧急下线")}
      </button>{" "}
      <button type="button" onClick={() => setDialog("lift")}>
        {t("解除下线")}
      </button>
      {dialog && (
        <TakedownDialog
          action={dialog}
          targets={[target]}
          onClose={(done) => {
            setDialog(null);
            if (done) onDone();
          }}
        />
      )}
    </>
  );
}

function History({ messages, takedowns }: { messages: MessageRow[]; takedowns: TakedownRow[] }) {
  return (
    <>
      <h2>{t("下线历史")}</h2>
      <TakedownTable rows={takedowns ?? []} />
      <Empty when={!takedowns?.length} />
      <h2>{t("消息记录")}</h2>
      <MessageTable rows={messages ?? []} />
      <Empty when={!messages?.length} />
    </>
  );
}

export function SeriesDetail({ groupId, seriesId, me }: { groupId: string; seriesId: string; me: Me }) {
  const d = useApi<SeriesDetailAnswer>(`/series/${encodeURIComponent(groupId)}/${encodeURIComponent(seriesId)}`);
  return (
    <section>
      <Load state={d}>
        {({ series, episodes, messages, takedowns }) => (
          <>
            <h1 class="detail-title">{series.title}</h1>
            <p>
              <StatusTag value={series.status} /> <Flags row={series} /> <span class="muted">{groupId} / {seriesId}</span>
            </p>
            <div class="actions">
              <Actions me={me} target={{ groupId, seriesIds: [seriesId], programIds: [], labels: [`${series.title} (${seriesId})`] }} onDone={d.reload} />
            </div>
            <div class="detail-head">
              <Poster url={series.vImageUrl} large />
              <Poster url={series.hImageUrl} large />
            </div>
            <h2>{t("剧集")}</h2>
            <table class="episodes">
              <thead>
                <tr>
                  <th>{t("序号")}</th>
                  <th>{t("标题")}</th>
                  <th>{t("类型")}</th>
                  <th>stage</th>
                  <th>{t("付费")}</th>
                  <th>{t("状态")}</th>
                </tr>
              </thead>
              <tbody>
                {episodes.map((e) => (
                  <tr key={e.programId}>
                    <td>{e.seq}</td>
                    <td>
                      <a href={href(["programs", groupId, e.programId])}>{e.title}</a>
                    </td>
                    <td>{e.programType ?? "—"}</td>
                    <td>{e.stage ?? "—"}</td>
                    <td>{e.paid ? t("付费") : t("免费")}</td>
                    <td>
                      <StatusTag value={e.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Empty when={episodes.length === 0} />
            <h2>{t("基本信息")}</h2>
            <Fields record={series} />
            <History messages={messages} takedowns={takedowns} />
          </>
        )}
      </Load>
    </section>
  );
}

export function ProgramDetail({ groupId, programId, me }: { groupId: string; programId: string; me: Me }) {
  const d = useApi<ProgramDetailAnswer>(`/programs/${encodeURIComponent(groupId)}/${encodeURIComponent(programId)}`);
  const [playing, setPlaying] = useState<PlayInfo | null>(null);
  const [flash, setFlash] = useState("");
  return (
    <section>
      <Load state={d}>
        {({ program, series, messages, takedowns }) => (
          <>
            <h1 class="detail-title">{program.title}</h1>
            <p>
              <StatusTag value={program.status} /> <Flags row={program} /> <span class="muted">{groupId} / {programId}</span>
            </p>
            {series && (
              <p>
                {t("所属节目集")}: <a href={href(["series", series.groupId, series.seriesId])}>{series.title}</a>
              </p>
            )}
            <div class="actions">
              <Actions me={me} target={{ groupId, seriesIds: [], programIds: [programId], labels: [`${program.title} (${programId})`] }} onDone={d.reload} />{" "}
              <button
                type="button"
                onClick={() => setFlash(`${t("加入监看")}: ${addToWall([{ groupId, programId, title: program.title }])}`)}
              >
                {t("加入监看")}
              </button>
              {flash && <span class="muted"> {flash}</span>}
            </div>
            <div class="detail-head">
              <Poster url={program.thumbnail} large />
              <Poster url={program.bigThumbnail} large />
            </div>
            <h2>{t("播放信息")}</h2>
            <table class="playinfos">
              <thead>
                <tr>
                  <th>videoId</th>
                  <th>{t("清晰度")}</th>
                  <th>format</th>
                  <th>playUrl</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {(program.playInfos ?? []).map((p, i) => (
                  <tr key={`${p.videoId}-${i}`}>
                    <td>{p.videoId}</td>
                    <td>{p.definition}</td>
                    <td>{p.format ?? "—"}</td>
                    <td class="url">{p.playUrl}</td>
                    <td>
                      {safeHttpUrl(p.playUrl) ? (
                        <button type="button" class="play" onClick={() => setPlaying(playing === p ? null : p)}>
                          {playing === p ? t("停止") : t("播放")}
                        </button>
                      ) : (
                        <span class="error">{t("播放地址无效")}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {playing && (
              <Suspense fallback={<p class="muted">{t("加载中…")}</p>}>
                <Player url={playing.playUrl} format={playing.format ?? null} label={program.title} />
              </Suspense>
            )}
            <h2>{t("基本信息")}</h2>
            <Fields record={program} skip={["playInfos"]} />
            <History messages={messages} takedowns={takedowns} />
          </>
        )}
      </Load>
    </section>
  );
}
