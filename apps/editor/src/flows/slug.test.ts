import { describe, expect, it } from 'vitest';
import { ID_RE } from '@patchbay/shared/flow';
import { slugify } from './slug';

describe('slugify', () => {
  it.each([
    ['Main trunk', 'main-trunk'],
    ['  Ünïcode — café  ', 'unicode-cafe'],
    ['PBX #2 (backup)', 'pbx-2-backup'],
    ['***', ''],
  ])('%j → %j', (name, id) => {
    expect(slugify(name)).toBe(id);
  });

  it('stays within the flow id rule', () => {
    const id = slugify('x'.repeat(63) + ' tail');
    expect(id.length).toBeLessThanOrEqual(64);
    expect(id).toMatch(ID_RE);
  });
});
