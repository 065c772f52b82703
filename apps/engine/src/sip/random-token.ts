// Random hex for branches, tags and Call-IDs. Drawn from a pool refilled 4 KiB at a time, so a
// proxy minting several tokens per call pays for one system call per few hundred of them instead
// of one each; the bytes are the same cryptographically strong ones crypto.randomBytes gives.
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let used = POOL_BYTES;

/** `bytes` random bytes as 2 × bytes hex digits. */
export function randomHex(bytes: number): string {
  if (bytes > POOL_BYTES) throw new RangeError(`randomHex: at most ${POOL_BYTES} bytes`);
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const hex = pool.toString('hex', used, used + bytes);
  used += bytes;
  return hex;
}
