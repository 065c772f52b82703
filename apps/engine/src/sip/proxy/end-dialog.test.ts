// BYEs the proxy builds to end a dialog it record-routed. Checks: RFC 3261 §12.1.1/§12.1.2
// route sets split at our own Record-Route value(s) (each side's part, in that side's order);
// §12.2.1.1 Request-URI = remote target and CSeq one above the last used by that side; From/To
// as the peer would send them. Not checked: the wire (proxy-end-call.sipp.test.ts).
import { describe, expect, it } from 'vitest';
import { createRequest } from '../message/sip-message';
import type { SipResponse } from '../message/sip-message';
import { DialogPaths } from './dialog-paths';
import { ownDialogIds } from './dialog-ids';
import { createByes } from './end-dialog';

const invite = createRequest('INVITE', 'sip:bob@example.net', [
  ['Via', 'SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKa'],
  ['From', '<sip:alice@example.org>;tag=a1'],
  ['To', '<sip:bob@example.net>'],
  ['Call-ID', 'c1'],
  ['CSeq', '7 INVITE'],
  ['Contact', '<sip:alice@192.0.2.10>'],
]);
const res: SipResponse = {
  kind: 'response',
  version: 'SIP/2.0',
  status: 200,
  reason: 'OK',
  body: new Uint8Array(0),
  headers: createRequest('X', 'sip:x', [
    ['Record-Route', '<sip:p3.example.net;lr>, <sip:192.0.2.1:5060;lr>, <sip:p1.example.org;lr>'],
    ['From', '<sip:alice@example.org>;tag=a1'],
    ['To', '<sip:bob@example.net>;tag=b1'],
    ['Call-ID', 'c1'],
    ['CSeq', '7 INVITE'],
    ['Contact', '<sip:bob@192.0.2.20>'],
  ]).headers,
};

describe('createByes', () => {
  it('sends each side its own part of the route set, with that side’s tags and CSeq', () => {
    const paths = new DialogPaths();
    paths.onConfirmed(ownDialogIds('c1', 'a1', 'b1'), invite, res);
    const bye = createRequest('BYE', 'sip:alice@192.0.2.10', [
      ['From', '<sip:bob@example.net>;tag=b1'],
      ['To', '<sip:alice@example.org>;tag=a1'],
      ['Call-ID', 'c1'],
      ['CSeq', '41 INFO'],
    ]);
    paths.onRequest(bye); // the callee used CSeq 41
    const [path] = paths.forCall('c1');
    const byes = createByes(path!, (u) => u.startsWith('sip:192.0.2.1:5060'));
    const toCallee = byes.find((b) => b.side === 'callee')!;
    const toCaller = byes.find((b) => b.side === 'caller')!;
    expect(toCallee.request.uri).toBe('sip:bob@192.0.2.20');
    expect(toCallee.request.headers.getAll('route')).toEqual(['<sip:p3.example.net;lr>']);
    expect(toCallee.nextHop).toBe('sip:p3.example.net;lr');
    expect(toCallee.request.headers.get('cseq')).toBe('8 BYE');
    expect(toCallee.request.headers.get('from')).toBe('<sip:alice@example.org>;tag=a1');
    expect(toCaller.request.uri).toBe('sip:alice@192.0.2.10');
    expect(toCaller.request.headers.getAll('route')).toEqual(['<sip:p1.example.org;lr>']);
    expect(toCaller.request.headers.get('cseq')).toBe('42 BYE');
    expect(toCaller.request.headers.get('to')).toBe('<sip:alice@example.org>;tag=a1');
    expect(toCaller.request.headers.get('from')).toBe('<sip:bob@example.net>;tag=b1');
    paths.forget('c1', 'a1', 'b1');
    expect(paths.size).toBe(0);
  });
});
