import { describe, expect, it } from 'vitest';
import { SlotList } from './slot-list';

describe('SlotList', () => {
  it('adds, removes and lists its members', () => {
    const list = new SlotList<string>();
    const a = list.add('a');
    const b = list.add('b');
    list.add('c');
    expect(list.size).toBe(3);
    list.remove(b, 'b');
    expect(list.size).toBe(2);
    expect(list.values().sort()).toEqual(['a', 'c']);
    list.remove(a, 'a');
    expect(list.values()).toEqual(['c']);
  });

  it('reuses a freed slot instead of growing', () => {
    const list = new SlotList<object>();
    const one = {};
    const first = list.add(one);
    list.add({});
    list.remove(first, one);
    expect(list.add({})).toBe(first);
    expect(list.size).toBe(2);
  });

  it('ignores a second remove, even once the slot holds another member', () => {
    const list = new SlotList<string>();
    const slot = list.add('old');
    list.remove(slot, 'old');
    const again = list.add('new');
    expect(again).toBe(slot);
    list.remove(slot, 'old');
    expect(list.values()).toEqual(['new']);
    expect(list.size).toBe(1);
    list.remove(-1, 'new');
    expect(list.size).toBe(1);
  });

  it('starts afresh after clear', () => {
    const list = new SlotList<number>();
    list.add(1);
    list.add(2);
    list.clear();
    expect(list.size).toBe(0);
    expect(list.values()).toEqual([]);
    expect(list.add(3)).toBe(0);
  });
});
