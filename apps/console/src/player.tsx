/**
 * Plays one playInfo: HLS through hls.js (Media Source Extensions), anything else (MP4) with the
 * browser's own <video>. Loaded as its own chunk, only when something is played.
 */
import type Hls from "hls.js/light";
import { useEffect, useRef, useState } from "preact/hooks";
import { safeHttpUrl } from "./safe-url";

export function isHls(url: string, format?: string | null): boolean {
  return /hls|m3u8/i.test(format ?? "") || /\.m3u8($|\?)/i.test(new URL(url).pathname + new URL(url).search);
}

export default function Player({ url, format, muted = false, label }: { url: string; format?: string | null; muted?: boolean; label?: string }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const safe = safeHttpUrl(url);
  useEffect(() => {
    const el = video.current;
    if (!el || !safe) return;
    setError(null);
    let hls: Hls | undefined;
    let live = true;
    const play = () => void el.play().catch(() => undefined);
    if (isHls(safe, format)) {
      void import("hls.js/light").then(({ default: HlsClass }) => {
        if (!live) return;
        if (HlsClass.isSupported()) {
          // No worker: the CSP allows scripts from 'self' only (hls.js would start one from a blob:).
          hls = new HlsClass({ enableWorker: false });
          hls.on(HlsClass.Events.ERROR, (_e, data) => {
            if (data.fatal) setError(`${data.type}: ${data.details}`);
          });
          hls.loadSource(safe);
          hls.attachMedia(el);
          hls.on(HlsClass.Events.MANIFEST_PARSED, play);
        } else if (el.canPlayType("application/vnd.apple.mpegurl")) {
          el.src = safe;
          play();
        } else setError("HLS not supported");
      });
    } else {
      el.src = safe;
      play();
    }
    return () => {
      live = false;
      hls?.destroy();
      el.removeAttribute("src");
      el.load();
    };
  }, [safe, format]);
  if (!safe) return <p class="error">invalid URL</p>;
  return (
    <div class="player">
      <video ref={video} controls muted={muted} playsInline autoPlay data-src={safe} aria-label={label ?? safe} />
      {error && <p class="error">{error}</p>}
    </div>
  );
}
