// Shared set-up for the proxy's SIPp tests: a SIP stack on a free port of 127.0.0.1 that records
// every message and dialog event, and helpers to read the recorded messages.

import { startSipStack } from '../../src/sip/start-sip-stack';
import type {
  DialogEvent,
  MessageEvent,
  ProxiedRequest,
  SipStack,
  SipStackOptions,
} from '../../src/sip/sip-stack-types';

export interface RecordingProxy {
  readonly stack: SipStack;
  readonly messages: MessageEvent[];
  readonly dialogs: DialogEvent[];
  readonly requests: ProxiedRequest[];
}

export async function startRecordingProxy(
  handle: (req: ProxiedRequest) => void,
  host = '127.0.0.1',
  more: Partial<Pick<SipStackOptions, 'overloadProbe' | 'overloadShedAtPercent' | 'log'>> = {},
): Promise<RecordingProxy> {
  const messages: MessageEvent[] = [];
  const dialogs: DialogEvent[] = [];
  const requests: ProxiedRequest[] = [];
  const stack = await startSipStack({
    host,
    port: 0,
    handleRequest: (req) => {
      requests.push(req);
      handle(req);
    },
    onMessage: (e) => messages.push(e),
    onDialog: (e) => dialogs.push(e),
    ...more,
  });
  return { stack, messages, dialogs, requests };
}

/** Relay to target and send the best response upstream on failure (what a Relay node does). */
export function relayTo(target: string): (req: ProxiedRequest) => void {
  return (req) => {
    void req.relay(target).then((outcome) => {
      if (outcome.kind !== 'response' || outcome.status >= 300) req.sendBestResponse();
    });
  };
}

export function text(e: MessageEvent): string {
  return Buffer.from(e.bytes).toString('latin1');
}

export function firstLine(e: MessageEvent): string {
  const t = text(e);
  return t.slice(0, t.indexOf('\r\n'));
}

/** Messages in one direction whose first line starts with prefix ("BYE ", "SIP/2.0 200"). */
export function lines(messages: readonly MessageEvent[], dir: 'in' | 'out', prefix: string): MessageEvent[] {
  return messages.filter((m) => m.direction === dir && firstLine(m).startsWith(prefix));
}
