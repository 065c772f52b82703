// Relay and Fork share how an outcome becomes a port: the specific failure port when it has an
// edge, else "failed" when that has one, else the best response goes upstream (DESIGN.md: "A
// failure port with no edge sends the best response back upstream").
import type { RelayOutcome } from '../../sip/sip-stack-types';
import type { CallContext } from '../call-context';
import type { LinkContext } from '../define-op';

export type RelayPort = 'answered' | 'busy' | 'no-answer' | 'rejected' | 'unreachable' | 'failed';

export function classify(outcome: RelayOutcome): Exclude<RelayPort, 'failed'> {
  switch (outcome.kind) {
    case 'response':
      if (outcome.status < 300) return 'answered';
      if (outcome.status === 486 || outcome.status === 600) return 'busy';
      if (outcome.status === 408 || outcome.status === 480) return 'no-answer';
      return 'rejected';
    case 'timeout':
      return outcome.cause === 'no-response' ? 'unreachable' : 'no-answer';
    case 'transport-error':
      return 'unreachable';
  }
}

export function bestStatus(outcome: RelayOutcome): number {
  switch (outcome.kind) {
    case 'response':
      return outcome.status;
    case 'timeout':
      return 408;
    case 'transport-error':
      return 503;
  }
}

export function leaveBy(outcome: RelayOutcome, call: CallContext, link: LinkContext): RelayPort {
  if (outcome.kind === 'response') {
    call.note('status', outcome.status);
    call.note('reason', outcome.reason);
  } else {
    call.note('outcome', outcome.kind);
    if (outcome.kind === 'timeout' && outcome.cause) call.note('cause', outcome.cause);
    if (outcome.kind === 'transport-error') call.note('error', outcome.reason);
  }
  const port = classify(outcome);
  if (port === 'answered') {
    // The proxy forwarded the 2xx upstream as it arrived (RFC 3261 §16.7 step 5).
    call.markFinal(
      outcome.kind === 'response' ? outcome.status : 200,
      outcome.kind === 'response' ? outcome.reason : 'OK',
    );
    return 'answered';
  }
  if (link.hasEdge(port)) return port;
  if (link.hasEdge('failed')) return 'failed';
  call.proxied.sendBestResponse();
  call.markFinal(bestStatus(outcome), outcome.kind === 'response' ? outcome.reason : undefined);
  call.note('sent', 'best response upstream');
  return port;
}
