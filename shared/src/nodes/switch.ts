import { defineNodeType } from './define-node-type';
import { field } from './fields';

export const switchNode = defineNodeType({
  type: 'switch',
  title: 'Switch',
  category: 'routing',
  help:
    'Evaluates a CEL expression and leaves by the first case whose value equals it (compared as text), ' +
    'or by "default". Each case is a port of its own.',
  ports: { default: 'No case matched.' },
  requiredPorts: ['default'],
  dynamicPorts: { field: 'cases', column: 'port' },
  params: {
    value: field.cel({ label: 'Value (CEL)', returns: 'any', help: 'e.g. request.headers["x-tenant"][0]' }),
    cases: field.rules({
      label: 'Cases',
      minRows: 1,
      columns: {
        port: { label: 'Port', kind: 'port' },
        equals: { label: 'Equals', kind: 'text', optional: true },
      },
    }),
  },
  example: {
    value: 'request.method',
    cases: [
      { port: 'invite', equals: 'INVITE' },
      { port: 'message', equals: 'MESSAGE' },
    ],
  },
  check: (p) => duplicatePorts(p.cases, 'cases', ['default']),
});

export function duplicatePorts(
  rows: ReadonlyArray<{ readonly port: string }>,
  fieldName: string,
  reserved: readonly string[],
): Array<{ field: string; message: string }> {
  const seen = new Set(reserved);
  const out: Array<{ field: string; message: string }> = [];
  rows.forEach((r, i) => {
    if (seen.has(r.port))
      out.push({ field: `${fieldName}[${i}].port`, message: `port "${r.port}" is used twice` });
    seen.add(r.port);
  });
  return out;
}
