// UDP socket only: hands each datagram up, sends bytes out. No SIP knowledge.

import dgram from 'node:dgram';
import type { Peer } from '../sip-stack-types';

const RECV_BUFFER_BYTES = 4 * 1024 * 1024;

export type PacketHandler = (bytes: Buffer, peer: Peer) => void;

export class UdpTransport {
  private constructor(
    private readonly socket: dgram.Socket,
    readonly port: number,
  ) {}

  static bind(host: string, port: number, onPacket: PacketHandler): Promise<UdpTransport> {
    const type = host.includes(':') ? 'udp6' : 'udp4';
    // A roomy receive buffer (the kernel caps it at net.core.rmem_max) rides out a GC pause at
    // thousands of datagrams a second instead of dropping them.
    const socket = dgram.createSocket({ type, reuseAddr: false, recvBufferSize: RECV_BUFFER_BYTES });
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

  send(bytes: Uint8Array, address: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.send(bytes, port, address, (err) => (err ? reject(err) : resolve()));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve(); // already closed
      }
    });
  }
}
