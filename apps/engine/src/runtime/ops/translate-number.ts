import { translateNumber } from '@patchbay/shared/nodes';
import { defineOp } from '../define-op';
import { parseUriLite } from '../call-context';

export const translateNumberOp = defineOp(translateNumber, (params, link) => {
  const rules = params.rules.map((r) => ({ re: new RegExp(r.match), replace: r.replace, match: r.match }));
  const noMatchEdge = link.hasEdge('no-match');
  return (call) => {
    const uri = call.uri;
    const user = parseUriLite(uri).user ?? '';
    call.note('number', user);
    const rule = rules.find((r) => r.re.test(user));
    if (!rule) {
      call.note('rule', null);
      return noMatchEdge ? 'no-match' : 'next';
    }
    const translated = user.replace(rule.re, rule.replace);
    call.note('rule', rule.match);
    call.note('translated', translated);
    if (translated !== user) call.setUri(replaceUser(uri, user, translated));
    if (params.variable !== '') call.setVar(params.variable, translated);
    return 'next';
  };
});

/** The URI with its user part replaced (sip:0612@h → sip:+31612@h). */
function replaceUser(uri: string, user: string, next: string): string {
  const colon = uri.indexOf(':');
  const scheme = uri.slice(0, colon + 1);
  const rest = uri.slice(colon + 1);
  if (user !== '' && rest.startsWith(user)) return scheme + next + rest.slice(user.length);
  return `${scheme}${next}@${rest}`;
}
