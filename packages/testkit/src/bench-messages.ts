/** The benchmark messages: a series with n episodes (Table 3), as a CP would send it. */
export function seriesBenchMessage(i: number, episodes: number, tag = Date.now().toString(36)) {
  const seriesId = `BS-${tag}-${i}`;
  return {
    msgId: `bench-${seriesId}`,
    msgType: 100,
    msgTime: Date.now(),
    msgData: {
      seriesId,
      title: `压测节目集 ${i}`,
      vImageUrl: "https://img.example.com/v.jpg",
      category: "电视剧",
      year: "2024",
      definition: "HD",
      completed: "false",
      status: "online",
      seriesPrograms: Array.from({ length: episodes }, (_, n) => ({
        programId: `${seriesId}-E${n + 1}`,
        seriesId,
        title: `第${n + 1}集`,
        programType: "正片",
        seq: n + 1,
        status: "online",
      })),
    },
  };
}
