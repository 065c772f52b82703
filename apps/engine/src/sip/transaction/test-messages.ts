// Messages for transaction tests, built by the real parser.

import { parseMessage } from '../message/parse-message';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type { Peer } from '../sip-stack-types';

export const UDP_PEER: Peer = { transport: 'udp', address: '192.0.2.1', port: 5060 };
export const TCP_PEER: Peer = { transport: 'tcp', address: '192.0.2.1', port: 5060 };

export function request(method: string, branch = 'z9hG4bKtest1', extra = ''): SipRequest {
  const cseqMethod = method === 'ACK' ? 'ACK' : method;
  const m = parseMessage(
    Buffer.from(
      `${method} sip:bob@192.0.2.2 SIP/2.0\r\n` +
        `Via: SIP/2.0/UDP 192.0.2.1:5060;branch=${branch}\r\n` +
        'Max-Forwards: 70\r\n' +
        'From: <sip:alice@192.0.2.1>;tag=a1\r\n' +
        `To: <sip:bob@192.0.2.2>${extra}\r\n` +
        'Call-ID: call-1@192.0.2.1\r\n' +
        `CSeq: 1 ${cseqMethod}\r\n` +
        'Content-Length: 0\r\n\r\n',
    ),
  );
  if (m.kind !== 'request') throw new Error(`bad test request: ${JSON.stringify(m)}`);
  return m;
}

export function response(
  status: number,
  reason: string,
  method = 'INVITE',
  branch = 'z9hG4bKtest1',
): SipResponse {
  const m = parseMessage(
    Buffer.from(
      `SIP/2.0 ${status} ${reason}\r\n` +
        `Via: SIP/2.0/UDP 192.0.2.1:5060;branch=${branch}\r\n` +
        'From: <sip:alice@192.0.2.1>;tag=a1\r\n' +
        'To: <sip:bob@192.0.2.2>;tag=b1\r\n' +
        'Call-ID: call-1@192.0.2.1\r\n' +
        `CSeq: 1 ${method}\r\n` +
        'Content-Length: 0\r\n\r\n',
    ),
  );
  if (m.kind !== 'response') throw new Error(`bad test response: ${JSON.stringify(m)}`);
  return m;
}
