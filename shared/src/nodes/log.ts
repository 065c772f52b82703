import { defineNodeType } from './define-node-type';
import { field } from './fields';

export const log = defineNodeType({
  type: 'log',
  title: 'Log',
  category: 'routing',
  help: "Writes a message computed by a CEL expression into the call's trace (and the engine's log at level warn).",
  ports: { next: 'Always, after logging.' },
  params: {
    message: field.cel({ label: 'Message (CEL)', returns: 'any', help: 'e.g. "from " + request.from.user' }),
    level: field.enum({ label: 'Level', options: ['info', 'warn'], default: 'info' }),
  },
  example: { message: '"call from " + request.from.user', level: 'info' },
});
