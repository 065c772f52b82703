import { defineNodeType } from './define-node-type';
import { field } from './fields';

export const relay = defineNodeType({
  type: 'relay',
  title: 'Relay',
  category: 'routing',
  help:
    'Forwards the request statefully to a SIP URI and stays in the path (Record-Route). ' +
    'Ringing and the answer go straight back to the caller; a failure leaves by "failed", ' +
    'or, with no edge there, goes back to the caller as it came.',
  ports: {
    answered: 'A 2xx final response arrived (already sent on to the caller).',
    failed: 'A failure final response (3xx–6xx), no answer in time, or the target was unreachable.',
  },
  params: {
    target: field.sipUri({
      label: 'Target URI',
      help: 'Where to send the request, e.g. sip:pbx.example.net:5060.',
      placeholder: 'sip:host:5060',
    }),
    timeoutSec: field.number({
      label: 'Ring timeout (s)',
      help: 'Give up when no final response arrives in this time.',
      min: 1,
      max: 600,
      integer: true,
      default: 60,
    }),
  },
  example: { target: 'sip:pbx.example.net:5060', timeoutSec: 60 },
});
