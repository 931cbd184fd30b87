/** A CP with one series of three episodes (one offline in Table 3), pushed through the signed interfaces. */
import { expect } from "vitest";
import { loginAdmin, onboardCp, PATHS, programMessage, seriesMessage, type AdminClient, type TestCp } from "../helpers/platform";

export interface TerminalContent {
  admin: AdminClient;
  cp: TestCp;
  groupId: string;
  seriesId: string;
  /** Episodes in seq order: [seq 1, seq 2]; `hidden` is in Table 3 with status offline. */
  episodes: [string, string];
  hidden: string;
  standalone: string;
}

export async function pushTerminalContent(): Promise<TerminalContent> {
  const admin = await loginAdmin();
  const cp = await onboardCp(admin, "mac");
  const seriesId = "S-term";
  const [first, second, hidden, standalone] = ["E-a", "E-b", "E-hidden", "P-alone"];
  const entry = (programId: string, seq: number, status = "online") => ({ programId, seriesId, title: `${programId} title`, programType: "正片", seq, stage: seq, paid: 0, status });
  const series = seriesMessage({ seriesId, seriesPrograms: [entry(second, 2), entry(first, 1), entry(hidden, 3, "offline")] });
  expect((await cp.post(PATHS.seriesInject, series)).status).toBe(200);
  const program = (programId: string, seq: number | null) =>
    programMessage({
      programId,
      title: `${programId} title`,
      definition: "HD",
      seriesId: seq === null ? undefined : seriesId,
      seriesPrograms: seq === null ? undefined : entry(programId, seq, programId === hidden ? "offline" : "online"),
      playInfos: [
        { videoId: `${programId}-sd`, definition: "SD", format: "hls", playUrl: `https://cdn.example.com/${programId}/sd.m3u8` },
        { videoId: `${programId}-hd`, definition: "HD", format: "hls", playUrl: `https://cdn.example.com/${programId}/hd.m3u8?v=1` },
      ],
    });
  for (const [id, seq] of [[first, 1], [second, 2], [hidden, 3], [standalone, null]] as const) {
    const res = await cp.post(PATHS.programInject, program(id, seq));
    expect(res.status, await res.clone().text()).toBe(200);
  }
  return { admin, cp, groupId: cp.groupId, seriesId, episodes: [first, second], hidden, standalone };
}
