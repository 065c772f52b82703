import { describe, expect, it } from 'vitest';
import { celToJson, compileExpr, emptyCelContext, jsonToCel, type CelContext } from './cel-env';

const ctx: CelContext = emptyCelContext({
  request: {
    ...emptyCelContext().request,
    method: 'INVITE',
    uriText: 'sip:0612345678@pbx.example.net;user=phone',
    uri: {
      scheme: 'sip',
      user: '0612345678',
      host: 'pbx.example.net',
      port: 5060n,
      params: { user: 'phone' },
    },
    headers: { 'x-tenant': ['acme'], 'user-agent': ['SIPp'] },
    from: {
      uri: 'sip:alice@a.example',
      user: 'alice',
      host: 'a.example',
      params: {},
      displayName: 'Alice',
      tag: 't1',
    },
    sdp: { present: true, codecs: ['PCMU', 'PCMA'], address: '10.0.0.9', media: ['audio'] },
  },
  source: { ip: '10.0.0.9', port: 5060n, transport: 'udp' },
  vars: { tries: 2n, vip: true },
  now: new Date('2026-11-27T08:00:00Z'),
});

describe('CEL expressions over the call context', () => {
  it.each<[string, unknown]>([
    ['request.method == "INVITE"', true],
    ['request.uri.user.startsWith("06")', true],
    ['request.uri.user.matches("^0[67][0-9]{8}$")', true],
    ['"+31" + request.uri.user.substring(1)', '+31612345678'],
    ['request.uri.user.replace("06", "+316")', '+31612345678'],
    ['"acme" in request.headers["x-tenant"]', true],
    ['"x-tenant" in request.headers', true],
    ['has(request.headers.nope)', false],
    ['request.uri.params["user"] == "phone"', true],
    ['request.uri.port == 5060', true],
    ['request.from.displayName.lowerAscii()', 'alice'],
    ['"PCMA" in request.sdp.codecs', true],
    ['size(request.sdp.codecs)', 2n],
    ['source.ip.startsWith("10.")', true],
    ['vars.tries + 1 > 2', true],
    ['vars.vip ? "gold" : "std"', 'gold'],
    ['now.getHours("Europe/Amsterdam")', 9n],
    ['now.getDayOfWeek("Europe/Amsterdam") == 5', true],
    ['response.status == 0', true],
  ])('%s → %o', (source, expected) => {
    const c = compileExpr(source);
    expect(c.ok, c.ok ? '' : c.message).toBe(true);
    if (c.ok) expect(c.evaluate(ctx)).toEqual(expected);
  });

  it.each<[string, 'bool' | 'string' | 'int' | 'any', string]>([
    ['request.method +', 'any', 'EXPR_SYNTAX'],
    ['request.method == "INVITE" &&', 'bool', 'EXPR_SYNTAX'],
    ['', 'bool', 'EXPR_SYNTAX'],
    ['request.method + 1', 'any', 'EXPR_TYPE'],
    ['request.method == 1', 'bool', 'EXPR_TYPE'],
    ['request.nope', 'any', 'EXPR_TYPE'],
    ['nosuch.thing', 'any', 'EXPR_TYPE'],
    ['request.method', 'bool', 'EXPR_TYPE'],
    ['request.uri.port', 'string', 'EXPR_TYPE'],
    ['request.uri.user.startsWith(1)', 'bool', 'EXPR_TYPE'],
  ])('%s (%s) is a compile error %s', (source, returns, code) => {
    const c = compileExpr(source, returns);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.code).toBe(code);
  });

  it('accepts dyn where a type is wanted and checks it when run', () => {
    const c = compileExpr('vars.vip', 'bool');
    expect(c.ok && c.evaluate(ctx)).toBe(true);
    const s = compileExpr('vars.tries', 'string');
    expect(s.ok).toBe(true);
    if (s.ok) expect(() => s.evaluate(ctx)).toThrow(/not string/);
  });

  it('converts between JSON and CEL values', () => {
    expect(jsonToCel({ n: 3, x: 1.5, l: [1] })).toEqual({ n: 3n, x: 1.5, l: [1n] });
    expect(celToJson({ n: 3n, d: new Date(0) })).toEqual({ n: 3, d: '1970-01-01T00:00:00.000Z' });
  });
});
