/**
 * CP-supplied URLs (posters, play URLs) are untrusted: only absolute http(s) URLs are ever put
 * into src/href; anything else (javascript:, data:, relative paths) yields null.
 */
export function safeHttpUrl(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 4096) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password) return null;
  return url.href;
}
