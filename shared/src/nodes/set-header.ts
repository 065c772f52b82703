import { defineNodeType } from './define-node-type';
import { field } from './fields';

export const setHeader = defineNodeType({
  type: 'set-header',
  title: 'Set header',
  category: 'routing',
  help: 'Sets (replaces) or adds a header on the request that the next Relay or Fork sends.',
  ports: { next: 'The header is set.' },
  params: {
    name: field.text({ label: 'Header name', placeholder: 'X-Tenant', maxLength: 128 }),
    value: field.cel({ label: 'Value (CEL)', returns: 'string', help: 'e.g. vars.tenant or "gold"' }),
    mode: field.enum({ label: 'Mode', options: ['set', 'add'], default: 'set' }),
  },
  example: { name: 'X-Tenant', value: '"acme"', mode: 'set' },
  check: (p) => headerNameIssues(p.name),
});

const TOKEN_RE = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
/** Headers the proxy owns (RFC 3261 §16.6); the SIP stack refuses edits to them. */
export const PROXY_HEADERS = [
  'via',
  'route',
  'record-route',
  'cseq',
  'call-id',
  'max-forwards',
  'content-length',
  'v',
  'i',
  'l',
];

export function headerNameIssues(name: string): Array<{ field: string; message: string }> {
  if (!TOKEN_RE.test(name)) return [{ field: 'name', message: `"${name}" is not a header name` }];
  if (PROXY_HEADERS.includes(name.toLowerCase()))
    return [{ field: 'name', message: `${name} belongs to the proxy and cannot be changed` }];
  return [];
}
