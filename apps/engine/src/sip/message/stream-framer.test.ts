import { describe, it, expect } from 'vitest';
import { StreamFramer } from './stream-framer';

const msg = (body: string): string =>
  `MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nl: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

function texts(results: ReturnType<StreamFramer['push']>): string[] {
  return results.map((r) =>
    r.kind === 'message'
      ? Buffer.from(r.bytes).toString('latin1')
      : r.kind === 'error'
        ? `ERR ${r.reason}`
        : `TOO LARGE ${r.size}: ${Buffer.from(r.head).toString('latin1')}`,
  );
}

describe('StreamFramer', () => {
  it('returns several messages from one chunk and skips CRLF keep-alives between them', () => {
    const f = new StreamFramer();
    expect(texts(f.push(Buffer.from(`\r\n\r\n${msg('hello')}\r\n${msg('')}`)))).toEqual([
      msg('hello'),
      msg(''),
    ]);
  });

  it('assembles a message split across chunks at every byte position', () => {
    const whole = Buffer.from(msg('body bytes\r\n\r\nmore'));
    for (let cut = 1; cut < whole.length; cut++) {
      const f = new StreamFramer();
      const first = f.push(whole.subarray(0, cut));
      const second = f.push(whole.subarray(cut));
      expect(texts([...first, ...second])).toEqual([whole.toString('latin1')]);
    }
  });

  it('treats a missing Content-Length as 0', () => {
    const f = new StreamFramer();
    const m = 'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\n';
    expect(texts(f.push(Buffer.from(m + m)))).toEqual([m, m]);
  });

  it.each([
    ['l: -999', 'bad Content-Length "-999"'],
    ['Content-Length: 13\r\nContent-Length: 5', 'conflicting Content-Length headers'],
  ])('gives up framing on %j (RFC 4475 ncl, mcl01)', (header, reason) => {
    const f = new StreamFramer();
    expect(texts(f.push(Buffer.from(`INVITE sip:a@b SIP/2.0\r\n${header}\r\n\r\nxyz`)))).toEqual([
      `ERR ${reason}`,
    ]);
    expect(f.push(Buffer.from(msg('x')))).toEqual([]);
  });

  it('stops at a message announced larger than the limit and returns its header section', () => {
    const f = new StreamFramer(100);
    const head = 'MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nl: 200\r\n\r\n';
    expect(texts(f.push(Buffer.from(`${msg('ok')}${head}${'x'.repeat(50)}`)))).toEqual([
      msg('ok'),
      `TOO LARGE ${head.length + 200}: ${head}`,
    ]);
    expect(f.push(Buffer.from('x'.repeat(150)))).toEqual([]);
  });

  it('gives up on a header section longer than the limit', () => {
    const f = new StreamFramer(100);
    expect(texts(f.push(Buffer.from(`INVITE sip:a@b SIP/2.0\r\nSubject: ${'y'.repeat(120)}`)))).toEqual([
      'ERR header section too large',
    ]);
  });
});
