import { describe, expect, it } from 'vitest';
import { nodeTypeList } from '@patchbay/shared/nodes';
import { categoryTitle, groupByCategory, searchNodeTypes } from './palette-search';

describe('palette search', () => {
  it('lists every type, grouped by category, when nothing is typed', () => {
    expect(searchNodeTypes(nodeTypeList, '  ')).toHaveLength(nodeTypeList.length);
    const groups = groupByCategory(nodeTypeList);
    expect(groups.map(([c]) => c)).toContain('routing');
    expect(groups.flatMap(([, ts]) => ts)).toHaveLength(nodeTypeList.length);
  });

  it('finds by title, type id or help, title matches first, every word required', () => {
    const relay = searchNodeTypes(nodeTypeList, 'RELAY');
    expect(relay[0]?.type).toBe('relay');
    expect(searchNodeTypes(nodeTypeList, 'respond').map((t) => t.type)).toContain('respond');
    expect(searchNodeTypes(nodeTypeList, 'relay zzzz')).toEqual([]);
  });

  it('titles known categories and capitalises new ones', () => {
    expect(categoryTitle('routing')).toBe('Routing');
    expect(categoryTitle('media')).toBe('Media');
  });
});
