import { describe, expect, it } from 'vitest';
import { dialogKey, ownDialogIds } from './dialog-ids';

describe('ownDialogIds', () => {
  it('gives back the parts it was given and the key they make', () => {
    const ids = ownDialogIds('a84b4c76e66710@pc33.atlanta.com', '1928301774', 'a6c85cf');
    expect(ids).toEqual({
      key: 'a84b4c76e66710@pc33.atlanta.com|1928301774|a6c85cf',
      callId: 'a84b4c76e66710@pc33.atlanta.com',
      callerTag: '1928301774',
      calleeTag: 'a6c85cf',
    });
    expect(ids.key).toBe(dialogKey(ids.callId, ids.callerTag, ids.calleeTag));
  });

  it('keeps an empty tag empty (a 2xx without a To tag)', () => {
    const ids = ownDialogIds('c1', 'a1', '');
    expect([ids.callId, ids.callerTag, ids.calleeTag, ids.key]).toEqual(['c1', 'a1', '', 'c1|a1|']);
  });
});
