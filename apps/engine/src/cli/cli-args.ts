// Shared option handling of the client commands: --api URL / PATCHBAY_API, --json.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

export interface ClientArgs {
  readonly api: string;
  readonly json: boolean;
  readonly positionals: string[];
  readonly values: Record<string, string | boolean | undefined>;
}

export function parseClientArgs(argv: string[], extra: ParseArgsConfig['options'] = {}): ClientArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { api: { type: 'string' }, json: { type: 'boolean' }, ...extra },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const api =
    (parsed.values['api'] as string | undefined) ?? process.env['PATCHBAY_API'] ?? 'http://127.0.0.1:8080';
  return {
    api: api.replace(/\/+$/, ''),
    json: parsed.values['json'] === true,
    positionals: parsed.positionals,
    values: parsed.values as Record<string, string | boolean | undefined>,
  };
}
