// The proxy under packet loss and junk, on the wire with SIPp over UDP on 127.0.0.1.
// Checks: with the calling SIPp dropping 10% of what it sends and receives (-lost 10), calls
// still complete: its retransmitted INVITEs and BYEs are absorbed by our server transactions,
// which resend their last response (RFC 3261 §17.2.1, §17.2.2), and a lost ACK is repaired by
// the callee's 2xx retransmissions, which we forward end to end (§16.7 step 5, §13.3.1.4);
// a flood of 5,000 malformed datagrams is answered (400) or dropped and
// counted, and the engine keeps relaying real calls afterwards (DESIGN.md "Bad input gets a
// clear answer and loses nothing").
// Not checked: a specific loss pattern (SIPp picks losses at random; assertions are on
// outcomes); loss on the callee's side (SIPp 3.6 then ignores the retransmissions of a message
// it "lost" as UAS); our own Timers A/E are shown exactly by the transaction unit tests.

import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { killAllSipp, runSipp, startSippUas } from '../../../test/sipp/sipp-runner';
import type { SippProcess } from '../../../test/sipp/sipp-runner';
import { firstLine, lines, relayTo, startRecordingProxy } from '../../../test/sipp/proxy-fixture';
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

/** Deterministic junk: random bytes, truncated and corrupted SIP, oversized garbage. */
function junk(i: number, port: number): Buffer {
  let x = (i + 1) * 2654435761;
  const rnd = (): number => (
    (x = (x ^ (x << 13)) >>> 0),
    (x = (x ^ (x >>> 17)) >>> 0),
    (x = (x ^ (x << 5)) >>> 0)
  );
  const valid =
    `INVITE sip:callee@127.0.0.1:${port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKj${i}\r\n` +
    `From: <sip:j@x>;tag=${i}\r\nTo: <sip:callee@x>\r\nCall-ID: junk-${i}\r\nCSeq: 1 INVITE\r\n` +
    'Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n';
  switch (i % 5) {
    case 0:
      return Buffer.from(Array.from({ length: 1 + (rnd() % 1400) }, () => rnd() & 0xff));
    case 1:
      return Buffer.from(valid.slice(0, rnd() % valid.length));
    case 2: {
      const b = Buffer.from(valid);
      for (let k = 0; k < 8; k++) b[rnd() % b.length] = rnd() & 0xff;
      return b;
    }
    case 3:
      return Buffer.from(
        valid.replace('CSeq: 1 INVITE', 'CSeq: x INVITE').replace('127.0.0.1:9', '127.0.0.1:9'),
      );
    default:
      return Buffer.from(valid.replace('SIP/2.0\r\n', 'SIP/7.0\r\n'));
  }
}

describe('proxy robustness with SIPp', () => {
  it('completes calls while the caller drops 10% of packets', async () => {
    uas = await startSippUas({ scenario: 'uas-answer.xml' });
    proxy = await startRecordingProxy(relayTo(`sip:callee@127.0.0.1:${uas.port}`));
    const result = await runSipp({
      scenario: 'uac-invite-bye.xml',
      remote: `127.0.0.1:${proxy.stack.port}`,
      service: 'callee',
      calls: 10,
      rate: 5,
      timeoutMs: 90_000,
      extraArgs: ['-lost', '10'],
    });
    // Every call completes: losses are repaired by retransmission, never by luck.
    if (result.successful !== 10) {
      const bad = /Call-I[dD] '([^']+)'/.exec(result.errors)?.[1] ?? '';
      const p = proxy;
      console.log(
        result.errors,
        p.messages
          .filter((m) => m.callId === bad)
          .map((m) => `${m.at.toFixed(0)} ${m.direction} ${m.peer.port} ${firstLine(m)}`)
          .join('\n'),
      );
    }
    expect(result.successful).toBe(10);
    expect(result.failed).toBe(0);
    // SIPp reports what it dropped in stdout/stats; our side shows the repair work.
    const invitesIn = lines(proxy.messages, 'in', 'INVITE ').length;
    expect(invitesIn).toBeGreaterThanOrEqual(10);
    // Every call whose ACK reached us also had its BYE pass through us. (When SIPp drops its own
    // ACK, the UAS retransmits the 200, and SIPp's UAC can take that retransmission for the
    // answer to a BYE it dropped too, so such a call may end without any BYE on the wire.)
    const callsWith = (method: string): Set<string> =>
      new Set(lines(proxy!.messages, 'in', `${method} `).map((m) => m.callId ?? ''));
    const acked = callsWith('ACK');
    const byed = callsWith('BYE');
    expect(acked.size).toBeGreaterThanOrEqual(5);
    for (const callId of acked) expect(byed.has(callId), `BYE of ${callId}`).toBe(true);
    expect(proxy.requests).toHaveLength(10); // retransmitted INVITEs were absorbed, not re-run
  }, 120_000);

  it('survives 5,000 malformed datagrams and still relays calls', async () => {
    uas = await startSippUas({ scenario: 'uas-answer.xml' });
    const relay = relayTo(`sip:callee@127.0.0.1:${uas.port}`);
    // Corrupted-but-still-valid junk does reach the runtime (it is SIP); it gets a 404 here.
    proxy = await startRecordingProxy((req) =>
      req.request.callId.startsWith('junk-') ? req.respond(404, 'Not Found') : relay(req),
    );
    const port = proxy.stack.port;
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const send = (b: Buffer): Promise<void> =>
      new Promise((resolve) => sock.send(b, port, '127.0.0.1', () => resolve()));
    for (let i = 0; i < 5000; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, k) => send(junk(i + k, port))));
      await new Promise((r) => setImmediate(r)); // let the engine read between bursts
    }
    const result = await runSipp({
      scenario: 'uac-invite-bye.xml',
      remote: `127.0.0.1:${port}`,
      service: 'callee',
      calls: 5,
      rate: 10,
      timeoutMs: 30_000,
    });
    sock.close();
    expect(result.errors).toBe('');
    expect(result.successful).toBe(5);
    // The junk was answered statelessly with 400 (bad CSeq, truncation) or 505 (SIP/7.0), or
    // dropped when no answer was possible; only requests that still parsed reached the runtime.
    const stats = proxy.stack.stats();
    // Transport-layer rejections (400/505); the transaction layer's "Missing To" 400s come on top.
    expect(stats.rejected).toBeGreaterThan(0);
    expect(stats.rejected).toBeLessThanOrEqual(
      lines(proxy.messages, 'out', 'SIP/2.0 400').length + lines(proxy.messages, 'out', 'SIP/2.0 505').length,
    );
    expect(stats.dropped).toBeGreaterThan(0); // unreadable junk: no answer possible, counted
    expect(lines(proxy.messages, 'out', 'SIP/2.0 400').length).toBeGreaterThan(0);
    expect(lines(proxy.messages, 'out', 'SIP/2.0 505').length).toBeGreaterThan(0);
    expect(proxy.requests.filter((r) => r.request.callId.startsWith('junk-')).length).toBeLessThan(1000);
    expect(proxy.requests.filter((r) => !r.request.callId.startsWith('junk-'))).toHaveLength(5);
  }, 120_000);
});
