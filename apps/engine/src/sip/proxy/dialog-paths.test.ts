import { describe, expect, it } from 'vitest';
import { ownDialogIds } from './dialog-ids';
import { DialogPath } from './dialog-paths';

describe('DialogPath', () => {
  it('gives back each value it keeps', () => {
    const path = new DialogPath(
      ownDialogIds('c1', 'a1', 'b1'),
      '"Alice" <sip:alice@example.org>;tag=a1',
      '<sip:bob@example.net>;tag=b1',
      'sip:alice@192.0.2.10',
      'sip:bob@192.0.2.20;transport=tcp',
      ['<sip:p2.example.net;lr>', '<sip:p1.example.org;lr>'],
      7,
    );
    expect(path).toMatchObject({
      callId: 'c1',
      callerTag: 'a1',
      calleeTag: 'b1',
      callerFrom: '"Alice" <sip:alice@example.org>;tag=a1',
      calleeTo: '<sip:bob@example.net>;tag=b1',
      callerContact: 'sip:alice@192.0.2.10',
      calleeContact: 'sip:bob@192.0.2.20;transport=tcp',
      recordRoute: ['<sip:p2.example.net;lr>', '<sip:p1.example.org;lr>'],
      callerSeq: 7,
      calleeSeq: undefined,
    });
  });

  it('keeps a missing Contact missing and an empty route set empty', () => {
    const path = new DialogPath(ownDialogIds('c1', 'a1', 'b1'), 'f', 't', undefined, undefined, [], 1);
    expect([path.callerContact, path.calleeContact, path.recordRoute]).toEqual([undefined, undefined, []]);
  });
});
