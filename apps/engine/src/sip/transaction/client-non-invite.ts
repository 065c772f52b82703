// Non-INVITE client transaction (RFC 3261 §17.1.2).

import type { SipRequest } from '../message/sip-message';
import type { Peer } from '../sip-stack-types';
import { TimerSlots } from './timer-slots';
import { T1, T2, TIMER_F, TIMER_K, type TimerSlot } from './timers';
import type {
  ClientEvent,
  ClientTransaction,
  ClientTransactionUser,
  TransactionContext,
} from './transaction-types';

export type ClientNonInviteState = 'trying' | 'proceeding' | 'completed' | 'terminated';

const EDGES: Record<ClientNonInviteState, readonly ClientNonInviteState[]> = {
  trying: ['proceeding', 'completed', 'terminated'],
  proceeding: ['completed', 'terminated'],
  completed: ['terminated'],
  terminated: [],
};

export class ClientNonInviteTransaction extends TimerSlots implements ClientTransaction {
  state: ClientNonInviteState = 'trying';
  private eInterval = T1;

  constructor(
    readonly key: string,
    /** Dropped once nothing will be sent from it again (Completed, Terminated). */
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
    // §17.1.2.2: "The "Trying" state is entered when the TU initiates a new client transaction
    // with a request. When entering this state, the client transaction SHOULD set timer F to
    // fire in 64*T1 seconds. ... If an unreliable transport is in use, the client transaction
    // MUST set timer E to fire in T1 seconds."
    if (!this.reliable) this.setTimer('retransmit', this.eInterval);
    this.setTimer('timeout', TIMER_F);
    this.send();
  }

  terminate(): void {
    if (this.state !== 'terminated') this.transition('terminated');
  }

  protected onTimer(slot: TimerSlot): void {
    this.handle({ kind: 'timer', slot });
  }

  handle(ev: ClientEvent): void {
    switch (this.state) {
      case 'trying':
      case 'proceeding':
        if (ev.kind === 'timer' && ev.slot === 'retransmit') {
          // §17.1.2.2: "If timer E fires while still in this state, the timer is reset, but this
          // time with a value of MIN(2*T1, T2)." ... "If Timer E fires while in the "Proceeding"
          // state, the request MUST be passed to the transport layer for retransmission, and
          // Timer E MUST be reset with a value of T2 seconds."
          this.eInterval = this.state === 'trying' ? Math.min(2 * this.eInterval, T2) : T2;
          this.setTimer('retransmit', this.eInterval);
          this.send();
        } else if (ev.kind === 'timer' && ev.slot === 'timeout') {
          // §17.1.2.2: "If Timer F fires while the client transaction is still in the "Trying"
          // [or "Proceeding"] state, the client transaction SHOULD inform the TU about the
          // timeout, and then it SHOULD enter the "Terminated" state."
          this.transition('terminated');
          this.user.onTimeout();
        } else if (ev.kind === 'response') {
          if (ev.res.status < 200) {
            if (this.state === 'trying') this.transition('proceeding');
            this.user.onResponse(ev.res);
          } else {
            // §17.1.2.2: "If a final response (status codes 200-699) is received while in the
            // "Trying" [or "Proceeding"] state, the response MUST be passed to the TU, and the
            // client transaction MUST transition to the "Completed" state."
            this.transition('completed');
            this.user.onResponse(ev.res);
          }
        } else if (ev.kind === 'transport-error') {
          this.transition('terminated');
          this.user.onTransportError(ev.error);
        }
        return;
      case 'completed':
        // §17.1.2.2: "The client transaction enters the "Completed" state ... [and] MUST set Timer
        // K to fire in T4 seconds for unreliable transports, and zero seconds for reliable
        // transports." Retransmitted responses are absorbed.
        if (ev.kind === 'timer' && ev.slot === 'timeout') this.transition('terminated');
        return;
      case 'terminated':
        return;
    }
  }

  private transition(to: ClientNonInviteState): void {
    if (!EDGES[this.state].includes(to)) throw new Error(`client non-INVITE: illegal ${this.state} -> ${to}`);
    this.state = to;
    if (to === 'completed' || to === 'terminated') this.request = undefined;
    // Timers E and F keep running from Trying into Proceeding (§17.1.2.2).
    if (to !== 'proceeding') this.clearTimers();
    if (to === 'completed') this.setTimer('timeout', this.reliable ? 0 : TIMER_K);
    else if (to === 'terminated') this.ctx.onTerminated(this.key);
  }

  private send(): void {
    if (this.request === undefined) return;
    this.ctx.transport.post(this.request, this.target, (error) => {
      if (error !== null) this.handle({ kind: 'transport-error', error });
    });
  }
}
