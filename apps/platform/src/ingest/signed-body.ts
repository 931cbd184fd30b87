/** Checks 5–6 of profile section 4: the body is a JSON object and its msgSign verifies. */
import { CryptoInputError, msgSignInput, verifySignature } from "@gyt345/protocol/crypto";
import { parseJsonObject } from "@gyt345/protocol/body";
import { ProtocolError } from "@gyt345/protocol/errors";
import type { AuthenticatedRequest } from "./authenticate";

export interface SignedBody {
  body: Record<string, unknown>;
  /** The JCS text msgSign was verified over: also what "the same message" means for msgId. */
  signedContent: string;
}

/** `observe` learns msgId/msgType for the message log as soon as the body parses. */
export function openSignedBody(auth: AuthenticatedRequest, contentType: string | null, observe?: (msgId: string | null, msgType: number | null) => void): SignedBody {
  const body = parseJsonObject(auth.body, contentType);
  observe?.(typeof body.msgId === "string" ? body.msgId.slice(0, 128) : null, Number.isSafeInteger(body.msgType) ? (body.msgType as number) : null);
  if (body.msgSign === undefined || body.msgSign === null || body.msgSign === "") throw ProtocolError.missing("msgSign");
  const signedContent = canonicalContent(body);
  if (signedContent === null || typeof body.msgSign !== "string" || !verifySignature(auth.credential, signedContent, body.msgSign)) {
    throw ProtocolError.forbidden();
  }
  return { body, signedContent };
}

/** The msgSign input, or null for a body with no canonical JSON form (e.g. a lone surrogate): nothing can verify it. */
function canonicalContent(body: Record<string, unknown>): string | null {
  try {
    return msgSignInput(body);
  } catch (err) {
    if (err instanceof CryptoInputError) return null;
    throw err;
  }
}
