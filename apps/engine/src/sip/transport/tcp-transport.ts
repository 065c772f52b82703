// TCP sockets only: accept and open connections, frame the byte stream into messages (by
// Content-Length, see message/stream-framer.ts), write bytes. Connections are reused in both
// directions, keyed by the remote address and port.

import net from 'node:net';
import { StreamFramer } from '../message/stream-framer';
import type { Peer } from '../sip-stack-types';

/**
 * One framed message (or, with tooLarge, only the header section of a message over the size
 * limit). A returned promise is awaited before the connection is closed after a too-large one.
 */
export type FrameHandler = (bytes: Uint8Array, peer: Peer, tooLarge?: boolean) => void | Promise<void>;

export interface TcpOptions {
  /** Largest message accepted on a connection (DEFAULT_MAX_MESSAGE_BYTES). */
  readonly maxMessageBytes?: number | undefined;
  /** Close a connection after this long without traffic either way (default 5 minutes). */
  readonly idleTimeoutMs?: number | undefined;
}

const CONNECT_TIMEOUT_MS = 5000;
/** Longer than timer C (3 min), so that a ringing call keeps its connection for the answer. */
export const DEFAULT_TCP_IDLE_MS = 300_000;

export class TcpTransport {
  private readonly connections = new Map<string, net.Socket>();
  private readonly pending = new Map<string, Promise<net.Socket>>();
  private closed = false;

  private constructor(
    private readonly server: net.Server,
    private readonly onFrame: FrameHandler,
    readonly port: number,
    private readonly options: TcpOptions = {},
  ) {
    server.on('connection', (socket) => this.adopt(socket));
  }

  static listen(
    host: string,
    port: number,
    onFrame: FrameHandler,
    options: TcpOptions = {},
  ): Promise<TcpTransport> {
    const server = net.createServer();
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', () => undefined);
        const addr = server.address() as net.AddressInfo;
        resolve(new TcpTransport(server, onFrame, addr.port, options));
      });
    });
  }

  async send(bytes: Uint8Array, address: string, port: number): Promise<void> {
    const socket = await this.connection(address, port);
    await new Promise<void>((resolve, reject) => {
      socket.write(bytes, (err) => (err ? reject(err) : resolve()));
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.connections.values()) s.destroy();
    this.connections.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private connection(address: string, port: number): Promise<net.Socket> {
    const key = `${address}:${port}`;
    const existing = this.connections.get(key);
    if (existing !== undefined && !existing.destroyed) return Promise.resolve(existing);
    const inFlight = this.pending.get(key);
    if (inFlight !== undefined) return inFlight;
    if (this.closed) return Promise.reject(new Error('transport closed'));
    const p = new Promise<net.Socket>((resolve, reject) => {
      const socket = net.connect({ host: address, port });
      socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy(new Error('connect timeout')));
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.removeAllListeners('timeout');
        socket.off('error', reject);
        this.adopt(socket);
        resolve(socket);
      });
    }).finally(() => this.pending.delete(key));
    this.pending.set(key, p);
    return p;
  }

  private adopt(socket: net.Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    const address = socket.remoteAddress ?? '';
    const port = socket.remotePort ?? 0;
    const key = `${address}:${port}`;
    this.connections.set(key, socket);
    const framer = new StreamFramer(this.options.maxMessageBytes);
    const peer: Peer = { transport: 'tcp', address, port };
    // RFC 3261 §18.3 leaves connection lifetime to the implementation; idle ones are closed.
    socket.setTimeout(this.options.idleTimeoutMs ?? DEFAULT_TCP_IDLE_MS, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      for (const r of framer.push(chunk)) {
        if (r.kind === 'message') void this.onFrame(r.bytes, peer);
        else if (r.kind === 'too-large') {
          // Answer (513) from the header section, then close: the body is never read.
          socket.pause();
          void Promise.resolve(this.onFrame(r.head, peer, true))
            .catch(() => undefined)
            .finally(() => socket.end());
        }
        // RFC 4475 §3.1.2.3 / §3.3.9: with framing lost, the connection must be closed.
        else socket.destroy();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.connections.get(key) === socket) this.connections.delete(key);
    });
  }
}
