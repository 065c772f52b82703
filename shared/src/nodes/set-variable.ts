import { defineNodeType } from './define-node-type';
import { field } from './fields';

export const VAR_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const setVariable = defineNodeType({
  type: 'set-variable',
  title: 'Set variable',
  category: 'routing',
  help: 'Sets call variables from CEL expressions, in order; later nodes read them as vars.NAME.',
  ports: { next: 'The variables are set.' },
  params: {
    assignments: field.keyValue({
      label: 'Variables',
      keyLabel: 'Name',
      valueLabel: 'Value (CEL)',
      valueKind: 'cel',
      help: 'e.g. tenant ← request.headers["x-tenant"][0]',
    }),
  },
  example: { assignments: [{ key: 'tenant', value: 'request.to.host' }] },
  check: (p) =>
    p.assignments.flatMap((a, i) =>
      VAR_NAME_RE.test(a.key)
        ? []
        : [
            {
              field: `assignments[${i}].key`,
              message: `"${a.key}" is not a variable name (letters, digits, _)`,
            },
          ],
    ),
});
