/**
 * The operator API's one error type. Not Annex C (that is the CP wire format): the console
 * gets `{error: {code, message, field?}}` with a conventional HTTP status.
 */
export type AdminErrorCode = "Unauthorized" | "Forbidden" | "NotFound" | "Conflict" | "InvalidInput" | "TooManyRequests" | "PayloadTooLarge" | "ServiceUnavailable";

const STATUS: Record<AdminErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503> = {
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  InvalidInput: 400,
  TooManyRequests: 429,
  PayloadTooLarge: 413,
  ServiceUnavailable: 503,
};

export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "AdminError";
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export function adminErrorAnswer(err: unknown): { status: number; body: { error: { code: string; message: string; field?: string } } } {
  if (err instanceof AdminError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } } };
  }
  return { status: 500, body: { error: { code: "InternalError", message: "The request processing has failed due to some unknown error." } } };
}
