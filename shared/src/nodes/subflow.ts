import { defineNodeType } from './define-node-type';
import { field } from './fields';

export const subflow = defineNodeType({
  type: 'subflow',
  title: 'Subflow',
  category: 'routing',
  help:
    'Runs the live version of another deployed flow (from the node after its Start) for this call, with the same ' +
    'variables, then continues by what it did.',
  ports: {
    next: 'The subflow ended without a final response to the caller.',
    answered: 'The subflow got the call answered (2xx).',
    rejected: 'The subflow sent a failure response to the caller.',
    missing: 'No flow with that id is deployed.',
  },
  params: {
    flowId: field.text({ label: 'Flow id', maxLength: 64 }),
  },
  example: { flowId: 'common-checks' },
});
