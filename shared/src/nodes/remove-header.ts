import { defineNodeType } from './define-node-type';
import { field } from './fields';
import { headerNameIssues } from './set-header';

export const removeHeader = defineNodeType({
  type: 'remove-header',
  title: 'Remove header',
  category: 'routing',
  help: 'Removes every value of a header from the request that the next Relay or Fork sends.',
  ports: { next: 'The header is gone (or was not there).' },
  params: {
    name: field.text({ label: 'Header name', placeholder: 'P-Asserted-Identity', maxLength: 128 }),
  },
  example: { name: 'X-Internal' },
  check: (p) => headerNameIssues(p.name),
});
