// `patchbay trace CALL-ID`: the nodes a call went through and its SIP messages.
import type { CallDetailResponse } from '@patchbay/shared/api';
import { apiCall } from './api-client';
import { parseClientArgs, UsageError } from './cli-args';

export async function traceCommand(argv: string[]): Promise<number> {
  const args = parseClientArgs(argv, { full: { type: 'boolean' } });
  const [callId] = args.positionals;
  if (!callId) throw new UsageError('trace takes a CALL-ID');
  const d = await apiCall<CallDetailResponse>(args.api, 'GET', `/api/calls/${encodeURIComponent(callId)}`);
  if (args.json) {
    process.stdout.write(JSON.stringify(d) + '\n');
    return 0;
  }
  const c = d.call;
  const out: string[] = [
    `Call ${c.callId}  ${c.method}  ${c.from} → ${c.to}`,
    `  flow ${c.flowId ?? '-'}${c.version === null ? '' : ` v${c.version}`}  status ${c.status}${c.finalCode === null ? '' : ` ${c.finalCode}`}`,
    '',
    'Steps:',
    ...d.steps.map(
      (s) =>
        `  ${String(s.seq).padStart(3)}  ${s.nodeId.padEnd(16)} → ${(s.port ?? '(end)').padEnd(10)} ${String(s.durationUs).padStart(8)} µs  ${JSON.stringify(s.detail)}${s.error ? `  ERROR ${s.error}` : ''}`,
    ),
    '',
    'SIP messages:',
    ...d.messages.map(
      (m) => `  ${m.at}  ${m.direction === 'in' ? '<-' : '->'} ${m.peer.padEnd(24)} ${m.summary}`,
    ),
  ];
  if (args.values['full'])
    for (const m of d.messages) out.push('', `--- ${m.direction} ${m.peer} ${m.at}`, m.text);
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
