/** 节目监看: up to 9 programs playing at once (muted), each from its first http(s) playInfo. */
import { lazy, Suspense } from "preact/compat";
import { useState } from "preact/hooks";
import type { ProgramDetailAnswer } from "@gyt345/platform/admin/api-types";
import { useApi } from "../api";
import { ErrorBox } from "../components";
import { t } from "../i18n";
import { href } from "../router";
import { safeHttpUrl } from "../safe-url";
import { addToWall, saveWall, WALL_MAX, wallItems, type WallItem } from "../wall-store";

const Player = lazy(() => import("../player"));

function Tile({ item, onRemove }: { item: WallItem; onRemove: () => void }) {
  const d = useApi<ProgramDetailAnswer>(`/programs/${encodeURIComponent(item.groupId)}/${encodeURIComponent(item.programId)}`);
  const play = d.data?.program.playInfos?.find((p) => safeHttpUrl(p.playUrl));
  return (
    <div class="tile">
      <div class="tile-head">
        <a href={href(["programs", item.groupId, item.programId])}>{d.data?.program.title ?? item.title}</a>
        <button type="button" class="link" onClick={onRemove}>
          {t("移除")}
        </button>
      </div>
      <ErrorBox error={d.error} notFound="没有找到该节目" />
      {d.data && !play && <p class="muted">{t("无可播放地址")}</p>}
      {play && (
        <Suspense fallback={<p class="muted">{t("加载中…")}</p>}>
          <Player url={play.playUrl} format={play.format ?? null} muted label={item.title} />
        </Suspense>
      )}
    </div>
  );
}

export function Wall() {
  const [items, setItems] = useState(wallItems);
  const [groupId, setGroupId] = useState("");
  const [programId, setProgramId] = useState("");
  const update = (next: WallItem[]) => {
    saveWall(next);
    setItems(wallItems());
  };
  return (
    <section>
      <h1>{t("节目监看")}</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          if (groupId && programId) addToWall([{ groupId, programId, title: programId }]);
          setItems(wallItems());
        }}
      >
        <span class="muted">{t("监看画面 {n}/{max} 路", { n: items.length, max: WALL_MAX })}</span>
        <input name="groupId" placeholder={t("内容平台标识")} value={groupId} onInput={(e) => setGroupId(e.currentTarget.value)} />
        <input name="programId" placeholder={t("节目标识")} value={programId} onInput={(e) => setProgramId(e.currentTarget.value)} />
        <button type="submit" disabled={items.length >= WALL_MAX}>
          {t("添加")}
        </button>
        <button type="button" onClick={() => update([])}>
          {t("清空")}
        </button>
      </form>
      <div class={`wall wall-${Math.min(3, Math.ceil(Math.sqrt(Math.max(items.length, 1))))}`}>
        {items.map((item, i) => (
          <Tile key={`${item.groupId}/${item.programId}`} item={item} onRemove={() => update(items.filter((_, j) => j !== i))} />
        ))}
      </div>
    </section>
  );
}
