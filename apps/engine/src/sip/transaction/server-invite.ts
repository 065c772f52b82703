// INVITE server transaction (RFC 3261 §17.2.1, with RFC 6026's Accepted state).

import { getToTag } from '../message/accessors';
import { ownString } from '../message/own-string';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type { Peer } from '../sip-stack-types';
import { TimerSlots } from './timer-slots';
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

export class ServerInviteTransaction extends TimerSlots implements ServerTransaction {
  state: ServerInviteState = 'proceeding';
  /** Kept while it may be resent (Proceeding, Completed). */
  private lastResponse: SipResponse | undefined;
  /** Its To tag once it is let go (Accepted, Confirmed): a late CANCEL's 200 repeats it. */
  private finalToTag: string | undefined;
  private gInterval = T1;
  tuContext: object | undefined = undefined;

  constructor(
    readonly key: string,
    /** Dropped once a final response is sent: the states after it need only the key. */
    public request: SipRequest | undefined,
    readonly replyTo: Peer,
    private readonly ctx: TransactionContext,
  ) {
    super(ctx.clock);
  }

  get finished(): boolean {
    return this.state !== 'proceeding';
  }

  get toTag(): string | undefined {
    return this.lastResponse === undefined ? this.finalToTag : getToTag(this.lastResponse);
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

  protected onTimer(slot: TimerSlot): void {
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
          this.setTimer('retransmit', this.gInterval);
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
    this.clearTimers();
    // Kept up to 32 s to absorb retransmissions: only what that needs (the key; the final's To
    // tag, which a late CANCEL's 200 carries, in a string of its own so as not to keep the
    // response's text). A failure final is retransmitted until the ACK (Completed), so it stays
    // whole until then.
    if (to !== 'proceeding') this.request = undefined;
    if ((to === 'accepted' || to === 'confirmed') && this.lastResponse !== undefined) {
      const tag = getToTag(this.lastResponse);
      this.finalToTag = tag === undefined ? undefined : ownString(tag);
      this.lastResponse = undefined;
    }
    switch (to) {
      case 'completed':
        // §17.2.1: "For unreliable transports, timer G is set to fire in T1 seconds ... timer H
        // MUST be set to fire in 64*T1 seconds for all transports."
        if (!this.reliable) this.setTimer('retransmit', this.gInterval);
        this.setTimer('timeout', TIMER_H);
        return;
      case 'confirmed':
        // §17.2.1: "timer I is set to fire in T4 seconds for unreliable transports, and zero
        // seconds for reliable transports."
        this.setTimer('timeout', this.reliable ? 0 : TIMER_I);
        return;
      case 'accepted':
        this.setTimer('timeout', TIMER_L);
        return;
      case 'terminated':
        this.ctx.onTerminated(this.key);
        return;
      case 'proceeding':
        return;
    }
  }

  private send(res: SipResponse): void {
    this.ctx.transport.post(res, this.replyTo, (error) => {
      if (error !== null) this.handle({ kind: 'transport-error' });
    });
  }
}
