/** What can be done with the selected search rows: take down, lift, add to the monitoring wall. */
import { useState } from "preact/hooks";
import { t } from "../i18n";
import { addToWall } from "../wall-store";
import { isProgram, type SearchItem, type SearchKind } from "./search-results";

export function SelectionBar({
  kind,
  selected,
  canAct,
  onAction,
}: {
  kind: SearchKind;
  selected: SearchItem[];
  /** Whether the operator's role may take content down. */
  canAct: boolean;
  onAction: (action: "takedown" | "lift") => void;
}) {
  const [flash, setFlash] = useState("");
  const none = selected.length === 0;
  return (
    <div class="selection-bar">
      <span>{t("已选 {n} 项", { n: selected.length })}</span>
      {canAct && (
        <>
          <button type="button" class="danger" disabled={none} onClick={() => onAction("takedown")}>
            {t("紧急下线")}
          </button>
          <button type="button" disabled={none} onClick={() => onAction("lift")}>
            {t("解除下线")}
          </button>
        </>
      )}
      {kind === "programs" && (
        <button
          type="button"
          disabled={none}
          onClick={() => {
            const n = addToWall(selected.filter(isProgram).map((r) => ({ groupId: r.groupId, programId: r.programId, title: r.title })));
            setFlash(t("已加入监看 {n} 路", { n }));
          }}
        >
          {t("加入监看")}
        </button>
      )}
      {flash && <span class="muted">{flash}</span>}
    </div>
  );
}
