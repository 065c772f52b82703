// `patchbay flows`: list flows and their live versions.
import type { FlowListResponse } from '@patchbay/shared/api';
import { apiCall } from './api-client';
import { parseClientArgs } from './cli-args';
import { printTable } from './print-table';

export async function flowsCommand(argv: string[]): Promise<number> {
  const args = parseClientArgs(argv);
  const { flows } = await apiCall<FlowListResponse>(args.api, 'GET', '/api/flows');
  if (args.json) process.stdout.write(JSON.stringify(flows) + '\n');
  else if (flows.length === 0)
    process.stdout.write('No flows yet. Create one in the editor or with "patchbay deploy FILE".\n');
  else
    printTable(
      ['ID', 'NAME', 'LIVE', 'UPDATED'],
      flows.map((f) => [
        f.id,
        f.name,
        f.deployedVersion === null ? '-' : `v${f.deployedVersion}`,
        f.updatedAt,
      ]),
    );
  return 0;
}
