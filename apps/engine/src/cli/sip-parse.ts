// `patchbay sip parse FILE`: parse one SIP message (bytes as they would arrive in a datagram).
// Prints the message as JSON and exits 0, or prints why it is invalid and exits 1.
import { readFile } from 'node:fs/promises';
import { parseMessage } from '../sip/message/parse-message';
import { messageToJson } from '../sip/message/message-to-json';
import { UsageError } from './cli-args';

export async function sipParseCommand(argv: string[]): Promise<number> {
  const [file, ...extra] = argv;
  if (!file || extra.length > 0) throw new UsageError('sip parse takes one FILE ("-" for standard input)');
  const bytes = file === '-' ? await readStdin() : await readFile(file);
  const result = parseMessage(bytes);
  if ('code' in result) {
    process.stderr.write(
      `${file}: invalid SIP message: ${result.reason} [${result.code} at byte ${result.offset}]\n`,
    );
    return 1;
  }
  process.stdout.write(JSON.stringify(messageToJson(result), null, 2) + '\n');
  return 0;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
