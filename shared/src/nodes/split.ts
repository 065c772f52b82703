import { defineNodeType } from './define-node-type';
import { field } from './fields';
import { duplicatePorts } from './switch';

export const split = defineNodeType({
  type: 'split',
  title: 'Split',
  category: 'routing',
  help: 'Sends each call at random by one of its ports, in the given percentages (they add up to 100).',
  ports: {},
  dynamicPorts: { field: 'shares', column: 'port' },
  params: {
    shares: field.rules({
      label: 'Shares',
      minRows: 2,
      columns: {
        port: { label: 'Port', kind: 'port' },
        percent: { label: 'Percent', kind: 'number', min: 0, max: 100 },
      },
    }),
  },
  example: {
    shares: [
      { port: 'a', percent: 90 },
      { port: 'b', percent: 10 },
    ],
  },
  check: (p) => {
    const out = duplicatePorts(p.shares, 'shares', []);
    const total = p.shares.reduce((s, r) => s + r.percent, 0);
    if (Math.abs(total - 100) > 1e-9)
      out.push({ field: 'shares', message: `the percentages add up to ${total}, not 100` });
    return out;
  },
});
