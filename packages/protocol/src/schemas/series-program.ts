/**
 * 节目集相关节目 (Table 3): one program's place in a series. Used as the items of a series'
 * `seriesPrograms` (Table 2, alias `seriesShows`) and as a program's `seriesPrograms`
 * (Table 9, a single object, alias `seriesShow`).
 */
import * as v from "valibot";
import { IdString, Paid, ProgramType, Seq, Status, TitleString, UIntOrEmpty, jsonObject, opt, req } from "./fields";

export const SeriesProgramSchema = v.pipe(
  jsonObject({
    programId: req(IdString, "Program ID (相关节目 ID). 1–128 characters, no whitespace, control characters or commas."),
    seriesId: req(IdString, "Series ID (节目集 ID); must equal the series' seriesId."),
    title: req(TitleString, "Program title (节目标题). 1–512 characters."),
    programType: req(ProgramType, "Program type (节目类型): 正片 (feature), 预告片 (trailer) or 花絮 (extras)."),
    seq: req(Seq, "Sequence number (顺序号): an integer ≥ 0, or a string of digits (B.1)."),
    stage: opt(UIntOrEmpty, "Episode or issue number (集数或期数); date-based shows use YYYYMMDD. Empty (\"\" or absent) for non-feature programs."),
    paid: opt(Paid, "Paid (是否付费): 0 free (免费), 1 paid (付费)."),
    status: req(Status, "Status (状态): online (在线) or offline (离线)."),
  }),
  v.title("SeriesProgram (节目集相关节目, Table 3)"),
  v.description("A program's relation to a series: its episode number and order within the series."),
);

export type SeriesProgram = v.InferOutput<typeof SeriesProgramSchema>;
