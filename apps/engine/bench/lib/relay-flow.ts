// The benchmark's flow: Start → Relay to the SIPp UAS, nothing else, at the given trace level
// (full is every flow's default).
export function relayFlow(uasPort: number, traceLevel: 'full' | 'off'): Record<string, unknown> {
  return {
    schema: 1,
    id: 'bench-relay',
    name: 'Benchmark relay',
    settings: { traceLevel },
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, params: { methods: ['INVITE'] } },
      {
        id: 'relay',
        type: 'relay',
        position: { x: 240, y: 0 },
        params: { target: `sip:callee@127.0.0.1:${uasPort}` },
      },
    ],
    edges: [{ id: 'e1', source: 'start', port: 'next', target: 'relay' }],
  };
}
