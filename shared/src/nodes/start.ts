import { defineNodeType } from './define-node-type';
import { field } from './fields';

export const start = defineNodeType({
  type: 'start',
  title: 'Start',
  category: 'trigger',
  help: 'Where a call enters the flow. Says which requests this flow takes; each flow has exactly one Start.',
  ports: {
    next: 'A request matched this flow.',
  },
  requiredPorts: ['next'],
  params: {
    methods: field.methods({
      label: 'Methods',
      help: 'SIP methods this flow takes (new requests only; in-dialog requests follow their dialog).',
      default: ['INVITE'],
      options: [
        'INVITE',
        'OPTIONS',
        'MESSAGE',
        'REGISTER',
        'SUBSCRIBE',
        'NOTIFY',
        'INFO',
        'PUBLISH',
        'REFER',
      ],
    }),
  },
  example: { methods: ['INVITE'] },
});
