/**
 * Annex C answers (附录C 错误码) as typed errors on the CP side: one class per code, all
 * `AnnexCError` with a `code` discriminant and the parameter named in `msg` parsed into `param`.
 */
import type { AnnexCCode } from "@gyt345/protocol/errors";

export type { AnnexCCode };

export interface AnswerDetail {
  /** HTTP status of the last attempt. */
  status: number;
  code: string;
  msg: string;
  /** Attempts made (1 when no retry happened). */
  attempts: number;
  msgId?: string;
}

/** `The input parameter "msgData.playInfos[0].playUrl" that is …` → `msgData.playInfos[0].playUrl`. */
export function paramOf(msg: string): string | undefined {
  return /"([^"]*)"/.exec(msg)?.[1];
}

export class AnnexCError extends Error {
  readonly code: AnnexCCode;
  readonly status: number;
  readonly msg: string;
  readonly param: string | undefined;
  readonly attempts: number;
  readonly msgId: string | undefined;
  constructor(code: AnnexCCode, detail: AnswerDetail) {
    super(`${detail.status} ${code}: ${detail.msg}`);
    this.name = code;
    this.code = code;
    this.status = detail.status;
    this.msg = detail.msg;
    this.param = code === "MissingParameter" || code === "InvalidParameter" ? paramOf(detail.msg) : undefined;
    this.attempts = detail.attempts;
    this.msgId = detail.msgId;
  }
}

export class MissingParameter extends AnnexCError {
  declare readonly code: "MissingParameter";
  constructor(d: AnswerDetail) {
    super("MissingParameter", d);
  }
}
export class InvalidParameter extends AnnexCError {
  declare readonly code: "InvalidParameter";
  constructor(d: AnswerDetail) {
    super("InvalidParameter", d);
  }
}
export class Forbidden extends AnnexCError {
  declare readonly code: "Forbidden";
  constructor(d: AnswerDetail) {
    super("Forbidden", d);
  }
}
export class InternalError extends AnnexCError {
  declare readonly code: "InternalError";
  constructor(d: AnswerDetail) {
    super("InternalError", d);
  }
}
export class ServiceUnAvailable extends AnnexCError {
  declare readonly code: "ServiceUnAvailable";
  constructor(d: AnswerDetail) {
    super("ServiceUnAvailable", d);
  }
}

/** An answer that is not Annex C (no such interface, a proxy's HTML page…). */
export class UnexpectedAnswer extends Error {
  readonly status: number;
  readonly code: string;
  readonly msg: string;
  readonly attempts: number;
  constructor(d: AnswerDetail) {
    super(`${d.status} ${d.code}: ${d.msg}`);
    this.name = "UnexpectedAnswer";
    this.status = d.status;
    this.code = d.code;
    this.msg = d.msg;
    this.attempts = d.attempts;
  }
}

/** No answer at all after the last attempt (network error or timeout). */
export class NetworkError extends Error {
  readonly attempts: number;
  constructor(attempts: number, cause: unknown) {
    super(`no answer after ${attempts} attempt(s): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "NetworkError";
    this.attempts = attempts;
  }
}

const CLASSES = { MissingParameter, InvalidParameter, Forbidden, InternalError, ServiceUnAvailable } as const;

/** The typed error of a non-ok answer. */
export function answerError(d: AnswerDetail): AnnexCError | UnexpectedAnswer {
  const cls = (CLASSES as Record<string, (new (d: AnswerDetail) => AnnexCError) | undefined>)[d.code];
  return cls ? new cls(d) : new UnexpectedAnswer(d);
}
