// UDP socket only: hands each datagram up, sends bytes out. No SIP knowledge.

import dgram from 'node:dgram';
import net from 'node:net';
import type { Peer } from '../sip-stack-types';

const RECV_BUFFER_BYTES = 4 * 1024 * 1024;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/** dgram's lookup for IP literals only; a name here is a bug upstream, reported as a send error. */
function literalLookup(address: string, _family: unknown, callback: LookupCallback): void {
  const family = net.isIP(address);
  if (family === 0) callback(new Error(`not an IP address: ${address}`), address, 0);
  else callback(null, address, family);
}

interface Outgoing {
  readonly bytes: Uint8Array;
  readonly address: string;
  readonly port: number;
  readonly onSend: (() => void) | undefined;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

export type PacketHandler = (bytes: Buffer, peer: Peer) => void;

export class UdpTransport {
  private outbox: Outgoing[] = [];
  private flushScheduled = false;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly port: number,
  ) {}

  static bind(host: string, port: number, onPacket: PacketHandler): Promise<UdpTransport> {
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
        resolve(new UdpTransport(socket, socket.address().port));
      });
    });
  }

  /**
   * Queues the datagram; every datagram queued while the event loop handles its current batch of
   * input goes out together once that batch is done (setImmediate runs after the poll phase).
   * On loopback and in VMs most of a send's cost is waking the receiver; a burst wakes it once
   * for the lot instead of once per datagram. `onSend` runs right before the datagram is handed
   * to the socket (the time a trace records as sent).
   */
  send(bytes: Uint8Array, address: string, port: number, onSend?: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.outbox.push({ bytes, address, port, onSend, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const out = this.outbox;
    this.outbox = [];
    for (const o of out) {
      try {
        o.onSend?.();
        this.socket.send(o.bytes, o.port, o.address, (err) => (err ? o.reject(err) : o.resolve()));
      } catch (err) {
        o.reject(err instanceof Error ? err : new Error(String(err))); // the socket is closed
      }
    }
  };

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
