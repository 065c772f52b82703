// Non-INVITE server transaction (RFC 3261 §17.2.2).

import { getToTag } from '../message/accessors';
import { fromKeptBytes, keepAsBytes } from '../message/kept-bytes';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type { Peer } from '../sip-stack-types';
import { TimerSlots } from './timer-slots';
import { TIMER_J, type TimerSlot } from './timers';
import type { ServerEvent, ServerTransaction, TransactionContext } from './transaction-types';

export type ServerNonInviteState = 'trying' | 'proceeding' | 'completed' | 'terminated';

const EDGES: Record<ServerNonInviteState, readonly ServerNonInviteState[]> = {
  trying: ['proceeding', 'completed', 'terminated'],
  proceeding: ['completed', 'terminated'],
  completed: ['terminated'],
  terminated: [],
};

export class ServerNonInviteTransaction extends TimerSlots implements ServerTransaction {
  state: ServerNonInviteState = 'trying';
  /** The last response sent; in Completed only its bytes are kept (finalBytes). */
  lastResponse: SipResponse | undefined;
  private finalBytes: string | undefined;
  tuContext: object | undefined = undefined;

  constructor(
    readonly key: string,
    /** Dropped once a final response is sent. */
    public request: SipRequest | undefined,
    readonly replyTo: Peer,
    private readonly ctx: TransactionContext,
  ) {
    super(ctx.clock);
  }

  get finished(): boolean {
    return this.state === 'completed' || this.state === 'terminated';
  }

  get toTag(): string | undefined {
    return this.lastResponse === undefined ? undefined : getToTag(this.lastResponse);
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
      case 'trying':
      case 'proceeding':
        if (ev.kind === 'request') {
          // §17.2.2: "Once in the "Trying" state, any further request retransmissions are
          // discarded." / "If a retransmission of the request is received while in the
          // "Proceeding" state, the most recently sent provisional response MUST be passed to
          // the transport layer for retransmission."
          if (this.state === 'proceeding' && this.lastResponse !== undefined) this.send(this.lastResponse);
        } else if (ev.kind === 'respond') {
          this.lastResponse = ev.res;
          this.send(ev.res);
          // §17.2.2: "If the TU passes a final response (status codes 200-699) to the server
          // while in the "Proceeding" state, the transaction MUST enter the "Completed" state"
          if (ev.res.status >= 200) this.transition('completed');
          else if (this.state === 'trying') this.transition('proceeding');
        } else if (ev.kind === 'transport-error') this.transition('terminated');
        return;
      case 'completed':
        // §17.2.2: "While in the "Completed" state, the server transaction MUST pass the final
        // response to the transport layer for retransmission whenever a retransmission of the
        // request is received. Any other final responses passed by the TU to the server
        // transaction MUST be discarded while in the "Completed" state."
        if (ev.kind === 'request') this.resendFinal();
        else if (ev.kind === 'timer' && ev.slot === 'timeout') this.transition('terminated');
        else if (ev.kind === 'transport-error') this.transition('terminated');
        return;
      case 'terminated':
        return;
    }
  }

  private transition(to: ServerNonInviteState): void {
    if (!EDGES[this.state].includes(to)) throw new Error(`server non-INVITE: illegal ${this.state} -> ${to}`);
    this.state = to;
    this.clearTimers();
    // The final response is resent for every retransmitted request (Completed), for 32 s over
    // UDP: kept as its bytes (kept-bytes.ts). The request itself is not needed again.
    if (to !== 'trying' && to !== 'proceeding') {
      this.request = undefined;
      if (to === 'completed' && this.lastResponse !== undefined)
        this.finalBytes = keepAsBytes(this.lastResponse);
      this.lastResponse = undefined;
    }
    if (to === 'completed') {
      // §17.2.2: "When the server transaction enters the "Completed" state, it MUST set Timer J
      // to fire in 64*T1 seconds for unreliable transports, and zero seconds for reliable transports."
      this.setTimer('timeout', this.ctx.transport.isReliable(this.replyTo.transport) ? 0 : TIMER_J);
    } else if (to === 'terminated') this.ctx.onTerminated(this.key);
  }

  private resendFinal(): void {
    if (this.finalBytes === undefined) return;
    const res = fromKeptBytes(this.finalBytes);
    if (res?.kind === 'response') this.send(res);
  }

  private send(res: SipResponse): void {
    this.ctx.transport.post(res, this.replyTo, (error) => {
      if (error !== null) this.handle({ kind: 'transport-error' });
    });
  }
}
