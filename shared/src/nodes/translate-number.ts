import { defineNodeType } from './define-node-type';
import { field } from './fields';

export const translateNumber = defineNodeType({
  type: 'translate-number',
  title: 'Translate number',
  category: 'routing',
  help:
    'Rewrites the user part of the Request-URI by the first rule whose regular expression matches it ' +
    '(JavaScript syntax; $1 … in the replacement), e.g. national 0612345678 → E.164 +31612345678.',
  ports: {
    next: 'A rule matched and the number is rewritten (or no rule matched and "no-match" has no edge).',
    'no-match': 'No rule matched; the number is unchanged.',
  },
  params: {
    rules: field.rules({
      label: 'Rules',
      minRows: 1,
      columns: {
        match: { label: 'Match (regex)', kind: 'regex' },
        replace: { label: 'Replace with', kind: 'text', optional: true },
      },
    }),
    variable: field.text({
      label: 'Also store in variable',
      help: 'Optional: the translated number also goes to vars.NAME.',
      default: '',
      maxLength: 64,
    }),
  },
  example: {
    rules: [
      { match: '^0([1-9][0-9]{8})$', replace: '+31$1' },
      { match: '^00([1-9][0-9]+)$', replace: '+$1' },
    ],
    variable: '',
  },
});
