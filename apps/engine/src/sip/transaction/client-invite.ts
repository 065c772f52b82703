// INVITE client transaction (RFC 3261 §17.1.1, with RFC 6026's Accepted state).

import { createAckForFailure } from '../message/create-ack';
import { fromKeptBytes, keepAsBytes } from '../message/kept-bytes';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type { Peer } from '../sip-stack-types';
import { TimerSlots } from './timer-slots';
import { T1, TIMER_B, TIMER_D, TIMER_M, type TimerSlot } from './timers';
import type {
  ClientEvent,
  ClientTransaction,
  ClientTransactionUser,
  TransactionContext,
} from './transaction-types';

export type ClientInviteState = 'calling' | 'proceeding' | 'completed' | 'accepted' | 'terminated';

const EDGES: Record<ClientInviteState, readonly ClientInviteState[]> = {
  calling: ['proceeding', 'completed', 'accepted', 'terminated'],
  proceeding: ['completed', 'accepted', 'terminated'],
  completed: ['terminated'],
  accepted: ['terminated'],
  terminated: [],
};

export class ClientInviteTransaction extends TimerSlots implements ClientTransaction {
  state: ClientInviteState = 'calling';
  private aInterval = T1;
  /**
   * The ACK for a failure, resent for each retransmission of the final in Completed (32 s over
   * UDP), as its bytes (kept-bytes.ts): built from the request and the response, a parsed ACK's
   * header values are slices of both messages' texts and kept them whole (about 1 KB a failed
   * call).
   */
  private ackBytes: string | undefined;

  constructor(
    readonly key: string,
    /** Dropped once nothing will be sent from it again (the ACK for a failure is built by then). */
    public request: SipRequest | undefined,
    readonly target: Peer,
    private user: ClientTransactionUser,
    private readonly ctx: TransactionContext,
  ) {
    super(ctx.clock);
  }

  handOver(user: ClientTransactionUser): void {
    this.user = user;
  }

  private get reliable(): boolean {
    return this.ctx.transport.isReliable(this.target.transport);
  }

  start(): void {
    // §17.1.1.2: "If an unreliable transport is being used, the client transaction MUST start
    // timer A with a value of T1. ... For any transport, the client transaction MUST start
    // timer B with a value of 64*T1 seconds"
    if (!this.reliable) this.setTimer('retransmit', this.aInterval);
    this.setTimer('timeout', TIMER_B);
    this.send(this.request);
  }

  terminate(): void {
    if (this.state !== 'terminated') this.transition('terminated');
  }

  protected onTimer(slot: TimerSlot): void {
    this.handle({ kind: 'timer', slot });
  }

  handle(ev: ClientEvent): void {
    switch (this.state) {
      case 'calling':
      case 'proceeding':
        if (ev.kind === 'timer' && ev.slot === 'retransmit' && this.state === 'calling') {
          // §17.1.1.2: "When timer A fires, the client transaction MUST retransmit the request
          // by passing it to the transport layer, and MUST reset the timer with a value of 2*T1."
          this.aInterval *= 2;
          this.setTimer('retransmit', this.aInterval);
          this.send(this.request);
        } else if (ev.kind === 'timer' && ev.slot === 'timeout') {
          // §17.1.1.2: "If the client transaction is still in the "Calling" state when timer B
          // fires, the client transaction SHOULD inform the TU that a timeout has occurred."
          this.transition('terminated');
          this.user.onTimeout();
        } else if (ev.kind === 'response') this.onResponse(ev.res);
        else if (ev.kind === 'transport-error') {
          this.transition('terminated');
          this.user.onTransportError(ev.error);
        }
        return;
      case 'completed':
        // §17.1.1.2: "Any retransmissions of the final response that are received while in the
        // "Completed" state MUST cause the ACK to be re-passed to the transport layer for
        // retransmission, but the newly received response MUST NOT be passed up to the TU."
        if (ev.kind === 'response' && ev.res.status >= 300) this.resendAck();
        else if (ev.kind === 'timer' && ev.slot === 'timeout') this.transition('terminated');
        return;
      case 'accepted':
        // RFC 6026 §8.4: "any 2xx responses that match this client transaction and that are
        // received while in the "Accepted" state MUST be passed up to the TU."
        if (ev.kind === 'response' && ev.res.status >= 200 && ev.res.status < 300)
          this.user.onResponse(ev.res);
        else if (ev.kind === 'timer' && ev.slot === 'timeout') this.transition('terminated');
        return;
      case 'terminated':
        return;
    }
  }

  private onResponse(res: SipResponse): void {
    if (res.status < 200) {
      // §17.1.1.2: "If the client transaction receives a provisional response while in the
      // "Calling" state, it transitions to the "Proceeding" state."
      if (this.state === 'calling') this.transition('proceeding');
      this.user.onResponse(res);
    } else if (res.status < 300) {
      // RFC 6026 §8.4: "a 2xx response ... MUST [cause] a transition to the "Accepted" state"
      this.transition('accepted');
      this.user.onResponse(res);
    } else {
      // §17.1.1.2: "When in either the "Calling" or "Proceeding" states, reception of a response
      // with status code from 300-699 MUST cause the client transaction to transition to
      // "Completed". The client transaction MUST pass the received response up to the TU, and
      // the client transaction MUST generate an ACK request"
      // (the request is still whole: Calling and Proceeding keep it)
      if (this.request !== undefined) {
        const ack = createAckForFailure(this.request, res);
        this.ackBytes = keepAsBytes(ack);
        this.send(ack);
      }
      this.transition('completed');
      this.user.onResponse(res);
    }
  }

  private transition(to: ClientInviteState): void {
    if (!EDGES[this.state].includes(to)) throw new Error(`client INVITE: illegal ${this.state} -> ${to}`);
    this.state = to;
    this.clearTimers();
    // The ACK for a failure is built already; a 2xx is acknowledged end to end (§13.2.2.4).
    if (to !== 'calling' && to !== 'proceeding') this.request = undefined;
    switch (to) {
      case 'completed':
        // §17.1.1.2: "The client transaction SHOULD start timer D when it enters the "Completed"
        // state, with a value of at least 32 seconds for unreliable transports, and a value of
        // zero seconds for reliable transports."
        this.setTimer('timeout', this.reliable ? 0 : TIMER_D);
        return;
      case 'accepted':
        this.setTimer('timeout', TIMER_M);
        return;
      case 'terminated':
        this.ctx.onTerminated(this.key);
        return;
      case 'calling':
      case 'proceeding':
        return;
    }
  }

  private resendAck(): void {
    if (this.ackBytes === undefined) return;
    const ack = fromKeptBytes(this.ackBytes);
    if (ack?.kind === 'request') this.send(ack);
  }

  private send(req: SipRequest | undefined): void {
    if (req === undefined) return;
    this.ctx.transport.post(req, this.target, (error) => {
      if (error !== null) this.handle({ kind: 'transport-error', error });
    });
  }
}
