/** Request body handling of profile sections 1 and 4 (checks 5–6). */
import { ProtocolError } from "./errors";

/**
 * Reads at most `limit` bytes; a larger body is refused (413) before it is read whole,
 * from Content-Length when declared, else while streaming.
 */
export async function readBodyLimited(req: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new ProtocolError("InvalidParameter", "body", { status: 413 });
  const declared = req.headers.get("content-length");
  const length = declared !== null && /^\d+$/.test(declared) ? Number(declared) : null;
  if (length !== null && length > limit) throw tooLarge();
  if (req.body === null) return new Uint8Array(0);
  // A declared length is enforced by HTTP framing: read it in one native call.
  if (length !== null) {
    const whole = new Uint8Array(await req.arrayBuffer());
    if (whole.byteLength > limit) throw tooLarge();
    return whole;
  }
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** `application/json`, optionally with `charset=utf-8` (6.3.1). */
export function isJsonContentType(value: string | null): boolean {
  if (value === null) return false;
  const [type, ...params] = value.split(";").map((p) => p.trim().toLowerCase());
  if (type !== "application/json") return false;
  return params.every((p) => p === "" || p === "charset=utf-8" || p === 'charset="utf-8"');
}

/** Check 5: the body must be a UTF-8 JSON object. */
export function parseJsonObject(bytes: Uint8Array, contentType: string | null): Record<string, unknown> {
  if (!isJsonContentType(contentType)) throw ProtocolError.invalid("Content-Type");
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    throw ProtocolError.invalid("body");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw ProtocolError.invalid("body");
  return value as Record<string, unknown>;
}
