// INVITE server transaction (RFC 3261 §17.2.1, with RFC 6026's Accepted state).

import { slimMessage } from '../message/slim-message';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type { Peer } from '../sip-stack-types';
import { TimerSlots, type TimerOwner } from './timer-slots';
import { T1, T2, TIMER_H, TIMER_I, TIMER_L, type TimerSlot } from './timers';
import type { ServerEvent, ServerTransaction, TransactionContext } from './transaction-types';

export type ServerInviteState = 'proceeding' | 'completed' | 'confirmed' | 'accepted' | 'terminated';

const EDGES: Record<ServerInviteState, readonly ServerInviteState[]> = {
  proceeding: ['completed', 'accepted', 'terminated'],
  completed: ['confirmed', 'terminated'],
  confirmed: ['terminated'],
  accepted: ['terminated'],
  terminated: [],
};

/** Of a final kept for Accepted/Confirmed, only To is read again (a late CANCEL's 200 takes its tag). */
const TO_ONLY: ReadonlySet<string> = new Set(['to']);

export class ServerInviteTransaction implements ServerTransaction, TimerOwner {
  state: ServerInviteState = 'proceeding';
  /** Whole while it may be resent (Proceeding, Completed); its To header alone after that. */
  lastResponse: SipResponse | undefined;
  private readonly timers: TimerSlots;
  private gInterval = T1;

  constructor(
    readonly key: string,
    /** Dropped once a final response is sent: the states after it need only the key. */
    public request: SipRequest | undefined,
    readonly replyTo: Peer,
    private readonly ctx: TransactionContext,
  ) {
    this.timers = new TimerSlots(ctx.clock, this);
  }

  get finished(): boolean {
    return this.state !== 'proceeding';
  }

  private get reliable(): boolean {
    return this.ctx.transport.isReliable(this.replyTo.transport);
  }

  respond(res: SipResponse): void {
    this.handle({ kind: 'respond', res });
  }

  terminate(): void {
    if (this.state !== 'terminated') this.transition('terminated');
  }

  /** The transaction is its timers' owner (a method, not a closure per transaction). */
  onTimer(slot: TimerSlot): void {
    this.handle({ kind: 'timer', slot });
  }

  handle(ev: ServerEvent): void {
    switch (this.state) {
      case 'proceeding':
        if (ev.kind === 'request' && ev.req.method === 'INVITE') {
          // §17.2.1: "If a request retransmission is received while in the "Proceeding" state,
          // the most recent provisional response that was received from the TU MUST be passed
          // to the transport layer for retransmission."
          if (this.lastResponse !== undefined) this.send(this.lastResponse);
        } else if (ev.kind === 'respond') {
          this.lastResponse = ev.res;
          this.send(ev.res);
          // RFC 6026 §8.5: "If, while in the "Proceeding" state, the TU passes a 2xx response to
          // the server transaction, the server transaction MUST pass this response to the
          // transport layer for transmission ... and the server transaction MUST enter the
          // "Accepted" state."
          if (ev.res.status >= 200 && ev.res.status < 300) this.transition('accepted');
          // §17.2.1: "While in the "Proceeding" state, if the TU passes a response with status
          // code from 300 to 699 to the server transaction, the response MUST be passed to the
          // transport layer for transmission, and the state machine MUST enter the "Completed" state."
          else if (ev.res.status >= 300) this.transition('completed');
        } else if (ev.kind === 'transport-error') this.transition('terminated');
        return;
      case 'completed':
        if (ev.kind === 'request' && ev.req.method === 'INVITE') {
          // §17.2.1: "while in the "Completed" state, if a request retransmission is received,
          // the server SHOULD pass the response to the transport for retransmission."
          if (this.lastResponse !== undefined) this.send(this.lastResponse);
        } else if (ev.kind === 'request' && ev.req.method === 'ACK') {
          // §17.2.1: "If an ACK is received while the server transaction is in the "Completed"
          // state, the server transaction MUST transition to the "Confirmed" state."
          this.transition('confirmed');
        } else if (ev.kind === 'timer' && ev.slot === 'retransmit') {
          // §17.2.1: "If timer G fires, the response is passed to the transport layer once more
          // for retransmission, and timer G is set to fire in MIN(2*T1, T2) seconds."
          if (this.lastResponse !== undefined) this.send(this.lastResponse);
          this.gInterval = Math.min(2 * this.gInterval, T2);
          this.timers.set('retransmit', this.gInterval);
        } else if (ev.kind === 'timer' && ev.slot === 'timeout') {
          // §17.2.1: "If timer H fires while in the "Completed" state, it implies that the ACK
          // was never received. In this case, the server transaction MUST transition to the
          // "Terminated" state"
          this.transition('terminated');
        } else if (ev.kind === 'transport-error') this.transition('terminated');
        return;
      case 'confirmed':
        // §17.2.1: "any additional ACK messages that are received [are absorbed]"; Timer I ends it.
        if (ev.kind === 'timer' && ev.slot === 'timeout') this.transition('terminated');
        return;
      case 'accepted':
        // RFC 6026 §8.7: "...any retransmissions of the 2xx response that are received by the
        // server transaction core MUST be passed directly to the transport layer".
        if (ev.kind === 'respond' && ev.res.status >= 200 && ev.res.status < 300) this.send(ev.res);
        // Retransmitted INVITEs are absorbed here (RFC 6026 §8.7). Timer L ends the state.
        else if (ev.kind === 'timer' && ev.slot === 'timeout') this.transition('terminated');
        return;
      case 'terminated':
        return;
    }
  }

  private transition(to: ServerInviteState): void {
    if (!EDGES[this.state].includes(to)) throw new Error(`server INVITE: illegal ${this.state} -> ${to}`);
    this.state = to;
    this.timers.clearAll();
    // Kept up to 32 s to absorb retransmissions: only what that needs (the key; the final's To
    // tag, which a late CANCEL's 200 carries). A failure final is retransmitted until the ACK
    // (Completed), so it stays whole until then.
    if (to !== 'proceeding') this.request = undefined;
    if ((to === 'accepted' || to === 'confirmed') && this.lastResponse !== undefined)
      this.lastResponse = slimMessage(this.lastResponse, TO_ONLY);
    switch (to) {
      case 'completed':
        // §17.2.1: "For unreliable transports, timer G is set to fire in T1 seconds ... timer H
        // MUST be set to fire in 64*T1 seconds for all transports."
        if (!this.reliable) this.timers.set('retransmit', this.gInterval);
        this.timers.set('timeout', TIMER_H);
        return;
      case 'confirmed':
        // §17.2.1: "timer I is set to fire in T4 seconds for unreliable transports, and zero
        // seconds for reliable transports."
        this.timers.set('timeout', this.reliable ? 0 : TIMER_I);
        return;
      case 'accepted':
        this.timers.set('timeout', TIMER_L);
        return;
      case 'terminated':
        this.ctx.onTerminated(this.key);
        return;
      case 'proceeding':
        return;
    }
  }

  private send(res: SipResponse): void {
    this.ctx.transport.send(res, this.replyTo).catch(() => this.handle({ kind: 'transport-error' }));
  }
}
