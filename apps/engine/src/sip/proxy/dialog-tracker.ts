// Dialog life-cycle as the proxy sees responses pass, keyed by Call-ID (DialogEvent contract in
// sip-stack-types.ts): early on a 1xx with To tag, confirmed on a 2xx to INVITE, terminated on
// the final response to BYE or a failure final to the initial INVITE.

import { getCallId, getToTag } from '../message/accessors';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type { Clock } from '../clock';
import type { DialogEvent, DialogState } from '../sip-stack-types';

export class DialogTracker {
  private readonly states = new Map<string, DialogState>();

  constructor(
    private readonly clock: Clock,
    private readonly emit: ((e: DialogEvent) => void) | undefined,
  ) {}

  /** A response we are sending upstream for req. */
  onResponse(req: SipRequest, res: SipResponse, cause?: 'cancel' | 'timeout'): void {
    const callId = getCallId(req);
    if (callId === undefined) return;
    const current = this.states.get(callId);
    if (req.method === 'INVITE') {
      if (res.status > 100 && res.status < 200) {
        if (current === undefined && getToTag(res) !== undefined) this.set(callId, 'early');
      } else if (res.status >= 200 && res.status < 300) {
        if (current !== 'confirmed') this.set(callId, 'confirmed', { status: res.status });
      } else if (res.status >= 300 && current !== 'confirmed') {
        // A failed re-INVITE leaves a confirmed dialog as it was (RFC 3261 §14.1).
        const reason = cause ?? (res.status === 487 ? 'cancel' : 'failure');
        this.set(callId, 'terminated', { status: res.status, reason });
      }
    } else if (req.method === 'BYE' && res.status >= 200 && current !== undefined) {
      this.set(callId, 'terminated', { status: res.status, reason: 'bye' });
    }
  }

  get size(): number {
    return this.states.size;
  }

  private set(callId: string, state: DialogState, extra: { status?: number; reason?: string } = {}): void {
    if (state === 'terminated') this.states.delete(callId);
    else this.states.set(callId, state);
    if (this.emit === undefined) return;
    try {
      this.emit({ at: this.clock.now(), callId, state, ...extra });
    } catch {
      // A faulty listener must not break SIP processing.
    }
  }
}
