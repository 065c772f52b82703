// What the trace writer has gathered about one call and not yet written, across batches: its
// start, the changes to its row, and the entries of its next pack (messages and steps,
// message-pack.ts). The writer writes it when the call ends, once it has waited long enough, or on
// flush (trace-writer.ts): a call of a few seconds or less then costs one INSERT of its row with
// its final status and times and one of its pack, instead of an update and a pack for every batch
// it shows up in.
import type { TraceEvent } from '../runtime/trace-sink';
import { PackBuilder } from './pack-builder';

type CallStart = Extract<TraceEvent, { kind: 'call-start' }>;
type CallUpdate = Extract<TraceEvent, { kind: 'call-update' }>;

/** Status order: an update never moves a call backwards (a late 180 after the 200, say). */
const RANK: Record<string, number> = {
  trying: 0,
  ringing: 1,
  answered: 2,
  completed: 3,
  failed: 3,
  cancelled: 3,
};

/** The status after `proposed`: the same or a later one, and a final status is final. */
export function nextStatus(current: string, proposed: string | undefined): string {
  if (proposed === undefined || proposed === current) return current;
  const now = RANK[current] ?? 0;
  if ((RANK[proposed] ?? 0) < now || now === 3) return current;
  return proposed;
}

export class PendingCall {
  start: CallStart | undefined;
  /** Statuses proposed, in order; applied to the stored status by nextStatus. */
  readonly statuses: string[] = [];
  finalCode: number | undefined;
  /** The first answer time gathered (a stored one wins). */
  answeredAt: number | undefined;
  /** The last end time gathered. */
  endedAt: number | undefined;
  /** Its messages and steps, as the entries of its next pack. */
  readonly pack = new PackBuilder();

  constructor(
    /** Time of the call's first event here: its start if it is new and no call-start says otherwise. */
    readonly firstAt: number,
    /** When the writer began gathering it (its clock, ms): it waits at most so long. */
    readonly since: number,
  ) {}

  /** When the call starts, as far as gathered (the earlier of its first event and call-start). */
  get startedAt(): number {
    return this.start === undefined ? this.firstAt : Math.min(this.firstAt, this.start.at);
  }

  update(e: CallUpdate): void {
    if (e.status !== undefined) this.statuses.push(e.status);
    if (e.finalCode !== undefined) this.finalCode = e.finalCode;
    if (e.answeredAt !== undefined) this.answeredAt ??= e.answeredAt;
    if (e.endedAt !== undefined) this.endedAt = e.endedAt;
  }

  /** Whether the call has ended (every final status comes with an end time): nothing will follow but retransmissions. */
  get ended(): boolean {
    return this.endedAt !== undefined;
  }

  /** Whether it changes the call's row beyond its start. */
  get updates(): boolean {
    return (
      this.statuses.length > 0 ||
      this.finalCode !== undefined ||
      this.answeredAt !== undefined ||
      this.endedAt !== undefined
    );
  }

  /** The status after what was gathered, from the stored one. */
  statusFrom(stored: string): string {
    return this.statuses.reduce(nextStatus, stored);
  }
}
