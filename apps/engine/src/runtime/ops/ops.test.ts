// Each node type's op, run through the real runtime (compile → link → run) against a real parsed
// request and a ProxiedRequest that records what was asked of it.
import { describe, expect, it } from 'vitest';
import type { RelayOutcome } from '../../sip/sip-stack-types';
import type { HttpClient, HttpResult } from '../http-client';
import {
  INVITE,
  deployed,
  detailOf,
  flow,
  recordingRequest,
  settle,
  sipView,
  stepsOf,
} from '../runtime-test-kit';

const ok: RelayOutcome = { kind: 'response', status: 200, reason: 'OK' };
const reply = (status: number, reason = 'x'): RelayOutcome => ({ kind: 'response', status, reason });

async function run(
  nodes: Parameters<typeof flow>[0],
  edges: Parameters<typeof flow>[1],
  outcomes: RelayOutcome[] = [ok],
  options: Parameters<typeof deployed>[1] = {},
) {
  const { runtime, events } = deployed([flow(nodes, edges)], options);
  const { proxied, rec } = recordingRequest(sipView(), outcomes);
  runtime.handleRequest(proxied);
  await settle();
  return { rec, events, steps: stepsOf(events) };
}

describe('relay ports', () => {
  const allPorts: Array<[string, string, string]> = [
    ['start', 'next', 'r'],
    ['r', 'busy', 'busy'],
    ['r', 'no-answer', 'na'],
    ['r', 'rejected', 'rej'],
    ['r', 'unreachable', 'unr'],
  ];
  const ends: Array<[string, string, Record<string, unknown>]> = [
    ['busy', 'respond', { code: 486, reason: 'B' }],
    ['na', 'respond', { code: 480, reason: 'NA' }],
    ['rej', 'respond', { code: 403, reason: 'R' }],
    ['unr', 'respond', { code: 480, reason: 'U' }],
  ];
  it.each<[string, RelayOutcome, string]>([
    ['200', ok, 'answered'],
    ['486', reply(486), 'busy'],
    ['600', reply(600), 'busy'],
    ['408', reply(408), 'no-answer'],
    ['480', reply(480), 'no-answer'],
    ['ring timeout', { kind: 'timeout', cause: 'ring' }, 'no-answer'],
    ['silence', { kind: 'timeout', cause: 'no-response' }, 'unreachable'],
    ['transport error', { kind: 'transport-error', reason: 'ECONNREFUSED' }, 'unreachable'],
    ['404', reply(404), 'rejected'],
    ['503 from downstream', reply(503), 'rejected'],
  ])('%s leaves by %s', async (_n, outcome, port) => {
    const { steps } = await run([['r', 'relay', { target: 'sip:pbx@10.0.0.1' }], ...ends], allPorts, [
      outcome,
    ]);
    expect(steps[1]).toBe(`r:${port}`);
  });

  it('takes "failed" for a failure whose own port has no edge', async () => {
    const { steps, rec } = await run(
      [
        ['r', 'relay', { target: 'sip:pbx@10.0.0.1' }],
        ['vm', 'respond', { code: 480, reason: 'VM' }],
        ['f', 'respond', { code: 503, reason: 'F' }],
      ],
      [
        ['start', 'next', 'r'],
        ['r', 'busy', 'vm'],
        ['r', 'failed', 'f'],
      ],
      [reply(404)],
    );
    expect(steps).toEqual(['start:next', 'r:failed', 'f:null']);
    expect(rec.responses.map((r) => r.status)).toEqual([503]);
  });

  it('sends the best response upstream when no failure port has an edge', async () => {
    const { steps, rec } = await run(
      [['r', 'relay', { target: 'sip:pbx@10.0.0.1' }]],
      [['start', 'next', 'r']],
      [reply(486)],
    );
    expect(steps).toEqual(['start:next', 'r:busy']);
    expect(rec.bestSent).toBe(1);
  });

  it('relays to the (rewritten) Request-URI when it has no target', async () => {
    const { rec } = await run(
      [
        ['rw', 'rewrite-uri', { uri: '"sip:" + request.uri.user + "@gw.example.net"' }],
        ['r', 'relay', {}],
      ],
      [
        ['start', 'next', 'rw'],
        ['rw', 'next', 'r'],
      ],
    );
    expect(rec.relays[0]?.target).toBe('sip:0612345678@gw.example.net');
    expect(rec.edits).toEqual(['uri sip:0612345678@gw.example.net']);
  });
});

describe('fork', () => {
  it('passes targets and mode, and leaves by the same ports as relay', async () => {
    const { rec, steps } = await run(
      [
        [
          'fk',
          'fork',
          { targets: ['sip:a@h1', 'sip:b@h2'], mode: 'serial', timeoutSec: 30, perTargetTimeoutSec: 10 },
        ],
        ['b', 'respond', { code: 486, reason: 'B' }],
      ],
      [
        ['start', 'next', 'fk'],
        ['fk', 'busy', 'b'],
      ],
      [reply(600)],
    );
    expect(rec.relays[0]).toMatchObject({
      targets: ['sip:a@h1', 'sip:b@h2'],
      options: { mode: 'serial', timeoutMs: 30_000, perTargetTimeoutMs: 10_000 },
    });
    expect(steps).toEqual(['start:next', 'fk:busy', 'b:null']);
  });
});

describe('condition and switch', () => {
  it('condition leaves by true/false', async () => {
    for (const [expr, port] of [
      ['request.uri.user.startsWith("06")', 'true'],
      ['source.transport == "tcp"', 'false'],
    ] as const) {
      const { steps } = await run(
        [
          ['c', 'condition', { expression: expr }],
          ['t', 'respond', { code: 403, reason: 'T' }],
          ['f', 'respond', { code: 404, reason: 'F' }],
        ],
        [
          ['start', 'next', 'c'],
          ['c', 'true', 't'],
          ['c', 'false', 'f'],
        ],
      );
      expect(steps[1]).toBe(`c:${port}`);
    }
  });

  it('switch takes the named case, else default', async () => {
    const cases = [
      { port: 'acme', equals: 'acme' },
      { port: 'other', equals: 'globex' },
    ];
    for (const [value, port] of [
      ['request.headers["x-tenant"][0]', 'acme'],
      ['"nobody"', 'default'],
    ] as const) {
      const { steps } = await run(
        [
          ['s', 'switch', { value, cases }],
          ['a', 'respond', { code: 403, reason: 'A' }],
          ['o', 'respond', { code: 404, reason: 'O' }],
          ['d', 'respond', { code: 480, reason: 'D' }],
        ],
        [
          ['start', 'next', 's'],
          ['s', 'acme', 'a'],
          ['s', 'other', 'o'],
          ['s', 'default', 'd'],
        ],
      );
      expect(steps[1]).toBe(`s:${port}`);
    }
  });
});

describe('variables, log and headers', () => {
  it('set-variable, set-header, remove-header and log record what they changed', async () => {
    const { rec, events } = await run(
      [
        [
          'v',
          'set-variable',
          {
            assignments: [
              { key: 'tenant', value: 'request.headers["x-tenant"][0]' },
              { key: 'n', value: '1 + 1' },
            ],
          },
        ],
        ['h', 'set-header', { name: 'X-Route', value: '"t-" + vars.tenant', mode: 'set' }],
        ['x', 'remove-header', { name: 'X-Tenant' }],
        ['l', 'log', { message: '"tenant " + vars.tenant', level: 'info' }],
        ['r', 'relay', { target: 'sip:pbx@10.0.0.1' }],
      ],
      [
        ['start', 'next', 'v'],
        ['v', 'next', 'h'],
        ['h', 'next', 'x'],
        ['x', 'next', 'l'],
        ['l', 'next', 'r'],
      ],
    );
    expect(rec.edits).toEqual(['set X-Route: t-acme', 'remove X-Tenant']);
    expect(detailOf(events, 'v')).toMatchObject({
      set: { tenant: 'acme', n: 2 },
      changes: [
        { what: 'var', name: 'tenant', before: null, after: 'acme' },
        { what: 'var', name: 'n', before: null, after: 2 },
      ],
    });
    expect(detailOf(events, 'x')['changes']).toEqual([
      { what: 'header', name: 'X-Tenant', before: ['acme'], after: [] },
    ]);
    expect(detailOf(events, 'l')).toMatchObject({ message: 'tenant acme' });
  });

  it('an expression that fails at run time becomes a step error and a 500', async () => {
    const { rec, events } = await run(
      [
        ['c', 'condition', { expression: 'vars.missing == "x"' }],
        ['t', 'respond', {}],
        ['f', 'respond', {}],
      ],
      [
        ['start', 'next', 'c'],
        ['c', 'true', 't'],
        ['c', 'false', 'f'],
      ],
    );
    expect(rec.responses.map((r) => r.status)).toEqual([500]);
    expect(events.find((e) => e.kind === 'step' && e.nodeId === 'c')).toMatchObject({
      error: expect.stringContaining('missing'),
    });
  });
});

describe('translate-number', () => {
  const rules = [
    { match: '^0([1-9][0-9]{8})$', replace: '+31$1' },
    { match: '^00([1-9][0-9]+)$', replace: '+$1' },
  ];
  it('rewrites national to E.164 and stores it', async () => {
    const { rec, events } = await run(
      [
        ['t', 'translate-number', { rules, variable: 'e164' }],
        ['r', 'relay', {}],
      ],
      [
        ['start', 'next', 't'],
        ['t', 'next', 'r'],
      ],
    );
    expect(rec.edits).toEqual(['uri sip:+31612345678@pbx.example.net']);
    expect(rec.relays[0]?.target).toBe('sip:+31612345678@pbx.example.net');
    expect(detailOf(events, 't')).toMatchObject({ number: '0612345678', translated: '+31612345678' });
  });

  it('leaves by no-match when no rule matches (and that port has an edge)', async () => {
    const { steps } = await run(
      [
        ['t', 'translate-number', { rules: [{ match: '^9', replace: '' }] }],
        ['r', 'relay', {}],
        ['n', 'respond', { code: 404, reason: 'N' }],
      ],
      [
        ['start', 'next', 't'],
        ['t', 'next', 'r'],
        ['t', 'no-match', 'n'],
      ],
    );
    expect(steps).toEqual(['start:next', 't:no-match', 'n:null']);
  });
});

describe('respond and redirect', () => {
  it('respond adds its extra headers; redirect sends Contacts in order', async () => {
    const a = await run(
      [['x', 'respond', { code: 503, reason: 'Later', headers: [{ key: 'Retry-After', value: '60' }] }]],
      [['start', 'next', 'x']],
    );
    expect(a.rec.responses).toEqual([{ status: 503, reason: 'Later', headers: [['Retry-After', '60']] }]);
    const b = await run(
      [['x', 'redirect', { contacts: ['sip:a@h1', 'sip:b@h2'] }]],
      [['start', 'next', 'x']],
    );
    expect(b.rec.responses).toEqual([
      {
        status: 302,
        reason: 'Moved Temporarily',
        headers: [
          ['Contact', '<sip:a@h1>;q=1.00'],
          ['Contact', '<sip:b@h2>;q=0.50'],
        ],
      },
    ]);
  });
});

describe('time-of-day and split', () => {
  const rules = [
    { port: 'holiday', days: '', from: '', to: '', dates: '12-25' },
    { port: 'open', days: 'mon-fri', from: '08:30', to: '17:30', dates: '' },
  ];
  const nodes: Parameters<typeof flow>[0] = [
    ['t', 'time-of-day', { timeZone: 'Europe/Amsterdam', rules }],
    ['o', 'respond', { code: 480, reason: 'O' }],
    ['h', 'respond', { code: 480, reason: 'H' }],
    ['c', 'respond', { code: 480, reason: 'C' }],
  ];
  const edges: Parameters<typeof flow>[1] = [
    ['start', 'next', 't'],
    ['t', 'open', 'o'],
    ['t', 'holiday', 'h'],
    ['t', 'otherwise', 'c'],
  ];
  it.each([
    ['2026-11-27T08:00:00Z', 'open'], // Friday 09:00 in Amsterdam
    ['2026-11-27T16:45:00Z', 'otherwise'], // Friday 17:45
    ['2026-11-28T10:00:00Z', 'otherwise'], // Saturday
    ['2026-12-25T10:00:00Z', 'holiday'], // Friday, but Christmas
    ['2026-11-30T07:29:00Z', 'otherwise'], // Monday 08:29
    ['2026-11-30T07:30:00Z', 'open'], // Monday 08:30
  ])('%s → %s', async (at, port) => {
    const { steps } = await run(nodes, edges, [ok], { now: () => new Date(at) });
    expect(steps[1]).toBe(`t:${port}`);
  });

  it('split follows the percentages', async () => {
    for (const [roll, port] of [
      [0.1, 'a'],
      [0.89, 'a'],
      [0.95, 'b'],
    ] as const) {
      const { steps } = await run(
        [
          [
            's',
            'split',
            {
              shares: [
                { port: 'a', percent: 90 },
                { port: 'b', percent: 10 },
              ],
            },
          ],
          ['a', 'respond', {}],
          ['b', 'respond', {}],
        ],
        [
          ['start', 'next', 's'],
          ['s', 'a', 'a'],
          ['s', 'b', 'b'],
        ],
        [ok],
        { random: () => roll },
      );
      expect(steps[1]).toBe(`s:${port}`);
    }
  });
});

describe('sdp-codecs', () => {
  it('keeps only the named codecs and records SDP before/after', async () => {
    const { rec, events } = await run(
      [
        ['s', 'sdp-codecs', { mode: 'keep', codecs: ['pcma', 'telephone-event'] }],
        ['r', 'relay', { target: 'sip:pbx@10.0.0.1' }],
      ],
      [
        ['start', 'next', 's'],
        ['s', 'next', 'r'],
      ],
    );
    const body = rec.edits[0] ?? '';
    expect(body).toMatch(/^body application\/sdp /);
    expect(body).toContain('m=audio 4000 RTP/AVP 8 101');
    expect(body).not.toContain('PCMU');
    expect(body).toContain('a=fmtp:101 0-15');
    expect(detailOf(events, 's')['removed']).toEqual(['PCMU', 'G722']);
    expect((detailOf(events, 's')['changes'] as Array<{ what: string }>)[0]?.what).toBe('sdp');
  });

  it('leaves the offer alone when no audio codec would be left', async () => {
    const { rec, steps } = await run(
      [
        ['s', 'sdp-codecs', { mode: 'remove', codecs: ['PCMU', 'PCMA', 'G722'] }],
        ['r', 'relay', { target: 'sip:pbx@10.0.0.1' }],
        ['x', 'respond', { code: 488, reason: 'Not Acceptable Here' }],
      ],
      [
        ['start', 'next', 's'],
        ['s', 'next', 'r'],
        ['s', 'no-codec', 'x'],
      ],
    );
    expect(steps).toEqual(['start:next', 's:no-codec', 'x:null']);
    expect(rec.edits).toEqual([]);
  });
});

describe('http-request', () => {
  const client = (result: HttpResult, seen: unknown[] = []): HttpClient => ({
    request: (call) => {
      seen.push(call);
      return Promise.resolve(result);
    },
  });
  const nodes: Parameters<typeof flow>[0] = [
    [
      'h',
      'http-request',
      {
        url: '"http://svc/route?to=" + request.uri.user',
        map: [
          { key: 'target', value: 'route.uri' },
          { key: 'n', value: 'n' },
        ],
      },
    ],
    ['r', 'relay', {}],
    ['e', 'respond', { code: 503, reason: 'E' }],
    ['t', 'respond', { code: 504, reason: 'T' }],
  ];
  const edges: Parameters<typeof flow>[1] = [
    ['start', 'next', 'h'],
    ['h', 'ok', 'r'],
    ['h', 'error', 'e'],
    ['h', 'timeout', 't'],
  ];
  it('posts the call as JSON and maps answer fields into variables', async () => {
    const seen: Array<{ url: string; body: string; method: string }> = [];
    const { steps, events } = await run(nodes, edges, [ok], {
      http: client({ kind: 'ok', status: 200, body: { route: { uri: 'sip:x@y' }, n: 3 }, text: '' }, seen),
    });
    expect(steps[1]).toBe('h:ok');
    expect(seen[0]?.url).toBe('http://svc/route?to=0612345678');
    expect(seen[0]?.method).toBe('POST');
    expect(JSON.parse(seen[0]?.body ?? '{}')).toMatchObject({
      method: 'INVITE',
      uri: 'sip:0612345678@pbx.example.net',
    });
    expect(detailOf(events, 'h')['changes']).toEqual([
      { what: 'var', name: 'target', before: null, after: 'sip:x@y' },
      { what: 'var', name: 'n', before: null, after: 3 },
    ]);
  });
  it.each<[HttpResult, string]>([
    [{ kind: 'error', reason: 'HTTP 500', status: 500 }, 'error'],
    [{ kind: 'timeout' }, 'timeout'],
    [{ kind: 'ok', status: 200, body: undefined, text: 'not json' }, 'error'],
  ])('%o → %s', async (result, port) => {
    const { steps } = await run(nodes, edges, [ok], { http: client(result) });
    expect(steps[1]).toBe(`h:${port}`);
  });
});

describe('subflow', () => {
  it('runs the other flow and continues by its outcome', async () => {
    const common = flow(
      [
        ['c', 'condition', { expression: 'request.headers["x-tenant"][0] == "blocked"' }],
        ['deny', 'respond', { code: 403, reason: 'Forbidden' }],
        ['ok', 'set-variable', { assignments: [{ key: 'checked', value: 'true' }] }],
      ],
      [
        ['start', 'next', 'c'],
        ['c', 'true', 'deny'],
        ['c', 'false', 'ok'],
      ],
      'common',
    );
    common.nodes[0]!.params = { methods: ['OPTIONS'] };
    // "ok" ends without a response: allowed in a non-INVITE flow (warning only).
    const main = flow(
      [
        ['sub', 'subflow', { flowId: 'common' }],
        ['r', 'relay', { target: 'sip:pbx@10.0.0.1' }],
        ['m', 'respond', { code: 500, reason: 'M' }],
      ],
      [
        ['start', 'next', 'sub'],
        ['sub', 'next', 'r'],
        ['sub', 'missing', 'm'],
      ],
      'main',
    );
    const { runtime, events } = deployed([common, main]);
    const { proxied, rec } = recordingRequest(sipView());
    runtime.handleRequest(proxied);
    await settle();
    expect(stepsOf(events)).toEqual([
      'start:next',
      'common/c:false',
      'common/ok:next',
      'sub:next',
      'r:answered',
    ]);
    expect(rec.relays).toHaveLength(1);
  });
});

describe('start matching and many flows', () => {
  it('picks the highest priority flow that matches; unmatched get the default response', async () => {
    const a = flow([['x', 'respond', { code: 403, reason: 'A' }]], [['start', 'next', 'x']], 'a');
    a.nodes[0]!.params = { userMatch: 'prefix', user: '06', priority: 10 };
    const b = flow([['x', 'respond', { code: 404, reason: 'B' }]], [['start', 'next', 'x']], 'b');
    b.nodes[0]!.params = { domainMatch: 'exact', domain: 'PBX.example.net' };
    const c = flow([['x', 'respond', { code: 480, reason: 'C' }]], [['start', 'next', 'x']], 'c');
    c.nodes[0]!.params = { sources: ['192.168.0.0/16'], priority: 20 };
    const { runtime } = deployed([a, b, c], { defaultResponse: { status: 480, reason: 'Nobody' } });
    const hit = async (text: string, address = '10.0.0.9') => {
      const { proxied, rec } = recordingRequest(sipView(text), [ok], {
        transport: 'udp',
        address,
        port: 5060,
      });
      runtime.handleRequest(proxied);
      await settle();
      return rec.responses[0]?.reason;
    };
    expect(await hit(INVITE)).toBe('A');
    expect(await hit(INVITE, '192.168.1.5')).toBe('C');
    expect(await hit(INVITE.replace(/0612345678@/g, 'bob@'))).toBe('B');
    expect(await hit(INVITE.replace(/0612345678@pbx/g, 'bob@other'))).toBe('Nobody');
  });
});

describe('trace levels', () => {
  const doc = (settings: Parameters<typeof flow>[3]) =>
    flow([['x', 'respond', { code: 486, reason: 'B' }]], [['start', 'next', 'x']], 'f', settings);
  it.each([
    [{ traceLevel: 'off' as const }, 0, true],
    [{ traceLevel: 'errors' as const }, 0, true],
    [{ traceLevel: 'full' as const }, 2, false],
    [{ traceLevel: 'sampled' as const, samplePercent: 50 }, 2, false],
  ])('%o keeps %i steps', async (settings, count, discarded) => {
    const { runtime, events } = deployed([doc(settings)], { random: () => 0.3 });
    const { proxied } = recordingRequest(sipView());
    runtime.handleRequest(proxied);
    await settle();
    expect(events.filter((e) => e.kind === 'step')).toHaveLength(count);
    expect(events.some((e) => e.kind === 'call-discard')).toBe(discarded);
  });

  it('errors-only keeps the steps of a call that hit an error', async () => {
    const d = flow(
      [
        ['c', 'condition', { expression: 'vars.nope' }],
        ['t', 'respond', {}],
        ['f', 'respond', {}],
      ],
      [
        ['start', 'next', 'c'],
        ['c', 'true', 't'],
        ['c', 'false', 'f'],
      ],
      'f',
      { traceLevel: 'errors' },
    );
    const { runtime, events } = deployed([d]);
    const { proxied } = recordingRequest(sipView());
    runtime.handleRequest(proxied);
    await settle();
    expect(stepsOf(events)).toEqual(['start:next', 'c:null']);
    expect(events.some((e) => e.kind === 'call-discard')).toBe(false);
  });
});
