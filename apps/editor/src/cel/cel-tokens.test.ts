import { describe, expect, it } from 'vitest';
import { tokenizeCel } from './cel-tokens';

describe('tokenizeCel', () => {
  it('keeps every character and classifies the pieces', () => {
    const src = 'request.uri.user.startsWith("+31") && source.port != 5060 in [1]';
    const tokens = tokenizeCel(src);
    expect(tokens.map((t) => t.text).join('')).toBe(src);
    expect(tokens.filter((t) => t.kind === 'string').map((t) => t.text)).toEqual(['"+31"']);
    expect(tokens.filter((t) => t.kind === 'operator').map((t) => t.text)).toEqual(['&&', '!=']);
    expect(tokens.filter((t) => t.kind === 'keyword').map((t) => t.text)).toEqual(['in']);
    expect(tokens.filter((t) => t.kind === 'number').map((t) => t.text)).toEqual(['5060', '1']);
  });

  it('survives unterminated strings, escapes and stray characters', () => {
    for (const src of ['"abc', "'a\\'b'", 'a @ b', '', 'r"raw"', '"\\']) {
      expect(
        tokenizeCel(src)
          .map((t) => t.text)
          .join(''),
      ).toBe(src);
    }
  });
});
