/**
 * Annex C error codes (附录C 错误码) and the one typed error thrown anywhere in the
 * CP-facing protocol. `annexCBody` is the only place that turns an error into the
 * wire format; `app.onError` calls it.
 */
export type AnnexCCode =
  | "MissingParameter"
  | "InvalidParameter"
  | "Forbidden"
  | "InternalError"
  | "ServiceUnAvailable";

/** HTTP status per code (Table C.1; 413 for an oversized body, profile section 1). */
const STATUS: Record<AnnexCCode, 400 | 403 | 500 | 503> = {
  MissingParameter: 400,
  InvalidParameter: 400,
  Forbidden: 403,
  InternalError: 500,
  ServiceUnAvailable: 503,
};

export class ProtocolError extends Error {
  readonly code: AnnexCCode;
  /** The parameter named in the message: `groupId`, `msgData.playInfos[0].playUrl`, … */
  readonly param: string | undefined;
  /** Overrides the code's HTTP status (only 413 for an oversized body). */
  readonly statusOverride: 413 | undefined;

  constructor(code: AnnexCCode, param?: string, options?: { status?: 413; cause?: unknown }) {
    super(annexCMessage(code, param), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ProtocolError";
    this.code = code;
    this.param = param;
    this.statusOverride = options?.status;
  }

  get status(): number {
    return this.statusOverride ?? STATUS[this.code];
  }

  static missing(param: string): ProtocolError {
    return new ProtocolError("MissingParameter", param);
  }
  static invalid(param: string): ProtocolError {
    return new ProtocolError("InvalidParameter", param);
  }
  static forbidden(): ProtocolError {
    return new ProtocolError("Forbidden");
  }
}

/** The Annex C `msg` texts, with the parameter substituted where the table has `\`. */
export function annexCMessage(code: AnnexCCode, param?: string): string {
  switch (code) {
    case "MissingParameter":
      return `The input parameter "${param ?? ""}" that is mandatory for processing this request is not supplied.`;
    case "InvalidParameter":
      return `The specified parameter "${param ?? ""}" is not valid.`;
    case "Forbidden":
      return "GroupId or GroupSecret is not valid.";
    case "InternalError":
      return "The request processing has failed due to some unknown error.";
    case "ServiceUnAvailable":
      return "The request has failed due to a temporary failure of the server.";
  }
}

export interface AnnexCBody {
  code: string;
  msg: string;
}

/** Success answer (B.2); `msg` may carry a note such as a stale message that was ignored. */
export function okBody(note?: string): AnnexCBody {
  return { code: "ok", msg: note ?? "success" };
}

/** The one mapping from any thrown value to the Annex C wire answer. */
export function annexCAnswer(err: unknown): { status: number; body: AnnexCBody } {
  if (err instanceof ProtocolError) return { status: err.status, body: { code: err.code, msg: err.message } };
  const unavailable = isStorageUnavailable(err);
  const code: AnnexCCode = unavailable ? "ServiceUnAvailable" : "InternalError";
  return { status: STATUS[code], body: { code, msg: annexCMessage(code) } };
}

/**
 * D1/KV faults that mean "try again later" rather than a bug: the CP retries on 503.
 * Messages as D1 reports them (overload, reset, network loss, timeouts).
 */
export function isStorageUnavailable(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : String(err);
  return /overloaded|Network connection lost|storage (?:operation )?(?:was )?(?:reset|exceeded)|internal error in D1|D1 DB (?:is )?(?:overloaded|unavailable)|timed? ?out|Too many requests|unavailable/i.test(
    text,
  );
}
