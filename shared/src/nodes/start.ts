import { defineNodeType } from './define-node-type';
import { field } from './fields';

const MATCH = ['any', 'exact', 'prefix', 'regex'] as const;

export const start = defineNodeType({
  type: 'start',
  title: 'Start',
  category: 'trigger',
  help:
    'Where a call enters the flow. Says which requests this flow takes (methods, Request-URI user and domain, ' +
    'source network, transport); of several flows that match, the highest priority wins. Each flow has exactly one Start.',
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
    userMatch: field.enum({ label: 'Request-URI user', options: MATCH, default: 'any' }),
    user: field.text({ label: 'User', help: 'Text or regular expression for the user part.', default: '' }),
    domainMatch: field.enum({ label: 'Request-URI domain', options: MATCH, default: 'any' }),
    domain: field.text({
      label: 'Domain',
      help: 'Text or regular expression for the host part.',
      default: '',
    }),
    sources: field.stringList({
      label: 'Source networks',
      help: 'Addresses or CIDR networks the request may come from (empty: anywhere).',
      item: 'cidr',
      default: [],
    }),
    transport: field.enum({ label: 'Transport', options: ['any', 'udp', 'tcp'], default: 'any' }),
    priority: field.number({
      label: 'Priority',
      help: 'Of several deployed flows that match a request, the highest priority runs.',
      integer: true,
      min: -1000,
      max: 1000,
      default: 0,
    }),
  },
  example: {
    methods: ['INVITE'],
    userMatch: 'prefix',
    user: '+31',
    domainMatch: 'any',
    domain: '',
    sources: [],
    transport: 'any',
    priority: 0,
  },
  check: (p) => {
    const out: Array<{ field: string; message: string }> = [];
    for (const [mode, text, name] of [
      [p.userMatch, p.user, 'user'],
      [p.domainMatch, p.domain, 'domain'],
    ] as const) {
      if (mode !== 'any' && text === '') out.push({ field: name, message: `give the ${name} to match` });
      if (mode === 'regex') {
        try {
          new RegExp(text);
        } catch {
          out.push({ field: name, message: `"${text}" is not a valid regular expression` });
        }
      }
    }
    return out;
  },
});
