/**
 * Id lists of the offline messages (Tables 6 and 13): items trimmed, empty items refused,
 * duplicates removed (first occurrence kept), 1–1000 items as sent.
 */
import * as v from "valibot";
import { IdString, LIMITS, boundedArray, isId } from "./fields";

function dedupe(ids: string[]): string[] {
  return [...new Set(ids)];
}

/** An array of ids (B.4, B.6, Table 13); a bad item is named by its index. */
export const IdArray = v.pipe(
  boundedArray(v.pipe(v.string(), v.trim(), IdString), LIMITS.idListMin, LIMITS.idListMax),
  v.transform(dedupe),
);

/** Ids separated by half-width commas (Table 6); a bad item is named as the whole string. */
export const CommaSeparatedIds = v.pipe(
  v.string(),
  v.transform((text) => text.split(",").map((id) => id.trim())),
  v.check((ids) => ids.length >= LIMITS.idListMin && ids.length <= LIMITS.idListMax, "1–1000 ids"),
  v.check((ids) => ids.every(isId), "ids of 1–128 characters without whitespace, control characters or commas"),
  v.transform(dedupe),
);

/** `seriesIds`: a comma-separated string (Table 6) or an array (B.4) → string[]. */
export const IdStringOrArray = v.lazy((input) => (typeof input === "string" ? CommaSeparatedIds : IdArray));
