import { describe, expect, it } from 'vitest';
import { celCompletions } from './cel-completions';

const inserts = (text: string, cursor = text.length) =>
  celCompletions(text, cursor).items.map((i) => i.insert);

describe('celCompletions', () => {
  it('offers the context variables and functions at the top level', () => {
    expect(inserts('')).toEqual(
      expect.arrayContaining(['request', 'source', 'vars', 'response', 'now', 'size(']),
    );
    expect(inserts('re')).toEqual(['request', 'response']);
    expect(celCompletions('x && so', 7)).toEqual({
      from: 5,
      items: [{ insert: 'source', detail: 'object' }],
    });
  });

  it('offers the members of a path, filtered by what is typed', () => {
    expect(inserts('request.')).toEqual(expect.arrayContaining(['method', 'uri', 'headers', 'from', 'sdp']));
    expect(celCompletions('request.uri.us', 14)).toEqual({
      from: 12,
      items: [{ insert: 'user', detail: 'string' }],
    });
    expect(inserts('source.')).toEqual(['ip', 'port', 'transport']);
  });

  it('offers string methods after a string field, nothing after an int or unknown path', () => {
    expect(inserts('request.uri.user.st')).toEqual(['startsWith(']);
    expect(inserts('source.port.')).toEqual([]);
    expect(inserts('request.nope.')).toEqual([]);
  });

  it('offers nothing inside a string literal', () => {
    expect(inserts('request.method == "req')).toEqual([]);
  });
});
