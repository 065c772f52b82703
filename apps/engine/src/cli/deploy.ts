// `patchbay deploy FILE.flow.json`: create or update the flow by its id, then deploy it. On a
// compile failure every issue is printed with its node and field, and the exit code is 1.
import { readFile } from 'node:fs/promises';
import type { DeployResponse } from '@patchbay/shared/api';
import type { CompileIssue } from '@patchbay/shared/compiler';
import { ApiCallError, apiCall } from './api-client';
import { parseClientArgs, UsageError } from './cli-args';

export async function deployCommand(argv: string[]): Promise<number> {
  const args = parseClientArgs(argv);
  const [file] = args.positionals;
  if (!file || args.positionals.length > 1) throw new UsageError('deploy takes one FILE.flow.json');
  let doc: { id?: unknown };
  try {
    doc = JSON.parse(await readFile(file, 'utf8')) as { id?: unknown };
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
  }
  if (typeof doc !== 'object' || doc === null || typeof doc.id !== 'string')
    throw new Error(`${file}: not a flow document (no "id")`);
  const id = encodeURIComponent(doc.id);
  try {
    try {
      await apiCall(args.api, 'PUT', `/api/flows/${id}`, doc);
    } catch (err) {
      if (!(err instanceof ApiCallError && err.envelope?.error.code === 'FLOW_NOT_FOUND')) throw err;
      await apiCall(args.api, 'POST', '/api/flows', doc);
    }
    const result = await apiCall<DeployResponse>(args.api, 'POST', `/api/flows/${id}/deploy`);
    if (args.json) process.stdout.write(JSON.stringify({ flowId: doc.id, ...result }) + '\n');
    else {
      process.stdout.write(`Deployed ${doc.id} version ${result.version}\n`);
      for (const issue of result.issues) process.stdout.write(formatIssue(issue) + '\n');
    }
    return 0;
  } catch (err) {
    const details =
      err instanceof ApiCallError
        ? (err.envelope?.error.details as { issues?: unknown[] } | undefined)
        : undefined;
    if (!details?.issues) throw err;
    if (args.json)
      process.stdout.write(JSON.stringify(err instanceof ApiCallError ? err.envelope : {}) + '\n');
    process.stderr.write(`${file}: not deployed: ${(err as Error).message}\n`);
    for (const issue of details.issues) process.stderr.write(formatIssue(issue as CompileIssue) + '\n');
    return 1;
  }
}

export function formatIssue(i: CompileIssue | { path: string; message: string }): string {
  if ('path' in i) return `  error  ${i.path}: ${i.message}`;
  const where = [i.nodeId === null ? 'flow' : `node ${i.nodeId}`, i.field].filter(Boolean).join(' · ');
  return `  ${i.severity.padEnd(7)}${where}: ${i.message} [${i.code}]`;
}
