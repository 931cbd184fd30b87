/** What the browser tests ingest: a Chinese series with HLS episodes and a hostile title. */
export const BROWSER_GROUP_ID = "cp-browser";
export const XSS_TITLE = "<img src=x onerror=alert(1)>";

type Iface = "seriesInject" | "programInject";

function series(seriesId: string, title: string, episodes: { programId: string; title: string }[]) {
  const seriesPrograms = episodes.map((e, i) => ({ ...e, seriesId, programType: "正片", seq: i + 1, stage: i + 1, paid: 0, status: "online" }));
  return {
    iface: "seriesInject" as Iface,
    message: {
      msgType: 100,
      msgData: {
        seriesId,
        title,
        vImageUrl: "https://img.example.com/poster-v.jpg",
        category: "电视剧",
        year: "1986",
        areas: ["中国大陆"],
        definition: "HD",
        episodeCount: episodes.length,
        episodeLast: episodes.length,
        completed: "true",
        paid: 0,
        status: "online",
        seriesPrograms,
      },
    },
    programs: seriesPrograms,
  };
}

export function browserContent(hlsUrl: string, mp4Url: string): { iface: Iface; message: Record<string, unknown> }[] {
  const xiyou = series("XYJ-1986", "西游记", [1, 2, 3].map((n) => ({ programId: `XYJ-1986-E${n}`, title: `西游记 第${n}集` })));
  const hostile = series("XSS-1", XSS_TITLE, [{ programId: "XSS-1-E1", title: XSS_TITLE }]);
  const out: { iface: Iface; message: Record<string, unknown> }[] = [];
  for (const s of [xiyou, hostile]) {
    out.push({ iface: s.iface, message: s.message });
    for (const p of s.programs)
      out.push({
        iface: "programInject",
        message: {
          msgType: 200,
          msgData: {
            programId: p.programId,
            title: p.title,
            duration: 6,
            category: "电视剧",
            definition: "HD",
            seriesId: p.seriesId,
            paid: 0,
            status: "online",
            playInfos: [
              { videoId: `${p.programId}-HD`, definition: "HD", format: "hls", playUrl: hlsUrl },
              { videoId: `${p.programId}-SD`, definition: "SD", format: "mp4", playUrl: mp4Url },
            ],
            seriesPrograms: p,
          },
        },
      });
  }
  return out;
}
