// Strings that share no storage with a bigger one, for values kept long after their message
// (transaction keys, slimmed copies, Vias to restore): a slice or concatenation of a parsed value
// points into the message's whole header text and would keep all of it alive.

/**
 * The same text in a string of its own. V8 flattens the concatenation into a new string before
 * slicing it, so the result points into that copy, not into the message's header text (about 5×
 * cheaper than a round trip through a Buffer).
 */
export function ownString(s: string): string {
  return ` ${s}`.slice(1);
}

/** Recently kept strings, each once: the values a call's slimmed messages repeat. */
const shared = new Map<string, string>();
const SHARED_MAX = 8192;

/**
 * ownString, deduplicated: a call's transactions keep the same From, To, Call-ID, CSeq and Via
 * values in up to seven slimmed messages for 32 s; this keeps one copy of each. The pool is
 * bounded (cleared when full): it only needs to span one call's few seconds.
 */
export function sharedString(s: string): string {
  const known = shared.get(s);
  if (known !== undefined) return known;
  const own = ownString(s);
  if (shared.size >= SHARED_MAX) shared.clear();
  shared.set(own, own);
  return own;
}
