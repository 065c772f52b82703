// UAC dialog state (RFC 3261 §12.1.2) and requests inside it (§12.2.1.1), loose and strict
// route sets; §13.2.2.4 ACK CSeq; §12.2.2 the remote CSeq order and the target refresh of a UAS.
// Not checked: the wire (uac/call-control.sipp.test.ts).
import { describe, expect, it } from 'vitest';
import { createRequest } from '../message/sip-message';
import type { SipResponse } from '../message/sip-message';
import { UacDialog } from './uac-dialog';

const invite = createRequest('INVITE', 'sip:bob@example.net', [
  ['From', '<sip:patchbay@192.0.2.1:5060>;tag=me'],
  ['To', '<sip:bob@example.net>'],
  ['Call-ID', 'c9'],
  ['CSeq', '1 INVITE'],
]);

function ok(rr: string | undefined): SipResponse {
  const h = createRequest('X', 'sip:x', [
    ...(rr === undefined ? [] : ([['Record-Route', rr]] as [string, string][])),
    ['To', '<sip:bob@example.net>;tag=them'],
    ['Contact', '<sip:bob@192.0.2.20;transport=udp>'],
  ]).headers;
  return {
    kind: 'response',
    version: 'SIP/2.0',
    status: 200,
    reason: 'OK',
    headers: h,
    body: new Uint8Array(0),
  };
}

describe('UacDialog', () => {
  it('takes the Record-Route set in reverse and sends to the remote target through it (loose)', () => {
    const d = UacDialog.fromResponse(invite, ok('<sip:p2.example;lr>, <sip:p1.example;lr>'))!;
    const bye = d.createRequest('BYE');
    expect(bye.uri).toBe('sip:bob@192.0.2.20;transport=udp');
    expect(bye.headers.getAll('route')).toEqual(['<sip:p1.example;lr>', '<sip:p2.example;lr>']);
    expect(d.nextHop).toBe('sip:p1.example;lr');
    expect(bye.headers.get('cseq')).toBe('2 BYE');
    expect(bye.headers.get('to')).toBe('<sip:bob@example.net>;tag=them');
    expect(d.createRequest('INFO').headers.get('cseq')).toBe('3 INFO');
    expect(d.createAck(1).headers.get('cseq')).toBe('1 ACK');
  });

  it('puts a strict router first in the Request-URI and the remote target last in Route', () => {
    const d = UacDialog.fromResponse(invite, ok('<sip:strict.example>'))!;
    const bye = d.createRequest('BYE');
    expect(bye.uri).toBe('sip:strict.example');
    expect(bye.headers.getAll('route')).toEqual(['<sip:bob@192.0.2.20;transport=udp>']);
  });

  it('matches requests from the peer only', () => {
    const d = UacDialog.fromResponse(invite, ok(undefined))!;
    const fromPeer = createRequest('BYE', 'sip:patchbay@192.0.2.1', [
      ['From', '<sip:bob@example.net>;tag=them'],
      ['To', '<sip:patchbay@192.0.2.1:5060>;tag=me'],
      ['Call-ID', 'c9'],
    ]);
    expect(d.matches(fromPeer)).toBe(true);
    fromPeer.headers.set('Call-ID', 'other');
    expect(d.matches(fromPeer)).toBe(false);
    expect(d.nextHop).toBe('sip:bob@192.0.2.20;transport=udp');
  });

  it('rejects a request with a CSeq below the last one from the peer (§12.2.2); ACK is not counted', () => {
    const d = UacDialog.fromResponse(invite, ok(undefined))!;
    const req = (method: string, seq: number) =>
      createRequest(method, 'sip:patchbay@192.0.2.1', [['CSeq', `${seq} ${method}`]]);
    expect(d.acceptRemoteSeq(req('INVITE', 5))).toBe(true);
    expect(d.acceptRemoteSeq(req('ACK', 5))).toBe(true);
    expect(d.acceptRemoteSeq(req('INFO', 4))).toBe(false);
    expect(d.acceptRemoteSeq(req('INFO', 6))).toBe(true);
    expect(d.remoteSeq).toBe(6);
  });

  it("takes a target refresh's Contact as the new remote target (§12.2.2)", () => {
    const d = UacDialog.fromResponse(invite, ok(undefined))!;
    d.refreshTarget(createRequest('INVITE', 'sip:patchbay@192.0.2.1', [['Content-Length', '0']]));
    expect(d.remoteTarget).toBe('sip:bob@192.0.2.20;transport=udp');
    d.refreshTarget(
      createRequest('INVITE', 'sip:patchbay@192.0.2.1', [['Contact', '<sip:bob@192.0.2.99:5080>']]),
    );
    expect(d.createRequest('BYE').uri).toBe('sip:bob@192.0.2.99:5080');
  });
});
