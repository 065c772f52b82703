import { defineNodeType } from './define-node-type';
import { field } from './fields';

/** Relay and Fork leave by the same ports; a failure whose own port has no edge takes `failed`. */
export const relayPorts = {
  answered: 'A 2xx final response arrived (already sent on to the caller).',
  busy: 'The callee is busy: 486 Busy Here or 600 Busy Everywhere.',
  'no-answer': 'It rang but nobody answered in time (our timeout, 408 or 480).',
  rejected: 'Any other failure response (3xx–6xx) from downstream.',
  unreachable: 'Nothing came back (no response at all, 503 of our own) or the target could not be reached.',
  failed:
    'Any failure whose own port (busy, no-answer, rejected, unreachable) has no edge. With no edge here either, the best response goes back to the caller.',
} as const;

export const relay = defineNodeType({
  type: 'relay',
  title: 'Relay',
  category: 'routing',
  help:
    'Forwards the request statefully to a SIP URI (or, with no target, to its Request-URI) and stays in the path (Record-Route). ' +
    'Ringing and the answer go straight back to the caller; a failure leaves by its port (busy, no-answer, rejected, unreachable), ' +
    'else by "failed", or, with no edge there, goes back to the caller as it came.',
  ports: relayPorts,
  params: {
    target: field.sipUri({
      label: 'Target URI',
      help: 'Where to send the request, e.g. sip:pbx.example.net:5060. Empty: the Request-URI (as rewritten).',
      placeholder: 'sip:host:5060',
      default: '',
    }),
    timeoutSec: field.number({
      label: 'Ring timeout (s)',
      help: 'Give up when no final response arrives in this time (→ no-answer).',
      min: 1,
      max: 600,
      integer: true,
      default: 60,
    }),
  },
  example: { target: 'sip:pbx.example.net:5060', timeoutSec: 60 },
});
