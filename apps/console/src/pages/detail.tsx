/** Series and program detail: every field, posters, episodes, playInfos with playback, history. */
import { lazy, Suspense } from "preact/compat";
import { useState } from "preact/hooks";
import type { EpisodeView, MessageView, ProgramDetail, ProgramDetailAnswer, SeriesDetailAnswer, TakedownHistoryItem } from "@gyt345/platform/admin/api-types";
import { useApi, type Me } from "../api";
import { Empty, Fields, Flags, Load, StatusTag, TakedownDialog, type TakedownTarget } from "../components";
import { t, valueText } from "../i18n";
import { href } from "../router";
import { safeHttpUrl } from "../safe-url";
import { Table, type Column } from "../table";
import { addToWall } from "../wall-store";
import { EPISODE_LABELS, PLAY_INFO_LABELS, PROGRAM_FIELDS, SERIES_FIELDS } from "./field-specs";
import { Poster } from "./poster";
import { MessageTable, TakedownTable } from "./tables";

const Player = lazy(() => import("../player"));

type PlayInfo = ProgramDetail["playInfos"][number];

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

function History({ messages, takedowns }: { messages: MessageView[]; takedowns: TakedownHistoryItem[] }) {
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

function Episodes({ groupId, episodes }: { groupId: string; episodes: EpisodeView[] }) {
  const L = EPISODE_LABELS;
  const columns: Column<EpisodeView>[] = [
    { head: t(L.seq), cell: (e) => e.seq },
    { head: t(L.title), cell: (e) => <a href={href(["programs", groupId, e.programId])}>{e.title}</a> },
    { head: t(L.programType), cell: (e) => valueText("programType", e.programType) },
    { head: t(L.stage), cell: (e) => e.stage ?? "—" },
    { head: t(L.paid), cell: (e) => (e.paid ? t("付费") : t("免费")) },
    { head: t(L.status), cell: (e) => <StatusTag kind="content" value={e.status} /> },
  ];
  return <Table class="episodes" columns={columns} rows={episodes} rowKey={(e) => e.programId} />;
}

function PlayInfos({ playInfos, playing, onPlay }: { playInfos: PlayInfo[]; playing: PlayInfo | null; onPlay: (p: PlayInfo | null) => void }) {
  const L = PLAY_INFO_LABELS;
  const columns: Column<PlayInfo>[] = [
    { head: t(L.videoId), cell: (p) => p.videoId },
    { head: t(L.definition), cell: (p) => p.definition },
    { head: t(L.format), cell: (p) => p.format ?? "—" },
    { head: t(L.playUrl), cell: (p) => p.playUrl, class: "url" },
    {
      head: "",
      cell: (p) =>
        safeHttpUrl(p.playUrl) ? (
          <button type="button" class="play" onClick={() => onPlay(playing === p ? null : p)}>
            {playing === p ? t("停止") : t("播放")}
          </button>
        ) : (
          <span class="error">{t("播放地址无效")}</span>
        ),
    },
  ];
  return <Table class="playinfos" columns={columns} rows={playInfos} rowKey={(p, i) => `${p.videoId}-${i}`} />;
}

export function SeriesDetail({ groupId, seriesId, me }: { groupId: string; seriesId: string; me: Me }) {
  const d = useApi<SeriesDetailAnswer>(`/series/${encodeURIComponent(groupId)}/${encodeURIComponent(seriesId)}`);
  return (
    <section>
      <Load state={d} notFound="没有找到该节目集">
        {({ series, episodes, messages, takedowns }) => (
          <>
            <h1 class="detail-title">{series.title}</h1>
            <p>
              <StatusTag kind="content" value={series.status} /> <Flags row={series} /> <span class="muted">{groupId} / {seriesId}</span>
            </p>
            <div class="actions">
              <Actions me={me} target={{ groupId, seriesIds: [seriesId], programIds: [], labels: [`${series.title} (${seriesId})`] }} onDone={d.reload} />
            </div>
            <div class="detail-head">
              <Poster url={series.vImageUrl} large />
              <Poster url={series.hImageUrl} large />
            </div>
            <h2>{t("节目集相关节目")}</h2>
            <Episodes groupId={groupId} episodes={episodes} />
            <Empty when={episodes.length === 0} />
            <h2>{t("基本信息")}</h2>
            <Fields record={series} spec={SERIES_FIELDS} />
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
      <Load state={d} notFound="没有找到该节目">
        {({ program, series, messages, takedowns }) => (
          <>
            <h1 class="detail-title">{program.title}</h1>
            <p>
              <StatusTag kind="content" value={program.status} /> <Flags row={program} /> <span class="muted">{groupId} / {programId}</span>
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
                onClick={() => setFlash(t("已加入监看 {n} 路", { n: addToWall([{ groupId, programId, title: program.title }]) }))}
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
            <PlayInfos playInfos={program.playInfos ?? []} playing={playing} onPlay={setPlaying} />
            {playing && (
              <Suspense fallback={<p class="muted">{t("加载中…")}</p>}>
                <Player url={playing.playUrl} format={playing.format ?? null} label={program.title} />
              </Suspense>
            )}
            <h2>{t("基本信息")}</h2>
            <Fields record={program} spec={PROGRAM_FIELDS} skip={["playInfos"]} />
            <History messages={messages} takedowns={takedowns} />
          </>
        )}
      </Load>
    </section>
  );
}
