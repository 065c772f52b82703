import { defineNodeType } from './define-node-type';
import { field } from './fields';
import { relayPorts } from './relay';

export const fork = defineNodeType({
  type: 'fork',
  title: 'Fork',
  category: 'routing',
  help:
    'Rings several targets, all at once (parallel) or one after another (serial); the first to answer takes the call. ' +
    'Leaves by the same ports as Relay, from the best response of all targets.',
  ports: relayPorts,
  params: {
    targets: field.stringList({
      label: 'Targets',
      help: 'SIP URIs to ring, in order.',
      item: 'sip-uri',
      minItems: 1,
    }),
    mode: field.enum({ label: 'Mode', options: ['parallel', 'serial'], default: 'parallel' }),
    timeoutSec: field.number({
      label: 'Overall timeout (s)',
      help: 'Give up on every target after this long.',
      min: 1,
      max: 600,
      integer: true,
      default: 60,
    }),
    perTargetTimeoutSec: field.number({
      label: 'Per-target timeout (s)',
      help: 'Give up on one target after this long (serial mode then tries the next). 0: no limit.',
      min: 0,
      max: 600,
      integer: true,
      default: 0,
    }),
  },
  example: {
    targets: ['sip:desk@pbx.example.net', 'sip:mobile@gw.example.net'],
    mode: 'serial',
    timeoutSec: 60,
    perTargetTimeoutSec: 20,
  },
});
