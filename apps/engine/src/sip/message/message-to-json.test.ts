import { describe, expect, it } from 'vitest';
import { messageToJson } from './message-to-json';
import { parseMessage } from './parse-message';

function parse(text: string, body: Uint8Array = new Uint8Array(0)) {
  const m = parseMessage(Buffer.concat([Buffer.from(text, 'latin1'), body]));
  if (m.kind === 'error') throw new Error(m.reason);
  return m;
}

describe('messageToJson', () => {
  it('gives start-line parts, headers in order and a text body', () => {
    const m = parse(
      'MESSAGE sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq: 1 MESSAGE\r\nl: 5\r\n\r\n',
      Buffer.from('héllo'.slice(0, 4)),
    );
    expect(messageToJson(m)).toEqual({
      kind: 'request',
      startLine: { method: 'MESSAGE', uri: 'sip:a@b', version: 'SIP/2.0' },
      headers: [
        { name: 'v', value: 'SIP/2.0/UDP h;branch=z9hG4bK1' },
        { name: 'CSeq', value: '1 MESSAGE' },
        { name: 'l', value: '5' },
      ],
      body: { encoding: 'utf8', text: 'héll', length: 5 },
    });
  });

  it('gives binary bodies as base64 with a flag', () => {
    const m = parse(
      'SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\nContent-Length: 3\r\n\r\n',
      Buffer.from([0, 0xff, 0x41]),
    );
    expect(messageToJson(m)).toMatchObject({
      kind: 'response',
      startLine: { version: 'SIP/2.0', status: 200, reason: 'OK' },
      body: { encoding: 'base64', base64: 'AP9B', length: 3, binary: true },
    });
  });
});
