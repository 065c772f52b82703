// In-dialog and out-of-dialog requests through the proxy, on the wire with SIPp over UDP (and
// TCP) on 127.0.0.1.
// Checks: re-INVITE (with its ACK), UPDATE and INFO inside a call follow the route set without
// reaching the runtime (RFC 3261 §16.12, §12.2); OPTIONS and MESSAGE outside a call are relayed
// statefully without Record-Route (§16.6 step 4 is for dialog-creating requests); REGISTER is
// passed through to a registrar; TCP on one side and UDP on the other with two Record-Route
// values (§16.6 step 4 and RFC 5658 §3.2), BYE crossing back over the other transport; an
// INVITE over 1300 bytes switched to TCP (§18.1.1).

import { afterEach, describe, expect, it } from 'vitest';
import { killAllSipp, runSipp, startSippUas } from '../../../test/sipp/sipp-runner';
import type { SippProcess } from '../../../test/sipp/sipp-runner';
import { lines, relayTo, startRecordingProxy, text } from '../../../test/sipp/proxy-fixture';
import type { RecordingProxy } from '../../../test/sipp/proxy-fixture';

let proxy: RecordingProxy | undefined;
let uas: SippProcess | undefined;

afterEach(async () => {
  await uas?.stop();
  uas = undefined;
  await proxy?.stack.close();
  proxy = undefined;
  await killAllSipp();
});

describe('requests through the proxy, with SIPp', () => {
  it('routes a re-INVITE, an UPDATE and an INFO inside the call by the route set', async () => {
    uas = await startSippUas({ scenario: 'uas-reinvite-update.xml' });
    proxy = await startRecordingProxy(relayTo(`sip:callee@127.0.0.1:${uas.port}`));
    const result = await runSipp({
      scenario: 'uac-reinvite-update.xml',
      remote: `127.0.0.1:${proxy.stack.port}`,
      service: 'callee',
      calls: 3,
      rate: 10,
      timeoutMs: 30_000,
    });
    expect(result.errors).toBe('');
    expect(result.successful).toBe(3);
    const m = proxy.messages;
    expect(lines(m, 'out', 'INVITE ')).toHaveLength(6); // initial + re-INVITE per call
    expect(lines(m, 'out', 'UPDATE ')).toHaveLength(3);
    expect(lines(m, 'out', 'INFO ')).toHaveLength(3);
    expect(lines(m, 'out', 'ACK ').length).toBeGreaterThanOrEqual(6);
    expect(lines(m, 'out', 'BYE ')).toHaveLength(3);
    // Only the three initial INVITEs reached the runtime.
    expect(proxy.requests.map((r) => r.request.method)).toEqual(['INVITE', 'INVITE', 'INVITE']);
    expect(proxy.dialogs.filter((d) => d.state === 'confirmed')).toHaveLength(3);
    const ended = proxy.dialogs.filter((d) => d.state === 'terminated' && d.reason === 'bye');
    expect(ended).toHaveLength(3);
    for (const d of ended) {
      expect(d.fromTag).toMatch(/SIPpTag00/);
      expect(d.toTag).toMatch(/SIPpTag01/);
      expect(d.startedAt).toBeLessThanOrEqual(d.answeredAt ?? 0);
      expect(d.answeredAt).toBeLessThanOrEqual(d.endedAt ?? 0);
    }
    expect(proxy.stack.dialogs()).toEqual([]); // nothing kept once the calls ended
  });

  it.each([
    ['OPTIONS', 'uac-options.xml'],
    ['MESSAGE', 'uac-message.xml'],
    ['REGISTER', 'uac-register.xml'],
  ])('relays %s outside a call', async (method, scenario) => {
    uas = await startSippUas({ scenario: 'uas-non-invite.xml' });
    proxy = await startRecordingProxy(relayTo(`sip:callee@127.0.0.1:${uas.port}`));
    const result = await runSipp({
      scenario,
      remote: `127.0.0.1:${proxy.stack.port}`,
      service: 'callee',
      calls: 3,
      rate: 10,
      timeoutMs: 20_000,
    });
    expect(result.errors).toBe('');
    expect(result.successful).toBe(3);
    const out = lines(proxy.messages, 'out', `${method} `);
    expect(out).toHaveLength(3);
    for (const e of out) {
      expect(text(e)).not.toMatch(/^Record-Route:/im);
      expect(text(e)).toMatch(
        new RegExp(`^Via: SIP/2.0/UDP 127.0.0.1:${proxy.stack.port};branch=z9hG4bK`, 'm'),
      );
    }
    // Non-INVITE: no 100 Trying from a stateful proxy (§16.2).
    expect(lines(proxy.messages, 'out', 'SIP/2.0 100')).toHaveLength(0);
    expect(lines(proxy.messages, 'out', 'SIP/2.0 200')).toHaveLength(3);
    expect(proxy.requests.map((r) => r.request.method)).toEqual([method, method, method]);
    if (method === 'REGISTER') expect(proxy.requests[0]?.request.header('expires')).toBe('300');
    if (method === 'MESSAGE')
      expect(Buffer.from(proxy.requests[0]?.request.body ?? []).toString()).toMatch(/^Hello/);
  });

  it.each([
    ['udp', 'tcp'],
    ['tcp', 'udp'],
  ] as const)(
    'bridges a %s caller to a %s callee with two Record-Route values',
    async (inbound, outbound) => {
      uas = await startSippUas({ scenario: 'uas-answer.xml', transport: outbound });
      const target = `sip:callee@127.0.0.1:${uas.port}${outbound === 'tcp' ? ';transport=tcp' : ''}`;
      proxy = await startRecordingProxy(relayTo(target));
      const result = await runSipp({
        scenario: 'uac-invite-bye.xml',
        remote: `127.0.0.1:${proxy.stack.port}`,
        service: 'callee',
        calls: 3,
        rate: 10,
        timeoutMs: 20_000,
        transport: inbound,
      });
      expect(result.errors).toBe('');
      expect(result.successful).toBe(3);
      const port = proxy.stack.port;
      const rr = (t: string): string => `<sip:127.0.0.1:${port}${t === 'tcp' ? ';transport=tcp' : ''};lr>`;
      const invites = lines(proxy.messages, 'out', 'INVITE ');
      expect(invites).toHaveLength(3);
      for (const e of invites) {
        expect(e.peer.transport).toBe(outbound);
        expect(text(e)).toContain(`Record-Route: ${rr(outbound)}\r\nRecord-Route: ${rr(inbound)}\r\n`);
      }
      const byesOut = lines(proxy.messages, 'out', 'BYE ');
      expect(byesOut).toHaveLength(3);
      expect(byesOut.every((e) => e.peer.transport === outbound)).toBe(true);
      expect(lines(proxy.messages, 'in', 'BYE ').every((e) => e.peer.transport === inbound)).toBe(true);
    },
  );

  it('sends an INVITE over 1300 bytes to a callee over TCP although its URI names no transport', async () => {
    uas = await startSippUas({ scenario: 'uas-answer.xml', transport: 'tcp' });
    proxy = await startRecordingProxy(relayTo(`sip:callee@127.0.0.1:${uas.port}`));
    const result = await runSipp({
      scenario: 'uac-invite-bye-large.xml',
      remote: `127.0.0.1:${proxy.stack.port}`,
      service: 'callee',
      calls: 2,
      rate: 10,
      timeoutMs: 20_000,
    });
    expect(result.errors).toBe('');
    expect(result.successful).toBe(2);
    const invites = lines(proxy.messages, 'out', 'INVITE ');
    expect(invites).toHaveLength(2);
    for (const e of invites) {
      expect(e.bytes.byteLength).toBeGreaterThan(1300);
      expect(e.peer.transport).toBe('tcp'); // RFC 3261 §18.1.1
    }
    expect(lines(proxy.messages, 'in', 'INVITE ').every((e) => e.peer.transport === 'udp')).toBe(true);
  });
});
