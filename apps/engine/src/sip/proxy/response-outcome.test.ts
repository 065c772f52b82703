// The relay outcome of a final response: status and reason as fields; the body a copy (the
// received datagram must not outlive the call's processing), its SDP parsed only when read.
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../message/parse-message';
import type { SipResponse } from '../message/sip-message';
import { responseOutcome } from './relay-attempt';

const SDP =
  'v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\n';

function response(contentType: string | undefined, body: string): SipResponse {
  const text =
    'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKo1\r\nFrom: <sip:a@x>;tag=1\r\n' +
    'To: <sip:b@y>;tag=2\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\n' +
    (contentType === undefined ? '' : `Content-Type: ${contentType}\r\n`) +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const parsed = parseMessage(Buffer.from(text));
  if (parsed.kind !== 'response') throw new Error('test response did not parse');
  return parsed;
}

describe('responseOutcome', () => {
  it('gives status and reason as its only enumerable fields, body and sdp as accessors', () => {
    const o = responseOutcome(response('application/sdp', SDP));
    expect(o).toEqual({ kind: 'response', status: 200, reason: 'OK' });
    expect(Object.keys(o).sort()).toEqual(['kind', 'reason', 'status']);
    expect(o.kind === 'response' && o.sdp?.media[0]?.port).toBe(5004);
  });

  it('copies the body out of the received datagram', () => {
    const res = response('application/sdp', SDP);
    const o = responseOutcome(res);
    const body = o.kind === 'response' ? o.body : undefined;
    expect(Buffer.from(body ?? []).toString()).toBe(SDP);
    expect(body?.buffer).not.toBe(res.body.buffer);
  });

  it('parses no SDP out of another type, and has no body when there is none', () => {
    const text = responseOutcome(response('text/plain', 'hello'));
    expect(text.kind === 'response' && text.sdp).toBeUndefined();
    expect(text.kind === 'response' && Buffer.from(text.body ?? []).toString()).toBe('hello');
    const empty = responseOutcome(response(undefined, ''));
    expect(empty.kind === 'response' && empty.body).toBeUndefined();
  });
});
