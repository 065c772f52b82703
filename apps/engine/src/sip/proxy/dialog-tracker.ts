// The dialogs the proxy sees pass (RFC 3261 §12), keyed as §12 keys them — Call-ID, local tag
// and remote tag — with start, answer and end times and the final status, reported through
// DialogEvent (sip-stack-types.ts) and readable as DialogRecord for traces and the API.
//
// §12: "A dialog is identified at each UA with a dialog ID, which consists of a Call-ID value, a
// local tag and a remote tag." A proxy sees both ends, so we key by Call-ID + caller's (From)
// tag + callee's (To) tag, and match in-dialog requests sent by either side.
//
// Memory is bounded: a dialog is forgotten when it terminates; an INVITE that never gets a
// final response is ended after EARLY_TIMEOUT_MS ('timeout'); a 2xx whose ACK never passes
// within NO_ACK_MS ends its dialog ('no-ack': the callee gives up on it, RFC 3261 §13.3.1.4);
// confirmed dialogs beyond maxConfirmed evict the oldest ('timeout': its BYE was never seen).
// Expiry is one sweep timer for the tracker, not a timer per call: entries are kept in the
// order they started, so a sweep stops at the first one still young.

import type { Clock, TimerHandle } from '../clock';
import { getCallId, getFromTag, getToTag } from '../message/accessors';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type { DialogEvent, DialogRecord } from '../sip-stack-types';
import { dialogKey, ownDialogIds, type DialogIds } from './dialog-ids';
import type { DialogPaths } from './dialog-paths';
import { TIMER_H } from '../transaction/timers';
import { OldestKey } from '../../util/oldest-key';
import { TIMER_C } from './relay-attempt';

/** Longer than timer C: an INVITE transaction always ends before (§16.8). */
export const EARLY_TIMEOUT_MS = TIMER_C + 30_000;
/** §13.3.1.4: the UAS retransmits its 2xx for 64*T1, then gives up on the ACK (and SHOULD BYE). */
export const NO_ACK_MS = TIMER_H;
/** Period of the expiry sweep: entries end at most this late. */
export const SWEEP_MS = 5_000;
export const DEFAULT_MAX_CONFIRMED = 100_000;

interface Attempt {
  readonly callId: string;
  readonly fromTag: string;
  readonly startedAt: number;
  /** Clock time it entered, for the sweep. */
  readonly since: number;
  toTag: string | undefined;
  early: boolean;
}

export class DialogTracker {
  /** INVITEs without a final response yet, by callId|fromTag. */
  private readonly attempts = new Map<string, Attempt>();
  /**
   * Confirmed dialogs by callId|fromTag|toTag (Map keeps insertion order: oldest first). One per
   * call for its whole length, so up to 100,000 of them; unlike the transaction tables, not
   * sharded: with calls ending in random order, a 95,000-entry Map's worst step was 7.6–9.3 ms and
   * a ShardedMap's 6.3–7.8 (the rest is the young collections the churn causes either way), for
   * 2.5 times the cost per step (`npm run bench -- --only maps`).
   */
  private readonly confirmed = new Map<string, DialogRecord>();
  private readonly oldestConfirmed = new OldestKey(this.confirmed);
  /** Confirmed dialogs whose 2xx has not been ACKed yet: key → clock time of the 2xx, oldest first. */
  private readonly awaitingAck = new Map<string, number>();
  private sweepTimer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly emit: ((e: DialogEvent) => void) | undefined,
    private readonly maxConfirmed = DEFAULT_MAX_CONFIRMED,
    /** Route state of confirmed dialogs, so that the proxy can end them itself (end-dialog.ts). */
    readonly paths?: DialogPaths,
  ) {}

  /** An initial INVITE (no To tag) entered the proxy. */
  onInvite(req: SipRequest, at: number): void {
    const callId = getCallId(req);
    const fromTag = getFromTag(req) ?? '';
    if (callId === undefined || getToTag(req) !== undefined) return;
    const key = `${callId}|${fromTag}`;
    if (this.attempts.has(key)) return;
    this.attempts.set(key, {
      callId,
      fromTag,
      startedAt: at,
      since: this.clock.now(),
      toTag: undefined,
      early: false,
    });
    this.scheduleSweep();
  }

  /** An ACK for a 2xx passing through (§13.2.2.4): sent by the caller, so tags are in INVITE order. */
  onAck(req: SipRequest): void {
    const callId = getCallId(req);
    if (callId === undefined || this.awaitingAck.size === 0) return;
    this.awaitingAck.delete(dialogKey(callId, getFromTag(req) ?? '', getToTag(req) ?? ''));
  }

  /** A response we are sending upstream for req. */
  onResponse(req: SipRequest, res: SipResponse, cause?: 'cancel' | 'timeout'): void {
    const callId = getCallId(req);
    if (callId === undefined) return;
    const fromTag = getFromTag(req) ?? '';
    if (req.method === 'INVITE' && getToTag(req) === undefined) {
      const key = `${callId}|${fromTag}`;
      const attempt = this.attempts.get(key);
      const toTag = getToTag(res);
      if (res.status > 100 && res.status < 200) {
        // §12.1: "Within this specification, only 2xx and 101-199 responses with a To tag ...
        // will establish a dialog" — an early one for 1xx.
        if (attempt !== undefined && !attempt.early && toTag !== undefined) {
          attempt.early = true;
          attempt.toTag = toTag;
          this.send({
            at: this.clock.now(),
            callId,
            fromTag,
            toTag,
            state: 'early',
            startedAt: attempt.startedAt,
          });
        }
      } else if (res.status >= 200 && res.status < 300) {
        // Not again for a 2xx retransmission.
        if (!this.confirmed.has(dialogKey(callId, fromTag, toTag ?? ''))) {
          const ids = ownDialogIds(callId, fromTag, toTag ?? '');
          this.paths?.onConfirmed(ids, req, res);
          this.confirm(ids, attempt?.startedAt ?? this.clock.now(), res.status);
        }
        if (attempt !== undefined) this.dropAttempt(key);
      } else if (res.status >= 300 && attempt !== undefined) {
        this.endAttempt(key, res.status, cause ?? (res.status === 487 ? 'cancel' : 'failure'), toTag);
      }
      return;
    }
    // A failed re-INVITE leaves its dialog as it was (§14.1). A BYE ends it whatever the
    // status (§15.1.2: the UAC "SHOULD terminate the dialog" on any final response... except
    // when a 401/407 asks it to try again with credentials).
    if (req.method === 'BYE' && res.status >= 200 && res.status !== 401 && res.status !== 407) {
      const toTag = getToTag(req) ?? '';
      const byCaller = dialogKey(callId, fromTag, toTag);
      const key = this.confirmed.has(byCaller) ? byCaller : dialogKey(callId, toTag, fromTag); // BYE from the callee
      this.end(key, 'bye', res.status);
    }
  }

  /** A confirmed dialog ended by the proxy itself (BYE to both sides): 'terminated', reason 'bye'. */
  terminate(callId: string, fromTag: string, toTag: string, status: number): void {
    this.end(dialogKey(callId, fromTag, toTag), 'bye', status);
  }

  /** Dialogs alive now (early ones first), for traces and the API. */
  list(): DialogRecord[] {
    const early: DialogRecord[] = [...this.attempts.values()]
      .filter((a) => a.early)
      .map((a) => ({
        callId: a.callId,
        fromTag: a.fromTag,
        ...(a.toTag === undefined ? {} : { toTag: a.toTag }),
        state: 'early',
        startedAt: a.startedAt,
      }));
    return [...early, ...this.confirmed.values()];
  }

  get size(): number {
    return this.attempts.size + this.confirmed.size;
  }

  /** Stop the sweep (the stack is closing). */
  close(): void {
    if (this.sweepTimer !== undefined) this.clock.clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
    this.attempts.clear();
    this.awaitingAck.clear();
  }

  private confirm(ids: DialogIds, startedAt: number, status: number): void {
    const key = ids.key;
    const record: DialogRecord = {
      callId: ids.callId,
      fromTag: ids.callerTag,
      toTag: ids.calleeTag,
      state: 'confirmed',
      startedAt,
      answeredAt: this.clock.now(),
      status,
    };
    this.confirmed.set(key, record);
    this.awaitingAck.set(key, this.clock.now());
    this.scheduleSweep();
    this.send({ ...record, at: record.answeredAt ?? startedAt });
    while (this.confirmed.size > this.maxConfirmed) {
      this.end(this.oldestConfirmed.next() as string, 'timeout');
    }
  }

  /** A confirmed dialog ends: forgotten, and reported with this reason (and final status). */
  private end(key: string, reason: string, status?: number): void {
    const record = this.confirmed.get(key);
    if (record === undefined) return;
    this.confirmed.delete(key);
    this.awaitingAck.delete(key);
    const endedAt = this.clock.now();
    this.send({
      ...record,
      at: endedAt,
      state: 'terminated',
      ...(status === undefined ? {} : { status }),
      reason,
      endedAt,
    });
  }

  private scheduleSweep(): void {
    if (this.sweepTimer !== undefined) return;
    this.sweepTimer = this.clock.setTimeout(() => this.sweep(), SWEEP_MS);
  }

  private sweep(): void {
    this.sweepTimer = undefined;
    const now = this.clock.now();
    for (const [key, a] of this.attempts) {
      if (now - a.since < EARLY_TIMEOUT_MS) break;
      this.endAttempt(key, undefined, 'timeout');
    }
    for (const [key, since] of this.awaitingAck) {
      if (now - since < NO_ACK_MS) break;
      this.end(key, 'no-ack');
    }
    if (this.attempts.size > 0 || this.awaitingAck.size > 0) this.scheduleSweep();
  }

  private endAttempt(key: string, status: number | undefined, reason: string, toTag?: string): void {
    const a = this.attempts.get(key);
    if (a === undefined) return;
    this.dropAttempt(key);
    const endedAt = this.clock.now();
    const tag = toTag ?? a.toTag;
    this.send({
      at: endedAt,
      callId: a.callId,
      fromTag: a.fromTag,
      ...(tag === undefined ? {} : { toTag: tag }),
      state: 'terminated',
      startedAt: a.startedAt,
      endedAt,
      ...(status === undefined ? {} : { status }),
      reason,
    });
  }

  private dropAttempt(key: string): void {
    this.attempts.delete(key);
  }

  private send(event: DialogEvent): void {
    if (event.state === 'terminated') this.paths?.forget(event.callId, event.fromTag, event.toTag);
    if (this.emit === undefined) return;
    try {
      this.emit(event);
    } catch {
      // A faulty listener must not break SIP processing.
    }
  }
}
