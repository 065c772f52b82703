// RequestView (sip-stack-types.ts): the runtime's lazy read-only view of a request.
// Checks: headers() splits list headers (RFC 3261 §7.3.1) and keeps others per line, in order;
// headerNames() canonical and de-duplicated; uriParts, from/to/contact taken apart (§19.1,
// §20.10/20.20/20.39 params, tags); sdp parsed only for application/sdp; nothing parsed until read.

import { describe, expect, it } from 'vitest';
import { invite, sipRequest } from './proxy-harness';
import { requestView } from './request-view';

const SDP =
  'v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\n';

describe('requestView', () => {
  const req = invite({
    uri: 'sip:+15551234@example.net:5080;user=phone;lr',
    body: SDP,
    extra:
      'Route: <sip:a.example;lr>, <sip:b.example;lr>\nRoute: <sip:c.example;lr>\nDate: Sat, 13 Nov 2010 23:29:00 GMT\nX-Custom: one\nx-custom: two\n',
  });
  const view = requestView(req, 'tcp');

  it('lists every value of a header in order', () => {
    expect(view.headers('route')).toEqual(['<sip:a.example;lr>', '<sip:b.example;lr>', '<sip:c.example;lr>']);
    expect(view.headers('Date')).toEqual(['Sat, 13 Nov 2010 23:29:00 GMT']); // not a list header
    expect(view.headers('X-CUSTOM')).toEqual(['one', 'two']);
    expect(view.headers('v')).toEqual([`SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKcaller1`]);
    expect(view.headers('Subject')).toEqual([]);
  });

  it('names headers canonically, once each, in order of appearance', () => {
    expect(view.headerNames()).toEqual([
      'Via',
      'Max-Forwards',
      'From',
      'To',
      'Call-ID',
      'CSeq',
      'Contact',
      'Route',
      'Date',
      'X-Custom',
      'Content-Type',
      'Content-Length',
    ]);
  });

  it('takes the Request-URI apart', () => {
    expect(view.uriParts).toEqual({
      scheme: 'sip',
      user: '+15551234',
      host: 'example.net',
      port: 5080,
      params: { user: 'phone', lr: '' },
    });
  });

  it('takes From, To and Contact apart', () => {
    expect(view.from).toEqual({
      displayName: 'Alice',
      uri: 'sip:alice@example.org;user=phone',
      user: 'alice',
      host: 'example.org',
      params: { user: 'phone' },
      tag: 'a1',
      headerParams: { tag: 'a1' },
    });
    expect(view.to).toEqual({
      uri: 'sip:bob@example.net',
      user: 'bob',
      host: 'example.net',
      params: {},
      headerParams: {},
    });
    expect(view.contact?.params).toEqual({ transport: 'udp' });
    expect(view.contact?.headerParams).toEqual({ expires: '60' });
    expect(view.transport).toBe('tcp');
  });

  it('parses SDP with sdp-transform only for application/sdp', () => {
    expect(view.sdp?.media[0]?.port).toBe(4000);
    expect(view.sdp?.media[0]?.payloads).toBe('0 8');
    expect(view.sdp?.connection?.ip).toBe('192.0.2.10');
    const text = sipRequest(
      'MESSAGE sip:bob@example.net SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKm\nFrom: <sip:a@x>;tag=1\nTo: <sip:bob@example.net>\nCall-ID: m\nCSeq: 1 MESSAGE\nContent-Type: text/plain\nContent-Length: 2\n\nhi',
    );
    expect(requestView(text).sdp).toBeUndefined();
    expect(requestView(text).contact).toBeUndefined();
  });

  it('reads no header until asked', () => {
    const r = invite({ extra: 'Contact: *\n' });
    const v = requestView(r);
    let asked = 0;
    const cached = r.headers.cached.bind(r.headers);
    r.headers.cached = <T>(name: string, compute: (h: typeof r.headers, n: string) => T): T => (
      asked++,
      cached(name, compute)
    );
    expect(v.method).toBe('INVITE');
    expect(asked).toBe(0);
    expect(v.from.tag).toBe('a1');
    expect(asked).toBe(1);
  });
});
