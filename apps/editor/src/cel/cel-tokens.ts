// Splits a CEL expression into tokens for highlighting. Never fails: anything it does not
// recognise becomes an 'other' token, so the highlighted text is always the text typed.
export type CelTokenKind =
  'ident' | 'keyword' | 'string' | 'number' | 'operator' | 'punct' | 'space' | 'other';

export interface CelToken {
  readonly kind: CelTokenKind;
  readonly text: string;
}

const KEYWORDS = new Set(['true', 'false', 'null', 'in']);
const OPERATORS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '!', '+', '-', '*', '/', '%', '?', ':'];

export function tokenizeCel(source: string): CelToken[] {
  const tokens: CelToken[] = [];
  let i = 0;
  const push = (kind: CelTokenKind, end: number) => {
    tokens.push({ kind, text: source.slice(i, end) });
    i = end;
  };
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < source.length && /\s/.test(source[j] as string)) j++;
      push('space', j);
    } else if (c === '"' || c === "'" || ((c === 'r' || c === 'b') && /["']/.test(source[i + 1] ?? ''))) {
      const quoteAt = c === '"' || c === "'" ? i : i + 1;
      const quote = source[quoteAt] as string;
      let j = quoteAt + 1;
      while (j < source.length && source[j] !== quote) j += source[j] === '\\' ? 2 : 1;
      push('string', Math.min(j + 1, source.length));
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < source.length && /[0-9a-fA-FxXuU.eE]/.test(source[j] as string)) j++;
      push('number', j);
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < source.length && /[A-Za-z0-9_]/.test(source[j] as string)) j++;
      push(KEYWORDS.has(source.slice(i, j)) ? 'keyword' : 'ident', j);
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (op) push('operator', i + op.length);
      else push(/[()[\]{}.,]/.test(c) ? 'punct' : 'other', i + 1);
    }
  }
  return tokens;
}
