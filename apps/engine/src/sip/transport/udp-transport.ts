// UDP socket only: hands each datagram up, sends bytes out. No SIP knowledge.

import dgram from 'node:dgram';
import net from 'node:net';
import type { Peer } from '../sip-stack-types';
import { asError } from '../../util/as-error';

const RECV_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * How sends are grouped into bursts (see send()). The defaults were measured with the proxy
 * benchmark at 800–2000 calls/s: four datagrams or 50 µs keep the added setup time at 800
 * calls/s near 0.2 ms (p50) and 0.5 ms (p99) and take 5–10 % off the SIP thread's CPU per
 * call; unbounded bursts (a whole batch of input) saved no more and made traffic bursty
 * enough for peers to drop datagrams.
 */
export interface BurstOptions {
  /** Datagrams queued before a burst leaves at once. */
  readonly maxBurst?: number;
  /** How long the oldest queued datagram may wait while others are queued (ms). */
  readonly maxWaitMs?: number;
}

const MAX_BURST = 4;
const MAX_WAIT_MS = 0.05;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/** dgram's lookup for IP literals only; a name here is a bug upstream, reported as a send error. */
function literalLookup(address: string, _family: unknown, callback: LookupCallback): void {
  const family = net.isIP(address);
  if (family === 0) callback(new Error(`not an IP address: ${address}`), address, 0);
  else callback(null, address, family);
}

/**
 * Told how a send went: null once the socket took the datagram, else the error. Its shape is
 * dgram's own send callback, so it is handed to the socket as it is.
 */
export type SendDone = (err: Error | null) => void;

interface Outgoing {
  readonly bytes: Uint8Array;
  readonly address: string;
  readonly port: number;
  readonly onSend: (() => void) | undefined;
  readonly done: SendDone | undefined;
}

const ignoreDone: SendDone = () => undefined;

export type PacketHandler = (bytes: Buffer, peer: Peer) => void;

export class UdpTransport {
  private outbox: Outgoing[] = [];
  /** performance.now() when the oldest queued datagram was queued. */
  private oldestAt = 0;
  private immediatePending = false;

  private readonly maxBurst: number;
  private readonly maxWaitMs: number;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly port: number,
    burst: BurstOptions,
  ) {
    this.maxBurst = burst.maxBurst ?? MAX_BURST;
    this.maxWaitMs = burst.maxWaitMs ?? MAX_WAIT_MS;
  }

  static bind(
    host: string,
    port: number,
    onPacket: PacketHandler,
    burst: BurstOptions = {},
  ): Promise<UdpTransport> {
    const type = host.includes(':') ? 'udp6' : 'udp4';
    // A roomy receive buffer (the kernel caps it at net.core.rmem_max) rides out a GC pause at
    // thousands of datagrams a second instead of dropping them.
    // Addresses reach send() already resolved (resolve-target.ts): answer dgram's lookup at once
    // instead of going through dns.lookup and a tick for every datagram.
    const socket = dgram.createSocket({
      type,
      reuseAddr: false,
      recvBufferSize: RECV_BUFFER_BYTES,
      lookup: literalLookup,
    });
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => {
        socket.close();
        reject(err);
      };
      socket.once('error', onError);
      socket.bind(port, host, () => {
        socket.off('error', onError);
        // ICMP errors and the like surface here; a datagram transport has nothing to recover.
        socket.on('error', () => undefined);
        socket.on('message', (msg, rinfo) => {
          onPacket(msg, { transport: 'udp', address: rinfo.address, port: rinfo.port });
        });
        resolve(new UdpTransport(socket, socket.address().port, burst));
      });
    });
  }

  /** The socket's receive buffer as the kernel sized it (Linux doubles what is asked, within rmem_max). */
  receiveBufferBytes(): number {
    try {
      return this.socket.getRecvBufferSize();
    } catch {
      return RECV_BUFFER_BYTES; // closed
    }
  }

  /**
   * Queues the datagram. Datagrams go out in bursts: on loopback and in VMs most of a send's cost
   * is waking the receiver, and a burst wakes it once for the lot. A burst leaves when
   * maxBurst datagrams wait, when the oldest has waited maxWaitMs while more were queued, or
   * at the latest once the event loop is done with its current batch of input (setImmediate
   * runs after the poll phase), so a datagram never waits for more than that batch. `onSend`
   * runs right before the datagram is handed to the socket (the time a trace records as sent).
   */
  send(bytes: Uint8Array, address: string, port: number, onSend?: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.post(bytes, address, port, onSend, (err) => (err ? reject(err) : resolve()));
    });
  }

  /**
   * send() without a promise: the SIP path sends seven datagrams per proxied call, and a promise
   * for each, with its closures and the caller's catch, was about 5 % of all the SIP thread
   * allocated (young collections per 30,000 calls at 2,000 calls/s: 271 with, 255–258 without).
   * `done`, when given, is called later, never during this call.
   */
  post(bytes: Uint8Array, address: string, port: number, onSend?: () => void, done?: SendDone): void {
    const now = performance.now();
    if (this.outbox.length === 0) this.oldestAt = now;
    this.outbox.push({ bytes, address, port, onSend, done });
    if (this.outbox.length >= this.maxBurst || now - this.oldestAt >= this.maxWaitMs) this.flush();
    else if (!this.immediatePending) {
      this.immediatePending = true;
      setImmediate(this.flushAfterInput);
    }
  }

  private readonly flushAfterInput = (): void => {
    this.immediatePending = false;
    this.flush();
  };

  private flush(): void {
    if (this.outbox.length === 0) return;
    const out = this.outbox;
    this.outbox = [];
    for (const o of out) {
      try {
        o.onSend?.();
        this.socket.send(o.bytes, o.port, o.address, o.done ?? ignoreDone);
      } catch (err) {
        // The socket is closed. Told later, as the socket would: a flush runs inside post().
        const done = o.done;
        if (done !== undefined) queueMicrotask(() => done(asError(err)));
      }
    }
  }

  close(): Promise<void> {
    this.flush(); // what was queued before the close still goes out
    return new Promise((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve(); // already closed
      }
    });
  }
}
