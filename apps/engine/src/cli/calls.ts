// `patchbay calls`: recent calls, newest first.
import type { CallListResponse } from '@patchbay/shared/api';
import { apiCall } from './api-client';
import { parseClientArgs, UsageError } from './cli-args';
import { printTable } from './print-table';

export async function callsCommand(argv: string[]): Promise<number> {
  const args = parseClientArgs(argv, { limit: { type: 'string' }, flow: { type: 'string' } });
  const limit = Number(args.values['limit'] ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new UsageError('--limit takes a number from 1 to 500');
  const q = new URLSearchParams({ limit: String(limit) });
  if (typeof args.values['flow'] === 'string') q.set('flowId', args.values['flow']);
  const { calls } = await apiCall<CallListResponse>(args.api, 'GET', `/api/calls?${q}`);
  if (args.json) process.stdout.write(JSON.stringify(calls) + '\n');
  else if (calls.length === 0) process.stdout.write('No calls yet.\n');
  else
    printTable(
      ['STARTED', 'CALL-ID', 'METHOD', 'FLOW', 'STATUS', 'FROM', 'TO'],
      calls.map((c) => [
        c.startedAt,
        c.callId,
        c.method,
        c.flowId === null ? '-' : `${c.flowId} v${c.version}`,
        c.finalCode === null ? c.status : `${c.status} ${c.finalCode}`,
        c.from,
        c.to,
      ]),
    );
  return 0;
}
