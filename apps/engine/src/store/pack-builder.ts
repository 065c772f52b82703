// A call's next pack (message-pack.ts), built entry by entry in one buffer, which goes back to a
// small pool once the pack is written (SQLite copies what it is given). A call's trace then costs
// no buffer per message and no concatenation: in the trace worker, those allocations and copies
// were a fifth of its time, with the garbage collection they caused.
import { MESSAGE_ENTRY, PACK_VERSION, STEP_ENTRY, stepJson, type StoredStep } from './message-pack';

/** Enough for a call of a dozen messages with small bodies; a bigger pack grows its own. */
const INITIAL_BYTES = 8192;
/** Buffers kept for reuse: about the calls gathered at once at a few thousand calls a second. */
const POOL_MAX = 512;
const pool: Buffer[] = [];

const NONE: Buffer = Buffer.alloc(0);

export class PackBuilder {
  /** No buffer until the first entry (a call may only change its row), and again after release. */
  private buf: Buffer = NONE;
  private used = 0;

  get empty(): boolean {
    return this.used <= 1;
  }

  /** Adds the message record at start..end of `src` (message-pack.ts) as a message entry. */
  addMessage(src: Buffer, start: number, end: number): void {
    this.reserve(1 + end - start);
    this.buf[this.used] = MESSAGE_ENTRY;
    this.used += 1 + src.copy(this.buf, this.used + 1, start, end);
  }

  addStep(step: StoredStep): void {
    const json = stepJson(step);
    this.reserve(5 + 3 * json.length); // UTF-8 takes at most 3 bytes per UTF-16 unit
    this.buf[this.used] = STEP_ENTRY;
    const length = this.buf.write(json, this.used + 5, 'utf8');
    this.buf.writeUInt32LE(length, this.used + 1);
    this.used += 5 + length;
  }

  /** The pack so far: a view of the builder's buffer, valid until release(). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.used);
  }

  /** Done with this pack: its buffer may build another, and so may this builder. */
  release(): void {
    giveBack(this.buf);
    this.buf = NONE;
    this.used = 0;
  }

  private reserve(bytes: number): void {
    if (this.used === 0) {
      this.buf = pool.pop() ?? Buffer.allocUnsafe(INITIAL_BYTES);
      this.buf[0] = PACK_VERSION;
      this.used = 1;
    }
    if (this.used + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.used + bytes));
    this.buf.copy(bigger, 0, 0, this.used);
    giveBack(this.buf);
    this.buf = bigger;
  }
}

function giveBack(buf: Buffer): void {
  if (buf.length === INITIAL_BYTES && pool.length < POOL_MAX) pool.push(buf);
}
