// Import and duplicate helpers: read a *.flow.json file's text into a document (with a reason
// when it is not one), and find a free id for a copy. Pure, tested without a browser.
import { flowDocumentSchema, type FlowDocument } from '@patchbay/shared/flow';

export type ReadResult = { ok: true; doc: FlowDocument } | { ok: false; reason: string };

/**
 * Checks the text against the flow document schema, but returns the document as written, so
 * fields a newer format adds travel to the engine untouched.
 */
export function readFlowFile(text: string): ReadResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `This file is not JSON (${(e as Error).message}).` };
  }
  const parsed = flowDocumentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, reason: `This is not a Patchbay flow${where}: ${issue?.message ?? 'invalid'}.` };
  }
  return { ok: true, doc: json as FlowDocument };
}

/** `id` itself when free, else id-2, id-3 … (kept within the 64-character id rule). */
export function freeId(id: string, taken: ReadonlySet<string>): string {
  if (!taken.has(id)) return id;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = id.slice(0, 64 - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}
