// Find a port on 127.0.0.1 that is free for both UDP and TCP right now (SIP uses both).

import dgram from 'node:dgram';
import net from 'node:net';

const HOST = '127.0.0.1';

function bindUdp(port: number): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    s.once('error', (e) => {
      s.close();
      reject(e);
    });
    s.bind(port, HOST, () => resolve(s));
  });
}

function listenTcp(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ port, host: HOST, exclusive: true }, () => resolve(srv));
  });
}

/**
 * A port free for UDP and TCP on 127.0.0.1, released before returning (small race, retried by
 * callers). Picked at random below Linux's ephemeral range (32768+) and apart from the media
 * blocks (freePortBlock): a port the kernel handed out for `bind(0)` would, once released, be
 * handed to the next `bind(0)` of another socket, e.g. a stack started while SIPp is still
 * starting up on it.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * 10_000);
    let udp: dgram.Socket;
    try {
      udp = await bindUdp(port);
    } catch {
      continue;
    }
    try {
      const tcp = await listenTcp(port);
      await new Promise<void>((r) => tcp.close(() => r()));
      return port;
    } catch {
      // TCP side taken: try another
    } finally {
      await new Promise<void>((r) => udp.close(() => r()));
    }
  }
  throw new Error('no free UDP+TCP port found on 127.0.0.1');
}

/** Several distinct free ports. */
export async function freePorts(n: number): Promise<number[]> {
  const out = new Set<number>();
  while (out.size < n) out.add(await freePort());
  return [...out];
}

/**
 * The first of `n` consecutive ports free for UDP right now: SIPp binds its media port and the
 * next ones (RTP, RTCP, video), and fails at once when one of them is taken. Chosen below Linux's
 * ephemeral range (32768+), where the kernel's own picks for other tests cannot land.
 */
export async function freePortBlock(n = 4): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + n * Math.floor(Math.random() * Math.floor(12_000 / n));
    const bound: dgram.Socket[] = [];
    try {
      for (let k = 0; k < n; k++) bound.push(await bindUdp(base + k));
      return base;
    } catch {
      // taken: try another block
    } finally {
      await Promise.all(bound.map((s) => new Promise<void>((r) => s.close(() => r()))));
    }
  }
  throw new Error(`no block of ${n} free UDP ports on 127.0.0.1`);
}
