// A call over UDP on the IPv6 loopback, SIPp on both sides: INVITE / 200 / ACK / BYE through
// the stack bound to [::1], record-routing with an IPv6 reference (RFC 3261 §25.1).

import { afterEach, describe, expect, it } from 'vitest';
import { killAllSipp, runSipp, startSippUas } from '../../test/sipp/sipp-runner';
import type { SippProcess } from '../../test/sipp/sipp-runner';
import { lines, relayTo, startRecordingProxy, text } from '../../test/sipp/proxy-fixture';
import type { RecordingProxy } from '../../test/sipp/proxy-fixture';

let proxy: RecordingProxy | undefined;
let uas: SippProcess | undefined;

afterEach(async () => {
  await uas?.stop();
  uas = undefined;
  await proxy?.stack.close();
  proxy = undefined;
  await killAllSipp();
});

describe('IPv6 with SIPp', () => {
  it('relays calls between SIPp instances on [::1]', async () => {
    uas = await startSippUas({ scenario: 'uas-answer.xml', host: '::1' });
    proxy = await startRecordingProxy(relayTo(`sip:callee@[::1]:${uas.port}`), '::1');
    const result = await runSipp({
      scenario: 'uac-invite-bye.xml',
      remote: `[::1]:${proxy.stack.port}`,
      host: '::1',
      service: 'callee',
      calls: 3,
      rate: 10,
      timeoutMs: 20_000,
    });
    expect(result.errors).toBe('');
    expect(result.successful).toBe(3);
    const invites = lines(proxy.messages, 'out', 'INVITE ');
    expect(invites).toHaveLength(3);
    expect(text(invites[0]!)).toContain(`Record-Route: <sip:[::1]:${proxy.stack.port};lr>`);
    expect(lines(proxy.messages, 'out', 'BYE ')).toHaveLength(3);
    expect(proxy.messages.every((m) => m.peer.address === '::1')).toBe(true);
  });
});
