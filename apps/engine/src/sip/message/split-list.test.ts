import { describe, it, expect } from 'vitest';
import { splitList } from './split-list';

describe('splitList', () => {
  it.each([
    ['a, b ,c', ['a', 'b', 'c']],
    ['"Doe, John" <sip:j@x>, <sip:b@y>', ['"Doe, John" <sip:j@x>', '<sip:b@y>']],
    ['<sip:a@x;p=1,2>, <sip:b@y>', ['<sip:a@x;p=1,2>', '<sip:b@y>']],
    ['"a\\"," <sip:x@y>', ['"a\\"," <sip:x@y>']],
    ['x;;,;,,', ['x;;', ';', '', '']],
  ])('splits %j', (input, expected) => {
    expect(splitList(input)).toEqual(expected);
  });
});
