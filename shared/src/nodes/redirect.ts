import { defineNodeType } from './define-node-type';
import { field } from './fields';

export const redirect = defineNodeType({
  type: 'redirect',
  title: 'Redirect',
  category: 'response',
  help: 'Ends the flow with a 3xx response whose Contact headers tell the caller where to call instead.',
  ports: {},
  params: {
    code: field.number({ label: 'Status code', min: 300, max: 399, integer: true, default: 302 }),
    reason: field.text({ label: 'Reason phrase', maxLength: 128, default: 'Moved Temporarily' }),
    contacts: field.stringList({
      label: 'Contacts',
      help: 'SIP URIs the caller should try, in order of preference.',
      item: 'sip-uri',
      minItems: 1,
    }),
  },
  example: { code: 302, reason: 'Moved Temporarily', contacts: ['sip:bob@other.example.net'] },
});
