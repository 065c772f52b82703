// Completion of the expression context's fields (request.uri.user, source.ip, …) and of the
// common functions, from the declared variables in @patchbay/shared/expr — the same declaration
// the compiler type-checks against, so the editor never offers a field the engine lacks.
import { celVariables } from '@patchbay/shared/expr';

export interface Completion {
  /** What replaces the word being typed. */
  readonly insert: string;
  /** Its CEL type, or "function". */
  readonly detail: string;
}

export interface CompletionResult {
  /** Where the word being typed starts: [from, cursor) is replaced by the chosen completion. */
  readonly from: number;
  readonly items: readonly Completion[];
}

type Schema = string | { readonly [member: string]: Schema };

const FUNCTIONS: readonly Completion[] = [
  { insert: 'has(', detail: 'has(a.b): the field is present' },
  { insert: 'size(', detail: 'size(list | string | map): int' },
  { insert: 'int(', detail: 'int(value): int' },
  { insert: 'string(', detail: 'string(value): string' },
];

const METHODS: readonly Completion[] = [
  { insert: 'startsWith(', detail: 'string.startsWith(string): bool' },
  { insert: 'endsWith(', detail: 'string.endsWith(string): bool' },
  { insert: 'contains(', detail: 'string.contains(string): bool' },
  { insert: 'matches(', detail: 'string.matches(regex): bool' },
  { insert: 'replace(', detail: 'string.replace(from, to): string' },
  { insert: 'size()', detail: 'size of a string, list or map: int' },
];

const describe = (s: Schema): string => (typeof s === 'string' ? s : 'object');

export function celCompletions(text: string, cursor: number): CompletionResult {
  const before = text.slice(0, cursor);
  // Inside a string literal nothing is offered.
  if ((before.match(/"/g)?.length ?? 0) % 2 === 1 || (before.match(/'/g)?.length ?? 0) % 2 === 1)
    return { from: cursor, items: [] };
  // The dotted chain ending at the cursor: "request.uri.us" → parent "request.uri", word "us".
  const chain = /(?:[A-Za-z_][A-Za-z0-9_]*\.)*[A-Za-z0-9_]*$/.exec(before)?.[0] ?? '';
  const lastDot = chain.lastIndexOf('.');
  const word = chain.slice(lastDot + 1);
  const from = cursor - word.length;
  if (lastDot === -1) {
    const top: Completion[] = [
      ...Object.entries(celVariables as Record<string, Schema>).map(([name, s]) => ({
        insert: name,
        detail: describe(s),
      })),
      ...FUNCTIONS,
    ];
    return { from, items: top.filter((c) => c.insert.startsWith(word)) };
  }
  let node: Schema | undefined = celVariables as Record<string, Schema>;
  for (const part of chain.slice(0, lastDot).split('.'))
    node = typeof node === 'object' ? node[part] : undefined;
  if (node === undefined) return { from, items: [] };
  const members: Completion[] =
    typeof node === 'object'
      ? Object.entries(node).map(([name, s]) => ({ insert: name, detail: describe(s) }))
      : node === 'string' || node.startsWith('list') || node.startsWith('map')
        ? [...METHODS]
        : [];
  return { from, items: members.filter((c) => c.insert.startsWith(word)) };
}
