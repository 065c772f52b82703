// Send and receive SIP messages over UDP and TCP on one host/port. On the way in: parse, answer
// malformed requests statelessly, stamp received/rport on the top Via. On the way out: serialize,
// pick the response destination (RFC 3261 §18.2.2, RFC 3581 §4), report every message for tracing.

import net from 'node:net';
import { getCallId, getTopVia } from '../message/accessors';
import { createResponse } from '../message/create-response';
import { parseMessage } from '../message/parse-message';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../message/stream-framer';
import type { ParseError } from '../message/parse-error';
import { getParam } from '../message/parse-params';
import { formatVia, withViaParams } from '../message/parse-via';
import { serializeMessage } from '../message/serialize';
import type { SipMessage, SipRequest, SipResponse } from '../message/sip-message';
import type { Clock } from '../clock';
import type { MessageEvent, Peer, TransportName } from '../sip-stack-types';
import { resolveHost } from './resolve-target';
import type { TcpTransport } from './tcp-transport';
import type { SendDone, UdpTransport } from './udp-transport';
import { asError } from '../../util/as-error';

export interface TransportUser {
  onRequest(req: SipRequest, source: Peer): void;
  onResponse(res: SipResponse, source: Peer): void;
}

export interface TransportLayerOptions {
  readonly advertisedHost: string;
  readonly clock: Clock;
  readonly onMessage?: ((event: MessageEvent) => void) | undefined;
  /** Largest message accepted (DEFAULT_MAX_MESSAGE_BYTES); larger requests get a 513. */
  readonly maxMessageBytes?: number | undefined;
}

export interface TransportCounters {
  /** Malformed messages answered with a stateless 400/505. */
  rejected: number;
  /** Messages dropped: unreadable, or responses not addressed to us. */
  dropped: number;
  /** Messages over the size limit (answered 513 when possible, else dropped). */
  tooLarge: number;
}

export class TransportLayer {
  private user: TransportUser | undefined;
  readonly counters: TransportCounters = { rejected: 0, dropped: 0, tooLarge: 0 };

  constructor(
    private readonly udp: UdpTransport,
    private readonly tcp: TcpTransport,
    private readonly options: TransportLayerOptions,
  ) {}

  get host(): string {
    return this.options.advertisedHost;
  }

  get port(): number {
    return this.udp.port;
  }

  setUser(user: TransportUser): void {
    this.user = user;
  }

  isReliable(transport: TransportName): boolean {
    return transport === 'tcp';
  }

  /** Our sent-by for a Via on the given transport. */
  via(transport: TransportName, branch: string): string {
    return `SIP/2.0/${transport.toUpperCase()} ${this.host}:${this.port};branch=${branch};rport`;
  }

  /**
   * Entry point for the socket transports. Never throws. `tooLarge` (TCP): bytes is only the
   * header section of a message over the limit; the promise settles once the 513 is written.
   */
  receive(bytes: Uint8Array, source: Peer, tooLarge = false): void | Promise<void> {
    try {
      const max = this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
      if (tooLarge || bytes.byteLength > max) return this.rejectTooLarge(bytes, source);
      this.receiveUnsafe(bytes, source);
    } catch {
      this.counters.dropped++;
    }
  }

  /** Never throws: every failure (serializing, resolving, the socket) rejects the promise. */
  send(msg: SipMessage, target: Peer): Promise<void> {
    return new Promise((resolve, reject) => this.post(msg, target, (err) => (err ? reject(err) : resolve())));
  }

  /**
   * send() without a promise, for the SIP path (udp-transport.ts says why). Never throws; `done`
   * is called later, never during this call: with null once the message is handed to the socket,
   * or with what failed (serializing, resolving, the socket).
   */
  post(msg: SipMessage, target: Peer, done: SendDone): void {
    let bytes: Uint8Array;
    try {
      bytes = serializeMessage(msg);
    } catch (err) {
      queueMicrotask(() => done(asError(err)));
      return;
    }
    // Nearly every target is an IP literal already: no resolver round trip for those.
    if (net.isIP(target.address) !== 0) this.postBytes(bytes, msg, target, done);
    else
      resolveHost(target.address).then(
        (address) => this.postBytes(bytes, msg, { ...target, address }, done),
        (err: unknown) => done(asError(err)),
      );
  }

  private postBytes(bytes: Uint8Array, msg: SipMessage, peer: Peer, done: SendDone): void {
    const callId = getCallId(msg);
    const credentials = carriesCredentials(msg);
    if (peer.transport === 'tcp') {
      this.record('out', peer, callId, bytes, credentials);
      this.tcp.send(bytes, peer.address, peer.port).then(
        () => done(null),
        (err: unknown) => done(asError(err)),
      );
      return;
    }
    // Recorded when the datagram leaves the queue for the socket (udp-transport.ts).
    this.udp.post(
      bytes,
      peer.address,
      peer.port,
      () => this.record('out', peer, callId, bytes, credentials),
      done,
    );
  }

  /**
   * RFC 3261 §18.2.2 / RFC 3581 §4: where the response to a request goes. For TCP, the
   * connection it came on; for UDP, received:rport when rport was asked for, else received (set
   * whenever it differs from sent-by) with the sent-by port.
   */
  responseTarget(req: SipRequest, source: Peer): Peer {
    if (source.transport === 'tcp') return source;
    const via = getTopVia(req);
    if (via === undefined) return source;
    const rport = getParam(via.params, 'rport')?.value;
    const received = getParam(via.params, 'received')?.value;
    if (rport !== undefined && /^\d+$/.test(rport)) {
      return { transport: 'udp', address: received ?? source.address, port: Number(rport) };
    }
    return { transport: 'udp', address: received ?? via.host, port: via.port ?? 5060 };
  }

  private receiveUnsafe(bytes: Uint8Array, source: Peer): void {
    const parsed = parseMessage(bytes);
    if (parsed.kind === 'error') {
      if (parsed.code === 'empty') return; // CRLF keep-alive
      this.emitUnparsed(source, parsed.partial, bytes);
      this.reject(parsed, source);
      return;
    }
    this.emitReceived(source, parsed, bytes);
    if (parsed.kind === 'request') {
      const via = getTopVia(parsed);
      if (via === undefined) {
        this.counters.dropped++; // no Via: there is nowhere to send a response
        return;
      }
      this.stampVia(parsed, source);
      this.user?.onRequest(parsed, source);
      return;
    }
    // RFC 3261 §18.1.2: "If the value [of sent-by in the top Via] does not correspond to a value
    // that the client transport would insert into requests, the response MUST be silently discarded."
    const via = getTopVia(parsed);
    if (via === undefined || via.host !== this.host || (via.port ?? 5060) !== this.port) {
      this.counters.dropped++;
      return;
    }
    this.user?.onResponse(parsed, source);
  }

  /**
   * RFC 3261 §21.5.11 513 Message Too Large: "The server was unable to process the request
   * since the message length exceeded its capabilities." Sent statelessly when Via, Call-ID and
   * CSeq can be read (never for ACK or a response), else the message is dropped; counted either way.
   */
  private rejectTooLarge(bytes: Uint8Array, source: Peer): Promise<void> | undefined {
    this.counters.tooLarge++;
    const parsed = parseMessage(bytes);
    const req = parsed.kind === 'error' ? parsed.partial : parsed;
    if (parsed.kind === 'error') this.emitUnparsed(source, req, bytes);
    else this.emitReceived(source, parsed, bytes);
    if (req === undefined || req.kind !== 'request' || req.method === 'ACK' || getTopVia(req) === undefined)
      return undefined;
    if (req.headers.get('call-id') === undefined || req.headers.get('cseq') === undefined) return undefined;
    this.stampVia(req, source);
    const res = createResponse(req, 513, 'Message Too Large', { toTag: 'pb-stateless' });
    return this.send(res, this.responseTarget(req, source)).catch(() => undefined);
  }

  /** Stateless 400 (or 505) for a malformed request whose Via, CSeq and Call-ID can be read. */
  private reject(err: ParseError, source: Peer): void {
    const req = err.partial;
    if (req === undefined || req.kind !== 'request' || getTopVia(req) === undefined) {
      this.counters.dropped++;
      return;
    }
    if (req.headers.get('call-id') === undefined || req.headers.get('cseq') === undefined) {
      this.counters.dropped++;
      return;
    }
    if (req.method === 'ACK') {
      this.counters.dropped++; // RFC 3261 §17: ACK is never answered
      return;
    }
    this.counters.rejected++;
    this.stampVia(req, source);
    const [status, reason] =
      err.code === 'unsupported-version' ? [505, 'Version Not Supported'] : [400, 'Bad Request'];
    const warning = `399 ${this.host} "${err.code}: ${err.reason.replace(/["\\]/g, "'")}"`;
    const res = createResponse(req, status, reason, {
      toTag: 'pb-stateless',
      extraHeaders: [['Warning', warning]],
    });
    // Headers such as a second CSeq are copied as they came; responses built from malformed
    // requests are best effort and must never throw.
    void this.send(res, this.responseTarget(req, source)).catch(() => undefined);
  }

  private stampVia(req: SipRequest, source: Peer): void {
    const via = getTopVia(req);
    if (via === undefined) return;
    // RFC 3261 §18.2.1: "the server transport MUST add a "received" parameter ... if the host
    // portion of the "sent-by" field contains a domain name, or if it contains an IP address
    // that differs from the packet source address." RFC 3581 §4: "If this Via header field
    // value contains an "rport" parameter with no value, it MUST set the value of the parameter
    // to the source port of the request" and the server "MUST [also] add a received parameter".
    const hasRport = getParam(via.params, 'rport') !== undefined;
    const changes: Record<string, string | undefined | null> = {};
    const sentBy = via.host.startsWith('[') ? via.host.slice(1, -1) : via.host;
    if (sentBy !== source.address || hasRport) changes['received'] = source.address;
    if (hasRport) changes['rport'] = String(source.port);
    if (Object.keys(changes).length > 0) {
      req.headers.replaceFirstValue('Via', formatVia(withViaParams(via, changes)));
    }
  }

  /** A received message that parsed: whether it carries credentials is read from its headers. */
  private emitReceived(source: Peer, msg: SipMessage, bytes: Uint8Array): void {
    this.record('in', source, getCallId(msg), bytes, carriesCredentials(msg));
  }

  /** A received message that did not parse: whatever it carries, its fields are not all known. */
  private emitUnparsed(source: Peer, partial: SipMessage | undefined, bytes: Uint8Array): void {
    this.record('in', source, partial === undefined ? undefined : getCallId(partial), bytes, true);
  }

  private record(
    direction: 'in' | 'out',
    peer: Peer,
    callId: string | undefined,
    bytes: Uint8Array,
    credentials: boolean,
  ): void {
    const onMessage = this.options.onMessage;
    if (onMessage === undefined) return;
    try {
      onMessage({ at: this.options.clock.now(), direction, peer, callId, bytes, credentials });
    } catch {
      // A faulty trace listener must not break SIP processing.
    }
  }
}

function carriesCredentials(msg: SipMessage): boolean {
  return msg.headers.has('authorization') || msg.headers.has('proxy-authorization');
}
