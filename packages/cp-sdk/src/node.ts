/**
 * Node adapter (Express, node:http) for the SDK's fetch handlers: `app.post("/offline",
 * toNodeListener(handler))` or `http.createServer(toNodeListener(handler))`. Typed
 * structurally so the client path stays free of node: imports.
 */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: Uint8Array | string): unknown;
}

export function toNodeListener(handler: (req: Request) => Promise<Response>, origin = "http://localhost") {
  return async (req: NodeRequestLike, res: NodeResponseLike): Promise<void> => {
    const chunks: Uint8Array[] = [];
    for await (const c of req) chunks.push(typeof c === "string" ? new TextEncoder().encode(c) : c);
    const headers = new Headers();
    for (const [k, val] of Object.entries(req.headers)) if (val !== undefined) headers.set(k, Array.isArray(val) ? val.join(", ") : val);
    const host = typeof req.headers.host === "string" ? `http://${req.headers.host}` : origin;
    const method = req.method ?? "GET";
    let size = 0;
    for (const c of chunks) size += c.byteLength;
    const bytes = new Uint8Array(size);
    chunks.reduce((at, c) => (bytes.set(c, at), at + c.byteLength), 0);
    const body = method === "GET" || method === "HEAD" ? undefined : bytes;
    const answer = await handler(new Request(new URL(req.url ?? "/", host), { method, headers, body }));
    res.statusCode = answer.status;
    answer.headers.forEach((value, name) => res.setHeader(name, value));
    res.end(new Uint8Array(await answer.arrayBuffer()));
  };
}
