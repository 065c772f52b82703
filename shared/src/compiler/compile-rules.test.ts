// The compile rules beyond the structural ones of compile-flow.test.ts: expressions, node
// checks, author-named ports, loops and paths that end without a response.
import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '../flow/flow-document';
import { compileFlow } from './compile-flow';
import { matchKey } from '../program/route-program';
import officeHours from './fixtures/office-hours.flow.json';

type N = [string, string, Record<string, unknown>?];
function doc(nodes: N[], edges: Array<[string, string, string]>, methods = ['INVITE']): FlowDocument {
  return {
    schema: 1,
    id: 'f',
    name: 'f',
    nodes: [['start', 'start', { methods }] as N, ...nodes].map(([id, type, params = {}]) => ({
      id,
      type,
      position: { x: 0, y: 0 },
      params,
    })),
    edges: edges.map(([source, port, target], i) => ({ id: `e${i}`, source, port, target })),
  };
}
const issues = (d: FlowDocument) =>
  compileFlow(d).issues.map(({ code, nodeId, field, severity }) => ({ code, nodeId, field, severity }));

describe('compile rules', () => {
  it('compiles the office-hours fixture without any issue', () => {
    const r = compileFlow(officeHours);
    expect(r.issues).toEqual([]);
    expect(r.ok && Object.keys(r.program.nodes['hours']?.next ?? {})).toEqual(['open', 'otherwise']);
  });

  it('names node and field of CEL syntax and type errors, all at once', () => {
    const d = doc(
      [
        ['c', 'condition', { expression: 'request.method ==' }],
        ['h', 'set-header', { name: 'X-A', value: 'request.uri.port' }],
        ['v', 'set-variable', { assignments: [{ key: 'a', value: 'nosuch + 1' }] }],
        ['r', 'relay', { target: 'sip:a@b' }],
      ],
      [
        ['start', 'next', 'c'],
        ['c', 'true', 'h'],
        ['c', 'false', 'v'],
        ['h', 'next', 'r'],
        ['v', 'next', 'r'],
      ],
    );
    expect(issues(d)).toEqual([
      { code: 'EXPR_SYNTAX', nodeId: 'c', field: 'expression', severity: 'error' },
      { code: 'EXPR_TYPE', nodeId: 'h', field: 'value', severity: 'error' },
      { code: 'EXPR_TYPE', nodeId: 'v', field: 'assignments[0].value', severity: 'error' },
    ]);
  });

  it("runs node checks: split must add up, ports unique, headers not the proxy's, time zone known", () => {
    const d = doc(
      [
        [
          's',
          'split',
          {
            shares: [
              { port: 'a', percent: 50 },
              { port: 'a', percent: 20 },
            ],
          },
        ],
        ['h', 'set-header', { name: 'Via', value: '"x"' }],
        [
          't',
          'time-of-day',
          { timeZone: 'Mars/Base', rules: [{ port: 'open', days: 'mon-fry', from: '25:00' }] },
        ],
        ['r', 'relay', {}],
      ],
      [
        ['start', 'next', 's'],
        ['s', 'a', 'h'],
        ['h', 'next', 't'],
        ['t', 'open', 'r'],
        ['t', 'otherwise', 'r'],
      ],
    );
    expect(issues(d).filter((i) => i.severity === 'error')).toEqual([
      { code: 'PARAM_INVALID', nodeId: 's', field: 'shares[1].port', severity: 'error' },
      { code: 'PARAM_INVALID', nodeId: 's', field: 'shares', severity: 'error' },
      { code: 'PARAM_INVALID', nodeId: 'h', field: 'name', severity: 'error' },
      { code: 'PARAM_INVALID', nodeId: 't', field: 'timeZone', severity: 'error' },
      { code: 'PARAM_INVALID', nodeId: 't', field: 'rules[0].days', severity: 'error' },
      { code: 'PARAM_INVALID', nodeId: 't', field: 'rules[0].from', severity: 'error' },
    ]);
  });

  it('accepts edges from author-named ports and rejects others', () => {
    const d = doc(
      [
        ['s', 'switch', { value: 'request.method', cases: [{ port: 'inv', equals: 'INVITE' }] }],
        ['r', 'relay', {}],
      ],
      [
        ['start', 'next', 's'],
        ['s', 'inv', 'r'],
        ['s', 'default', 'r'],
        ['s', 'msg', 'r'],
      ],
    );
    expect(issues(d)).toEqual([
      { code: 'EDGE_PORT_UNKNOWN', nodeId: 's', field: 'ports.msg', severity: 'error' },
    ]);
  });

  it('finds a loop with nothing that waits in it', () => {
    const spin = doc(
      [
        ['a', 'set-variable', { assignments: [{ key: 'x', value: '1' }] }],
        ['b', 'condition', { expression: 'true' }],
        ['r', 'relay', {}],
      ],
      [
        ['start', 'next', 'a'],
        ['a', 'next', 'b'],
        ['b', 'true', 'a'],
        ['b', 'false', 'r'],
      ],
    );
    expect(issues(spin)).toEqual([
      { code: 'LOOP_WITHOUT_WAIT', nodeId: 'a', field: null, severity: 'error' },
    ]);
    // The same loop through a Relay is a retry loop: fine.
    const retry = doc(
      [
        ['r', 'relay', { target: 'sip:a@b' }],
        ['b', 'condition', { expression: 'true' }],
        ['x', 'respond', {}],
      ],
      [
        ['start', 'next', 'r'],
        ['r', 'failed', 'b'],
        ['b', 'true', 'r'],
        ['b', 'false', 'x'],
      ],
    );
    expect(issues(retry)).toEqual([]);
  });

  it('finds INVITE paths that end without a response or relay', () => {
    const d = doc(
      [
        ['c', 'condition', { expression: 'true' }],
        ['l', 'log', { message: '"x"' }],
        ['r', 'relay', {}],
        ['after', 'log', { message: '"answered"' }],
      ],
      [
        ['start', 'next', 'c'],
        ['c', 'true', 'l'],
        ['c', 'false', 'r'],
        ['r', 'answered', 'after'],
      ],
    );
    expect(issues(d)).toEqual([
      { code: 'PATH_WITHOUT_RESPONSE', nodeId: 'l', field: 'ports.next', severity: 'error' },
    ]);
    // Not an INVITE flow: a warning only (the runtime answers 500).
    const opt = doc([['l', 'log', { message: '"x"' }]], [['start', 'next', 'l']], ['OPTIONS']);
    expect(issues(opt)).toEqual([
      { code: 'PATH_WITHOUT_RESPONSE', nodeId: 'l', field: 'ports.next', severity: 'warning' },
    ]);
    expect(compileFlow(opt).ok).toBe(true);
  });

  it('puts the Start match and the trace level into the program', () => {
    const d = doc([['r', 'relay', {}]], [['start', 'next', 'r']]);
    d.nodes[0]!.params = {
      methods: ['invite'],
      userMatch: 'prefix',
      user: '+31',
      sources: ['10.0.0.0/8'],
      priority: 5,
    };
    d.settings = { traceLevel: 'sampled', samplePercent: 10 };
    const r = compileFlow(d);
    expect(r.ok && r.program.match).toEqual({
      methods: ['INVITE'],
      user: { mode: 'prefix', value: '+31' },
      sources: ['10.0.0.0/8'],
      priority: 5,
    });
    expect(r.ok && r.program.trace).toEqual({ level: 'sampled', samplePercent: 10 });
    expect(matchKey({ methods: ['INVITE'] })).toBe(matchKey({ methods: ['invite'], priority: 0 }));
    expect(matchKey({ methods: ['INVITE'] })).not.toBe(matchKey({ methods: ['INVITE'], priority: 1 }));
  });

  it('rejects a Start regex that does not compile and a match without its text', () => {
    const d = doc([['r', 'relay', {}]], [['start', 'next', 'r']]);
    d.nodes[0]!.params = { userMatch: 'regex', user: '([', domainMatch: 'exact' };
    expect(issues(d)).toEqual([
      { code: 'PARAM_INVALID', nodeId: 'start', field: 'user', severity: 'error' },
      { code: 'PARAM_INVALID', nodeId: 'start', field: 'domain', severity: 'error' },
    ]);
  });
});
