import { defineNodeType } from './define-node-type';
import { field } from './fields';

export const condition = defineNodeType({
  type: 'condition',
  title: 'Condition',
  category: 'routing',
  help: 'Evaluates a CEL expression that gives true or false and leaves by the port of that name.',
  ports: { true: 'The expression gave true.', false: 'The expression gave false.' },
  requiredPorts: ['true', 'false'],
  params: {
    expression: field.cel({
      label: 'Condition (CEL)',
      returns: 'bool',
      help: 'e.g. request.uri.user.startsWith("+31") && source.transport == "udp"',
    }),
  },
  example: { expression: 'request.uri.user.startsWith("+31")' },
});
