// A message kept only to be sent again (a transaction's final response, the ACK for a failure,
// resent for 32 s over UDP), as its bytes rather than as a parsed message: a parsed one holds
// the whole received datagram and its text, and its header values are slices of every message
// they were taken from. The bytes go in a one-byte string (latin1 maps each byte to one
// character and back): a typed array of its own would add two objects and a separately
// allocated store.
import { parseMessage } from './parse-message';
import { serializeMessage } from './serialize';
import type { SipMessage } from './sip-message';

export function keepAsBytes(msg: SipMessage): string {
  return serializeMessage(msg).toString('latin1');
}

/** The kept message, parsed again to be sent (undefined if the bytes do not parse). */
export function fromKeptBytes(bytes: string): SipMessage | undefined {
  const msg = parseMessage(Buffer.from(bytes, 'latin1'));
  return msg.kind === 'request' || msg.kind === 'response' ? msg : undefined;
}
