import { defineNodeType } from './define-node-type';
import { field } from './fields';

export const respond = defineNodeType({
  type: 'respond',
  title: 'Respond',
  category: 'response',
  help: 'Ends the flow with a final SIP response of our own (a redirect or a failure), with extra headers if given.',
  ports: {},
  params: {
    code: field.number({ label: 'Status code', min: 300, max: 699, integer: true, default: 486 }),
    reason: field.text({ label: 'Reason phrase', maxLength: 128, default: 'Busy Here' }),
    headers: field.keyValue({
      label: 'Extra headers',
      help: 'Added to the response, e.g. Retry-After: 60.',
      keyLabel: 'Header',
      valueLabel: 'Value',
      keyKind: 'header',
      valueKind: 'text',
      default: [],
    }),
  },
  example: { code: 486, reason: 'Busy Here', headers: [] },
});
