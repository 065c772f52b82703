// Load shedding on the wire, with SIPp over UDP on 127.0.0.1. The receive queue the guard reads is
// played by the test (a real one cannot be filled on cue): first the kernel "drops" datagrams at
// every reading, then it is calm again.
// Checks: while the shed share is 100 %, every new INVITE gets a 503 that SIPp acknowledges, the
// flow never sees it, nothing goes downstream, and the ACKs are absorbed (RFC 3261 §8.2.7); once
// the queue is calm the share falls back to none and calls go through.

import { afterEach, describe, expect, it } from 'vitest';
import { killAllSipp, runSipp, startSippUas } from '../../../test/sipp/sipp-runner';
import type { SippProcess } from '../../../test/sipp/sipp-runner';
import { lines, relayTo, startRecordingProxy } from '../../../test/sipp/proxy-fixture';
import type { RecordingProxy } from '../../../test/sipp/proxy-fixture';
import type { UdpQueueReading } from '../transport/udp-receive-queue';

let proxy: RecordingProxy | undefined;
let uas: SippProcess | undefined;

afterEach(async () => {
  await uas?.stop();
  uas = undefined;
  await proxy?.stack.close();
  proxy = undefined;
  await killAllSipp();
});

async function until(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('load shedding with SIPp', () => {
  it('answers new INVITEs 503 while overloaded, absorbs their ACKs, and relays again once calm', async () => {
    uas = await startSippUas({ scenario: 'uas-answer.xml' });
    let overloaded = true;
    let drops = 0;
    const probe = async (): Promise<UdpQueueReading> =>
      overloaded ? { queueBytes: 1 << 20, drops: ++drops } : { queueBytes: 0, drops };
    const logged: string[] = [];
    proxy = await startRecordingProxy(relayTo(`sip:callee@127.0.0.1:${uas.port}`), '127.0.0.1', {
      overloadProbe: probe,
      overloadShedAtPercent: 60,
      log: (l) => logged.push(l),
    });
    const stack = proxy.stack;
    await until('a shed share of 100 %', () => stack.stats().overload?.share === 1);

    const shed = await runSipp({
      scenario: 'uac-invite-expect-failure.xml',
      remote: `127.0.0.1:${stack.port}`,
      service: 'callee',
      calls: 5,
      rate: 10,
      timeoutMs: 30_000,
      extraArgs: ['-set', 'expected', '503'],
    });
    expect(shed.errors).toBe('');
    expect(shed.successful).toBe(5);
    expect(stack.stats().overload?.shed).toBe(5);
    expect(proxy.requests).toHaveLength(0); // the flow never ran
    expect(lines(proxy.messages, 'out', 'SIP/2.0 503 Service Unavailable')).toHaveLength(5);
    expect(lines(proxy.messages, 'in', 'ACK ')).toHaveLength(5);
    // Nothing went downstream: no INVITE, and the ACKs for our 503s were absorbed.
    expect(proxy.messages.filter((m) => m.direction === 'out' && m.peer.port === uas?.port)).toHaveLength(0);
    expect(stack.stats().transactions).toEqual({ servers: 0, clients: 0 });
    expect(logged[0]).toMatch(/^SIP overload: 1024 KiB waiting in the UDP receive queue/);

    overloaded = false;
    await until('the share back to none', () => stack.stats().overload?.shedding === false);
    expect(logged[1]).toMatch(/^SIP overload over after \d+ ms: 5 new requests answered 503 \(at most 100 %/);
    const relayed = await runSipp({
      scenario: 'uac-invite-bye.xml',
      remote: `127.0.0.1:${stack.port}`,
      service: 'callee',
      calls: 5,
      rate: 10,
      timeoutMs: 30_000,
    });
    expect(relayed.errors).toBe('');
    expect(relayed.successful).toBe(5);
    expect(lines(proxy.messages, 'out', 'INVITE ')).toHaveLength(5);
    expect(stack.stats().overload?.shed).toBe(5);
  }, 60_000);
});
