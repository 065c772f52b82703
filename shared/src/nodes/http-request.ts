import { defineNodeType } from './define-node-type';
import { field } from './fields';
import { VAR_NAME_RE } from './set-variable';

export const httpRequest = defineNodeType({
  type: 'http-request',
  title: 'HTTP request',
  category: 'routing',
  help:
    'Calls an outside service with the call as JSON (method, URIs, From/To, source, variables) and waits for it; ' +
    'fields of its JSON answer become variables. This is how an outside application takes part in routing.',
  ports: {
    ok: 'A 2xx answer came back (its fields are in the variables).',
    error: 'A non-2xx answer, an answer that is not JSON when fields are mapped, or a network error.',
    timeout: 'No answer in time.',
  },
  params: {
    method: field.enum({ label: 'Method', options: ['POST', 'GET', 'PUT'], default: 'POST' }),
    url: field.cel({
      label: 'URL (CEL)',
      returns: 'string',
      help: 'e.g. "https://routing.example.net/route?to=" + request.uri.user',
    }),
    headers: field.keyValue({
      label: 'Headers',
      keyLabel: 'Header',
      valueLabel: 'Value',
      keyKind: 'header',
      valueKind: 'text',
      default: [],
    }),
    timeoutMs: field.number({ label: 'Timeout (ms)', min: 50, max: 60000, integer: true, default: 2000 }),
    map: field.keyValue({
      label: 'Answer → variables',
      help: 'Variable name ← path in the JSON answer, e.g. target ← route.uri (empty path: the whole answer).',
      keyLabel: 'Variable',
      valueLabel: 'JSON path',
      valueKind: 'text',
      default: [],
    }),
  },
  example: {
    method: 'POST',
    url: '"http://127.0.0.1:9000/route"',
    headers: [],
    timeoutMs: 2000,
    map: [{ key: 'target', value: 'target' }],
  },
  check: (p) =>
    p.map.flatMap((m, i) =>
      VAR_NAME_RE.test(m.key)
        ? []
        : [{ field: `map[${i}].key`, message: `"${m.key}" is not a variable name` }],
    ),
});
