// TCP byte stream → whole SIP messages, framed by Content-Length (RFC 3261 §18.3: "In the case of
// stream-oriented transports such as TCP, the Content-Length header field indicates the size of
// the body. All stream-oriented transports MUST use Content-Length"). Pure: no sockets.

export type FrameResult =
  | { readonly kind: 'message'; readonly bytes: Uint8Array }
  /** Framing is lost (bad/missing length, oversized header): the caller should close the connection. */
  | { readonly kind: 'error'; readonly reason: string }
  /**
   * The header section announces a message larger than the limit: `head` is the header section
   * alone (for a 513 answer). Framing stops here; the caller should close the connection.
   */
  | { readonly kind: 'too-large'; readonly head: Uint8Array; readonly size: number };

/** Default largest message accepted (the largest a UDP datagram can carry, rounded up). */
export const DEFAULT_MAX_MESSAGE_BYTES = 65_535;

export class StreamFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(private readonly maxMessageBytes: number = DEFAULT_MAX_MESSAGE_BYTES) {}

  /** Feed bytes; returns every message completed by them (several per chunk are possible). */
  push(chunk: Uint8Array): FrameResult[] {
    if (this.failed) return [];
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    const out: FrameResult[] = [];
    for (;;) {
      // RFC 3261 §7.5: "Implementations processing SIP messages over stream-oriented transports
      // MUST ignore any CRLF appearing before the start-line" (also RFC 5626 keep-alives).
      let start = 0;
      while (start < this.buffer.length && (this.buffer[start] === 0x0d || this.buffer[start] === 0x0a))
        start++;
      if (start > 0) this.buffer = this.buffer.subarray(start);
      if (this.buffer.length === 0) break;

      const end = findBlankLine(this.buffer);
      if (end === undefined) {
        if (this.buffer.length > this.maxMessageBytes) return this.fail(out, 'header section too large');
        break;
      }
      const length = contentLength(this.buffer.toString('latin1', 0, end.headerEnd));
      if (typeof length === 'string') return this.fail(out, length);
      const total = end.bodyStart + length;
      if (total > this.maxMessageBytes) {
        const head = Buffer.from(this.buffer.subarray(0, end.bodyStart));
        this.failed = true;
        this.buffer = Buffer.alloc(0);
        out.push({ kind: 'too-large', head, size: total });
        return out;
      }
      if (this.buffer.length < total) break;
      out.push({ kind: 'message', bytes: Buffer.from(this.buffer.subarray(0, total)) });
      this.buffer = this.buffer.subarray(total);
    }
    if (this.buffer.length === 0) this.buffer = Buffer.alloc(0);
    return out;
  }

  private fail(out: FrameResult[], reason: string): FrameResult[] {
    this.failed = true;
    this.buffer = Buffer.alloc(0);
    out.push({ kind: 'error', reason });
    return out;
  }
}

function findBlankLine(buf: Buffer): { headerEnd: number; bodyStart: number } | undefined {
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
    if (buf[i + 1] === 0x0a) return { headerEnd: i + 1, bodyStart: i + 2 };
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) return { headerEnd: i + 1, bodyStart: i + 3 };
    if (buf[i + 1] === 0x0d && i + 2 >= buf.length) return undefined;
  }
  return undefined;
}

/** Content-Length from the header section; 0 when absent; a reason string when unusable. */
function contentLength(head: string): number | string {
  let found: number | undefined;
  for (const line of head.split(/\r?\n/)) {
    const m = /^(content-length|l)[ \t]*:[ \t]*(.*?)[ \t]*$/i.exec(line);
    if (m === null) continue;
    const v = m[2] as string;
    if (!/^\d{1,10}$/.test(v)) return `bad Content-Length ${JSON.stringify(v)}`;
    if (found !== undefined && found !== Number(v)) return 'conflicting Content-Length headers';
    found = Number(v);
  }
  return found ?? 0;
}
