import { safeHttpUrl } from "../safe-url";

/** A CP image, only from an http(s) URL; otherwise an empty frame. */
export function Poster({ url, alt = "", large = false }: { url: string | null | undefined; alt?: string; large?: boolean }) {
  const safe = safeHttpUrl(url);
  if (!safe && large) return null;
  return safe ? <img class={large ? "poster large" : "poster"} src={safe} alt={alt} loading="lazy" referrerpolicy="no-referrer" onError={(e) => e.currentTarget.classList.add("broken")} /> : <span class={large ? "poster large none" : "poster none"} />;
}
