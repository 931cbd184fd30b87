/** Demo catalog the local platform is seeded with, sent through the real signed API. */
export function demoMessages(groupId: string): { iface: "seriesInject" | "programInject"; message: Record<string, unknown> }[] {
  const seriesId = `${groupId}-S1001`;
  const episodes = [1, 2, 3].map((n) => ({
    programId: `${seriesId}-E${n}`,
    seriesId,
    title: `山海情 第${n}集`,
    programType: "正片",
    seq: n,
    stage: n,
    paid: 0,
    status: "online",
  }));
  const series = {
    msgType: 100,
    msgData: {
      seriesId,
      title: "山海情",
      subTitle: "第一季",
      enTitle: "Minning Town",
      vImageUrl: "https://img.example.com/s1001v.jpg",
      hImageUrl: "https://img.example.com/s1001h.jpg",
      category: "电视剧",
      subCategorys: ["剧情"],
      tags: ["扶贫", "年代"],
      year: "2021",
      areas: ["中国大陆"],
      languages: ["普通话"],
      definition: "HD",
      episodeCount: 23,
      episodeLast: 3,
      completed: "false",
      paid: 0,
      status: "online",
      seriesPrograms: episodes,
    },
  };
  const programs = episodes.map((e) => ({
    msgType: 200,
    msgData: {
      programId: e.programId,
      title: e.title,
      duration: 2700,
      category: "电视剧",
      definition: "HD",
      seriesId,
      paid: 0,
      status: "online",
      playInfos: [{ videoId: `${e.programId}-HD`, definition: "HD", format: "hls", playUrl: `https://cdn.example.com/${e.programId}/hd.m3u8` }],
      seriesPrograms: e,
    },
  }));
  const movie = {
    msgType: 200,
    msgData: {
      programId: `${groupId}-M2001`,
      title: "流浪地球",
      duration: 7500,
      category: "电影",
      areas: ["中国大陆"],
      definition: "4K",
      paid: 1,
      status: "online",
      playInfos: [
        { videoId: "M2001-4K", definition: "4K", playUrl: `https://cdn.example.com/${groupId}-M2001/4k.m3u8` },
        { videoId: "M2001-HD", definition: "HD", playUrl: `https://cdn.example.com/${groupId}-M2001/hd.m3u8` },
      ],
    },
  };
  return [
    { iface: "seriesInject", message: series },
    ...programs.map((message) => ({ iface: "programInject" as const, message })),
    { iface: "programInject", message: movie },
  ];
}
