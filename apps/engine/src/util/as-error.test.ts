import { describe, expect, it } from 'vitest';
import { asError } from './as-error';

describe('asError', () => {
  it('keeps an Error as it is and wraps anything else', () => {
    const e = new TypeError('bad');
    expect(asError(e)).toBe(e);
    expect(asError('socket closed')).toEqual(new Error('socket closed'));
    expect(asError(42).message).toBe('42');
  });
});
