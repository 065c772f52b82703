// `patchbay <command>`: dispatch to one file per command. Each returns the exit code.
import { callsCommand } from './calls';
import { deployCommand } from './deploy';
import { flowsCommand } from './flows';
import { serveCommand } from './serve';
import { sipParseCommand } from './sip-parse';
import { traceCommand } from './trace';
import { UsageError } from './cli-args';

const USAGE = `Usage: patchbay <command> [options]

Commands:
  serve                       start the engine (SIP on UDP+TCP, editor and API over HTTP)
  deploy FILE.flow.json       create or update the flow by its id, then deploy it
  flows                       list flows and their live versions
  calls [--limit N]           list recent calls, newest first
  trace CALL-ID               show one call: the nodes it went through and its SIP messages
  sip parse FILE              parse a SIP message: JSON on stdout (exit 0) or the reason (exit 1)

Client commands find the engine by --api URL or PATCHBAY_API (default http://127.0.0.1:8080);
--json prints machine-readable output. Run "patchbay serve --help" for the engine's settings.
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serveCommand(rest);
      case 'deploy':
        return await deployCommand(rest);
      case 'flows':
        return await flowsCommand(rest);
      case 'calls':
        return await callsCommand(rest);
      case 'trace':
        return await traceCommand(rest);
      case 'sip':
        if (rest[0] === 'parse') return await sipParseCommand(rest.slice(1));
        throw new UsageError('unknown command "sip ' + (rest[0] ?? '') + '"; did you mean "sip parse FILE"?');
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`patchbay: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`patchbay: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
