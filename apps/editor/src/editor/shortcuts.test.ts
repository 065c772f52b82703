import { describe, expect, it } from 'vitest';
import { matchShortcut, SHORTCUTS } from './shortcuts';

const press = (
  key: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {},
) => matchShortcut({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('matchShortcut', () => {
  it('maps every listed shortcut to its action', () => {
    for (const s of SHORTCUTS)
      for (const keys of s.keys) {
        const parts = keys.split('+');
        const key = parts[parts.length - 1]!;
        const action = press(key === '?' ? '?' : key.length === 1 ? key.toLowerCase() : key, {
          ctrlKey: parts.includes('Mod'),
          shiftKey: parts.includes('Shift'),
        });
        expect([keys, action]).toEqual([keys, s.action]);
      }
  });

  it('takes ⌘ for Ctrl, capital letters with Shift, and ignores Alt and bare letters it does not know', () => {
    expect(press('z', { metaKey: true })).toBe('undo');
    expect(press('Z', { ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(press('z', { ctrlKey: true, altKey: true })).toBeNull();
    expect(press('q')).toBeNull();
    expect(press('L', { shiftKey: true })).toBeNull();
  });
});
