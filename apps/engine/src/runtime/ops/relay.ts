import { relay } from '@patchbay/shared/nodes';
import type { RelayOutcome } from '../../sip/sip-stack-types';
import { defineOp } from '../define-op';

export const relayOp = defineOp(relay, (params, link) => {
  const timeoutMs = params.timeoutSec * 1000;
  const failedHasEdge = link.hasEdge('failed');
  return async (call) => {
    call.note('target', params.target);
    const outcome = await call.proxied.relay(params.target, { timeoutMs });
    if (outcome.kind === 'response') {
      call.note('status', outcome.status);
      call.note('reason', outcome.reason);
      if (outcome.status < 300) {
        // The proxy forwarded the 2xx upstream as it arrived (RFC 3261 §16.7 step 5).
        call.markFinal(outcome.status);
        return 'answered';
      }
    } else {
      call.note('outcome', outcome.kind);
      if (outcome.kind === 'transport-error') call.note('error', outcome.reason);
    }
    if (!failedHasEdge) {
      // DESIGN.md: "A failure port with no edge sends the best response back upstream."
      call.proxied.sendBestResponse();
      call.markFinal(bestStatus(outcome));
      call.note('sent', 'best response upstream');
    }
    return 'failed';
  };
});

function bestStatus(outcome: RelayOutcome): number {
  switch (outcome.kind) {
    case 'response':
      return outcome.status;
    case 'timeout':
      return 408;
    case 'transport-error':
      return 503;
  }
}
