// What one trace batch says about one call, gathered event by event and written at the batch's
// end in as few statements as it can: a call that starts in the batch becomes one INSERT with its
// start, status and times (instead of an insert, a start update and an update per status), one
// already stored gets at most one start update and one update; its steps and its messages (one
// pack, message-pack.ts) follow.
import type { TraceEvent } from '../runtime/trace-sink';

type CallStart = Extract<TraceEvent, { kind: 'call-start' }>;
type CallUpdate = Extract<TraceEvent, { kind: 'call-update' }>;
export type StepEvent = Extract<TraceEvent, { kind: 'step' }>;

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

export class CallInBatch {
  /** Time of the call's first event in the batch: its start if it is new and no call-start says otherwise. */
  readonly firstAt: number;
  start: CallStart | undefined;
  /** Statuses proposed in the batch, in order; applied to the stored status by nextStatus. */
  readonly statuses: string[] = [];
  finalCode: number | undefined;
  /** The first answer time in the batch (a stored one wins). */
  answeredAt: number | undefined;
  /** The last end time in the batch. */
  endedAt: number | undefined;
  readonly steps: StepEvent[] = [];
  /** Message records (a pack's version byte first), and their total length. */
  readonly pack: Buffer[] = [];
  packBytes = 0;

  constructor(firstAt: number) {
    this.firstAt = firstAt;
  }

  /** When the call starts, as far as this batch tells (the earlier of its first event and call-start). */
  get startedAt(): number {
    return this.start === undefined ? this.firstAt : Math.min(this.firstAt, this.start.at);
  }

  update(e: CallUpdate): void {
    if (e.status !== undefined) this.statuses.push(e.status);
    if (e.finalCode !== undefined) this.finalCode = e.finalCode;
    if (e.answeredAt !== undefined) this.answeredAt ??= e.answeredAt;
    if (e.endedAt !== undefined) this.endedAt = e.endedAt;
  }

  /** Whether the batch changes the call's row beyond its start. */
  get updates(): boolean {
    return (
      this.statuses.length > 0 ||
      this.finalCode !== undefined ||
      this.answeredAt !== undefined ||
      this.endedAt !== undefined
    );
  }

  /** The status after this batch, from the stored one. */
  statusFrom(stored: string): string {
    return this.statuses.reduce(nextStatus, stored);
  }
}
