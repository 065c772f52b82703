// Example SIP requests for the test panel: what a newcomer can run without writing SIP by hand.
// LF line ends are fine (the engine accepts them in a simulation); Content-Length is computed.

function request(startLine: string, headers: string[], body = ''): string {
  const length = new TextEncoder().encode(body).length;
  return [startLine, ...headers, `Content-Length: ${length}`, '', body].join('\n');
}

const SDP = [
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 49170 RTP/AVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
  '',
].join('\n');

const via = 'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds';

export interface SipExample {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

export const SIP_EXAMPLES: readonly SipExample[] = [
  {
    id: 'invite-sdp',
    title: 'INVITE with SDP (audio offer)',
    text: request(
      'INVITE sip:bob@example.com SIP/2.0',
      [
        via,
        'Max-Forwards: 70',
        'From: "Alice" <sip:alice@example.org>;tag=1928301774',
        'To: <sip:bob@example.com>',
        'Call-ID: a84b4c76e66710@192.0.2.10',
        'CSeq: 314159 INVITE',
        'Contact: <sip:alice@192.0.2.10:5060>',
        'Content-Type: application/sdp',
      ],
      SDP,
    ),
  },
  {
    id: 'invite',
    title: 'INVITE without a body',
    text: request('INVITE sip:+4930123456@example.com SIP/2.0', [
      via,
      'Max-Forwards: 70',
      'From: <sip:+4930999888@example.org>;tag=49583',
      'To: <sip:+4930123456@example.com>',
      'Call-ID: 3848276298220188511@192.0.2.10',
      'CSeq: 1 INVITE',
      'Contact: <sip:caller@192.0.2.10:5060>',
    ]),
  },
  {
    id: 'register',
    title: 'REGISTER',
    text: request('REGISTER sip:example.com SIP/2.0', [
      via,
      'Max-Forwards: 70',
      'From: <sip:alice@example.com>;tag=456248',
      'To: <sip:alice@example.com>',
      'Call-ID: 843817637684230@998sdasdh09',
      'CSeq: 1826 REGISTER',
      'Contact: <sip:alice@192.0.2.10:5060>',
      'Expires: 3600',
    ]),
  },
  {
    id: 'options',
    title: 'OPTIONS (keep-alive ping)',
    text: request('OPTIONS sip:example.com SIP/2.0', [
      via,
      'Max-Forwards: 70',
      'From: <sip:monitor@example.org>;tag=93810874',
      'To: <sip:example.com>',
      'Call-ID: 1234567890ping@192.0.2.10',
      'CSeq: 63104 OPTIONS',
      'Accept: application/sdp',
    ]),
  },
];
