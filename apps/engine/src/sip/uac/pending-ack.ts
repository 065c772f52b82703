// A 2xx the engine sent to a re-INVITE, waiting for its ACK. The ACK of a 2xx is end to end and
// no server transaction retransmits the 2xx (RFC 6026 §8.5), so the UA core does it.

import type { Clock, TimerHandle } from '../clock';
import { getCSeq } from '../message/accessors';
import type { SipRequest } from '../message/sip-message';
import { T1, T2 } from '../transaction/timers';

/** RFC 3261 §13.3.1.4: how long the 2xx is retransmitted before the engine gives up on the ACK. */
export const ACK_WAIT_MS = 64 * T1;

export class PendingAck {
  /** The ACK; undefined when none came within ACK_WAIT_MS or the wait was cancelled. */
  readonly acked: Promise<SipRequest | undefined>;
  private resolve!: (ack: SipRequest | undefined) => void;
  private retransmit: TimerHandle | undefined;
  private readonly deadline: TimerHandle;
  private interval = T1;

  /** `send` passes the 2xx to the server transaction; it is called once here at once. */
  constructor(
    private readonly clock: Clock,
    private readonly send: () => void,
    /** CSeq number of the INVITE (its ACK carries the same). */
    readonly seq: number,
  ) {
    this.acked = new Promise((r) => (this.resolve = r));
    send();
    // §13.3.1.4: "The 2xx response is passed to the transport with an interval that starts at T1
    // seconds and doubles for each retransmission until it reaches T2 seconds."
    this.retransmit = clock.setTimeout(() => this.again(), this.interval);
    // "If the server retransmits the 2xx response for 64*T1 seconds without receiving an ACK,
    // the dialog is confirmed, but the session SHOULD be terminated."
    this.deadline = clock.setTimeout(() => this.settle(undefined), ACK_WAIT_MS);
  }

  private again(): void {
    this.send();
    this.interval = Math.min(2 * this.interval, T2);
    this.retransmit = this.clock.setTimeout(() => this.again(), this.interval);
  }

  /**
   * An ACK inside the dialog; true when it is this 2xx's. §13.3.1.4: "Response retransmissions
   * cease when an ACK request for the response is received."
   */
  take(ack: SipRequest): boolean {
    if (getCSeq(ack)?.seq !== this.seq) return false;
    this.settle(ack);
    return true;
  }

  /** Stop waiting (the call ended). */
  cancel(): void {
    this.settle(undefined);
  }

  private settle(ack: SipRequest | undefined): void {
    if (this.retransmit !== undefined) this.clock.clearTimeout(this.retransmit);
    this.retransmit = undefined;
    this.clock.clearTimeout(this.deadline);
    this.resolve(ack);
  }
}
