import { defineNodeType } from './define-node-type';
import { field } from './fields';
import { duplicatePorts } from './switch';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const TIME_RE = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;
const DATE_RE = /^(\d{4}-)?\d{2}-\d{2}$/;

export const timeOfDay = defineNodeType({
  type: 'time-of-day',
  title: 'Time of day',
  category: 'routing',
  help:
    'Leaves by the port of the first rule that matches the current time in the time zone (weekdays, hours, dates), ' +
    'or by "otherwise". Each rule names its port (e.g. open, holiday).',
  ports: { otherwise: 'No rule matched.' },
  requiredPorts: ['otherwise'],
  dynamicPorts: { field: 'rules', column: 'port' },
  params: {
    timeZone: field.text({ label: 'Time zone', help: 'IANA name, e.g. Europe/Amsterdam.', default: 'UTC' }),
    rules: field.rules({
      label: 'Rules',
      minRows: 1,
      columns: {
        port: { label: 'Port', kind: 'port' },
        days: { label: 'Days', kind: 'text', optional: true, help: 'mon-fri, sat,sun … (empty: every day)' },
        from: { label: 'From', kind: 'text', optional: true, help: 'HH:MM (empty: 00:00)' },
        to: { label: 'To', kind: 'text', optional: true, help: 'HH:MM, exclusive (empty: 24:00)' },
        dates: {
          label: 'Dates',
          kind: 'text',
          optional: true,
          help: 'YYYY-MM-DD or MM-DD, a range with "..", several with "," (empty: any date)',
        },
      },
    }),
  },
  example: {
    timeZone: 'Europe/Amsterdam',
    rules: [
      { port: 'holiday', days: '', from: '', to: '', dates: '12-25,12-26,01-01' },
      { port: 'open', days: 'mon-fri', from: '08:30', to: '17:30', dates: '' },
    ],
  },
  check: (p) => {
    const out = duplicatePorts(p.rules, 'rules', ['otherwise']);
    if (!validTimeZone(p.timeZone))
      out.push({ field: 'timeZone', message: `unknown time zone "${p.timeZone}"` });
    p.rules.forEach((r, i) => {
      if (parseDays(r.days) === undefined)
        out.push({ field: `rules[${i}].days`, message: `"${r.days}" is not a list of days such as mon-fri` });
      for (const k of ['from', 'to'] as const)
        if (r[k] !== '' && !TIME_RE.test(r[k]))
          out.push({ field: `rules[${i}].${k}`, message: `"${r[k]}" is not a time HH:MM` });
      if (parseDates(r.dates) === undefined)
        out.push({ field: `rules[${i}].dates`, message: `"${r.dates}" is not a list of dates` });
    });
    return out;
  },
});

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** "mon-fri,sun" → set of day numbers (0 = Sunday); '' → every day; undefined when invalid. */
export function parseDays(text: string): Set<number> | undefined {
  const out = new Set<number>();
  if (text.trim() === '') return new Set([0, 1, 2, 3, 4, 5, 6]);
  for (const part of text
    .toLowerCase()
    .split(',')
    .map((s) => s.trim())) {
    const [a, b] = part.split('-');
    const from = DAYS.indexOf(a as (typeof DAYS)[number]);
    const to = b === undefined ? from : DAYS.indexOf(b as (typeof DAYS)[number]);
    if (from < 0 || to < 0) return undefined;
    for (let d = from; ; d = (d + 1) % 7) {
      out.add(d);
      if (d === to) break;
    }
  }
  return out;
}

/** "2026-12-24..2026-12-26,01-01" → ranges of "MM-DD" or "YYYY-MM-DD"; undefined when invalid. */
export function parseDates(text: string): Array<[string, string]> | undefined {
  if (text.trim() === '') return [];
  const out: Array<[string, string]> = [];
  for (const part of text.split(',').map((s) => s.trim())) {
    const [a = '', b = a] = part.split('..').map((s) => s.trim());
    if (!DATE_RE.test(a) || !DATE_RE.test(b) || a.length !== b.length) return undefined;
    out.push([a, b]);
  }
  return out;
}
