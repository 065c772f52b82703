// Free ports on 127.0.0.1 for the benchmark's processes. SIPp binds its media port and the next
// ones (RTP, RTCP, video), so media ports are taken as blocks of consecutive free ports.
import { freePort, freePortBlock } from '../../test/sipp/free-port';

const used = new Set<number>();

/** A free UDP+TCP port not handed out before in this run. */
export async function uniquePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = await freePort();
    if (!used.has(p)) {
      used.add(p);
      return p;
    }
  }
  throw new Error('no free port on 127.0.0.1');
}

/** The first of `n` consecutive free ports (SIPp's media ports). */
export async function portBlock(n = 4): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const base = await freePortBlock(n);
    const block = Array.from({ length: n }, (_, k) => base + k);
    if (block.some((p) => used.has(p))) continue;
    block.forEach((p) => used.add(p));
    return base;
  }
  throw new Error(`no block of ${n} free ports on 127.0.0.1`);
}
