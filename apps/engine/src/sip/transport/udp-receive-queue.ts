// How many bytes a UDP socket has waiting in the kernel, unread, and how many datagrams the kernel
// dropped for it: Linux prints both per socket in /proc/net/udp and /proc/net/udp6. Node exposes
// neither, and they are the one honest measure of a SIP thread that has fallen behind its input:
// CPU use saturates long before, and the event loop's delay does not show what waits in the socket.

import { readFile } from 'node:fs/promises';
import os from 'node:os';

export interface UdpQueueReading {
  /** Bytes queued for reading, as the kernel accounts them (per datagram, more than its payload). */
  readonly queueBytes: number;
  /** Datagrams dropped because the queue was full, since the socket was opened. */
  readonly drops: number;
}

/**
 * Our socket's line in a /proc/net/udp(6) table: the one bound to `port` on `address` (or on the
 * wildcard address). The kernel prints each 32-bit word of an address as a number in the host's
 * byte order, so 127.0.0.1 reads "0100007F" on little-endian machines.
 *
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
 *   42: 0100007F:3AD4 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 81234 2 ffff9f... 0
 */
export function findUdpSocket(table: string, address: string, port: number): UdpQueueReading | undefined {
  const wanted = procAddress(address);
  if (wanted === undefined) return undefined;
  const wildcard = '0'.repeat(wanted.length);
  const suffix = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let found: UdpQueueReading | undefined;
  for (const line of table.split('\n')) {
    const cols = line.trim().split(/\s+/);
    const local = cols[1];
    if (local === undefined || !local.endsWith(suffix)) continue;
    const host = local.slice(0, -suffix.length);
    if (host !== wanted && host !== wildcard) continue;
    const queues = cols[4]?.split(':');
    const rx = queues?.[1] === undefined ? NaN : parseInt(queues[1], 16);
    const drops = Number(cols[cols.length - 1]);
    if (!Number.isFinite(rx) || !Number.isFinite(drops)) continue;
    // Our own address beats the wildcard (another process may hold the port on every address).
    if (found === undefined || host === wanted) found = { queueBytes: rx, drops };
  }
  return found;
}

/** An IP literal as /proc/net/udp(6) prints it, or undefined if it is not one. */
export function procAddress(address: string, littleEndian = os.endianness() === 'LE'): string | undefined {
  const bytes = ipBytes(address);
  if (bytes === undefined) return undefined;
  let out = '';
  for (let w = 0; w < bytes.length; w += 4) {
    const word = bytes.slice(w, w + 4);
    if (littleEndian) word.reverse();
    out += word.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
  }
  return out;
}

function ipBytes(address: string): number[] | undefined {
  const host = address.replace(/^\[(.*)\]$/, '$1');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4 !== null) {
    const parts = v4.slice(1).map(Number);
    return parts.every((n) => n <= 255) ? parts : undefined;
  }
  if (!host.includes(':')) return undefined;
  const [head = '', tail, extra] = host.split('::');
  if (extra !== undefined) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const g = s.split(':').map((x) => (/^[0-9a-fA-F]{1,4}$/.test(x) ? parseInt(x, 16) : NaN));
    return g.some((n) => Number.isNaN(n)) ? undefined : g;
  };
  const a = groups(head);
  const b = tail === undefined ? [] : groups(tail);
  if (a === undefined || b === undefined) return undefined;
  const fill = 8 - a.length - b.length;
  if (fill < 0 || (tail === undefined && fill !== 0)) return undefined;
  return [...a, ...new Array<number>(fill).fill(0), ...b].flatMap((g) => [g >> 8, g & 0xff]);
}

/** Reads one socket's queue from /proc (Linux); resolves undefined where there is no such table. */
export function udpQueueProbe(
  address: string,
  port: number,
  table = address.includes(':') ? '/proc/net/udp6' : '/proc/net/udp',
): () => Promise<UdpQueueReading | undefined> {
  return async () => {
    try {
      return findUdpSocket(await readFile(table, 'latin1'), address, port);
    } catch {
      return undefined;
    }
  };
}
