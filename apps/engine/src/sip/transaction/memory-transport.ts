// In-memory TransactionTransport for tests (pjsip's loop transport, sipgo's fakes): records
// every message handed to it with the virtual time, and can be told to fail.

import type { Clock } from '../clock';
import type { SipMessage } from '../message/sip-message';
import type { Peer, TransportName } from '../sip-stack-types';
import type { TransactionTransport } from './transaction-types';
import { asError } from '../../util/as-error';

export interface SentMessage {
  readonly at: number;
  readonly msg: SipMessage;
  readonly target: Peer;
}

export class MemoryTransport implements TransactionTransport {
  readonly sent: SentMessage[] = [];
  failNext: Error | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly reliable: readonly TransportName[] = ['tcp'],
  ) {}

  send(msg: SipMessage, target: Peer): Promise<void> {
    if (this.failNext !== undefined) {
      const e = this.failNext;
      this.failNext = undefined;
      return Promise.reject(e);
    }
    this.sent.push({ at: this.clock.now(), msg, target });
    return Promise.resolve();
  }

  post(msg: SipMessage, target: Peer, done: (err: Error | null) => void): void {
    this.send(msg, target).then(
      () => done(null),
      (err: unknown) => done(asError(err)),
    );
  }

  isReliable(transport: TransportName): boolean {
    return this.reliable.includes(transport);
  }

  /** Virtual send times of messages whose start line begins with prefix ("INVITE", "SIP/2.0 486"). */
  times(prefix: string): number[] {
    return this.sent.filter((s) => startLine(s.msg).startsWith(prefix)).map((s) => s.at);
  }
}

export function startLine(msg: SipMessage): string {
  return msg.kind === 'request' ? `${msg.method} ${msg.uri}` : `SIP/2.0 ${msg.status} ${msg.reason}`;
}
