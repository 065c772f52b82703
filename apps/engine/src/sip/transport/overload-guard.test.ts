import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { OverloadGuard } from './overload-guard';
import type { UdpQueueReading } from './udp-receive-queue';

const BUFFER = 8 * 1024 * 1024;
const ABOVE = BUFFER * 0.6;

function guard(percent: number | undefined = 60): { g: OverloadGuard; lines: string[]; clock: ManualClock } {
  const lines: string[] = [];
  const clock = new ManualClock(0);
  const g = new OverloadGuard(async () => undefined, BUFFER, clock, 'pbotest', {
    shedAtPercent: percent,
    log: (l) => lines.push(l),
  });
  return { g, lines, clock };
}

const at = (queueBytes: number, drops = 0): UdpQueueReading => ({ queueBytes, drops });

/** How many of n new requests the guard sheds now. */
function shedOf(g: OverloadGuard, n: number): number {
  let shed = 0;
  for (let i = 0; i < n; i++) if (g.shouldShed()) shed++;
  return shed;
}

describe('OverloadGuard policy', () => {
  it('sheds nothing while the queue stays under the threshold, however it moves', () => {
    const { g } = guard();
    for (const q of [0, ABOVE * 0.5, ABOVE - 1, ABOVE * 0.2, ABOVE - 1]) g.update(at(q));
    expect(g.shedding).toBe(false);
    expect(shedOf(g, 1000)).toBe(0);
  });

  it('raises the shed share by 5 points a reading while the queue grows above the threshold', () => {
    const { g } = guard();
    g.update(at(ABOVE - 1));
    g.update(at(ABOVE)); // crossed, and grew
    expect(g.stats().share).toBe(0.05);
    g.update(at(ABOVE + 1000));
    g.update(at(ABOVE + 2000));
    expect(g.stats().share).toBe(0.15);
    // Shed evenly: 15 of every 100 new requests.
    expect(shedOf(g, 100)).toBe(15);
    expect(shedOf(g, 1000)).toBe(150);
    // Above the threshold but draining: the share holds.
    g.update(at(ABOVE + 1000));
    expect(g.stats().share).toBe(0.15);
    // Under it: falls 5 points a reading, to none.
    g.update(at(ABOVE - 1));
    g.update(at(ABOVE - 1));
    g.update(at(0));
    expect(g.stats().share).toBe(0);
    expect(g.shedding).toBe(false);
    expect(shedOf(g, 1000)).toBe(0);
  });

  it('raises it by 20 points when the kernel dropped datagrams since the last reading', () => {
    const { g } = guard();
    g.update(at(0, 40)); // drops from before the first reading are history
    g.update(at(0, 40));
    expect(g.shedding).toBe(false);
    g.update(at(ABOVE / 2, 41));
    expect(g.stats().share).toBe(0.2);
    g.update(at(ABOVE + 5, 90));
    expect(g.stats().share).toBe(0.4);
    for (let i = 0; i < 10; i++) g.update(at(BUFFER, 100 + i));
    expect(g.stats().share).toBe(1);
    expect(shedOf(g, 10)).toBe(10);
  });

  it('says when an episode starts and ends, with what it shed', () => {
    const { g, lines, clock } = guard();
    g.update(at(0));
    g.update(at(ABOVE + 10, 3));
    expect(lines).toEqual([
      'SIP overload: 4915 KiB waiting in the UDP receive queue (sheds above 4915 KiB, 3 datagrams ' +
        'dropped so far); answering a share of new requests 503',
    ]);
    shedOf(g, 50); // 10 at 20 %
    g.update(at(ABOVE + 20, 9)); // 40 %
    shedOf(g, 50); // 20
    clock.advance(1500);
    for (let i = 0; i < 8; i++) g.update(at(0, 9));
    expect(lines[1]).toBe(
      'SIP overload over after 1500 ms: 30 new requests answered 503 (at most 40 % of them)',
    );
    expect(g.stats()).toEqual({
      signal: 'udp-queue',
      shedding: false,
      share: 0,
      episodes: 1,
      shed: 30,
      queueBytes: 0,
      shedAboveBytes: Math.floor(ABOVE),
      drops: 9,
    });
  });

  it('takes the threshold from its option, within 1–100 %', () => {
    expect(guard(10).g.stats().shedAboveBytes).toBe(Math.floor(BUFFER / 10));
    expect(guard(500).g.stats().shedAboveBytes).toBe(BUFFER);
  });

  it('only watches by default: reports the queue and the drops, sheds nothing', () => {
    for (const options of [{}, { shedAtPercent: 0 }]) {
      const lines: string[] = [];
      const g = new OverloadGuard(async () => undefined, BUFFER, new ManualClock(0), 't', {
        ...options,
        log: (l) => lines.push(l),
      });
      g.update(at(0));
      for (let i = 1; i <= 10; i++) g.update(at(BUFFER, i * 100));
      expect(shedOf(g, 1000)).toBe(0);
      expect(lines).toEqual([]);
      expect(g.stats()).toMatchObject({
        shedding: false,
        shedAboveBytes: null,
        queueBytes: BUFFER,
        drops: 1000,
      });
    }
  });

  it('never sheds without a signal (no /proc table)', () => {
    const { g } = guard();
    g.update(at(0));
    g.update(at(BUFFER, 5));
    expect(g.shedding).toBe(true);
    g.update(undefined);
    expect(g.shedding).toBe(false);
    expect(g.stats().signal).toBe('none');
  });

  it('reads the queue on its interval until stopped', async () => {
    const readings = [at(0), at(BUFFER, 1), at(0, 1)];
    let reads = 0;
    const clock = new ManualClock(0);
    const g = new OverloadGuard(async () => readings[Math.min(reads++, 2)], BUFFER, clock, 't', {
      shedAtPercent: 60,
      intervalMs: 50,
      log: () => undefined,
    });
    const tick = async (ms: number): Promise<void> => {
      clock.advance(ms);
      await Promise.resolve();
      await Promise.resolve();
    };
    g.start();
    await tick(49);
    expect(reads).toBe(0);
    await tick(1);
    await tick(50);
    expect(reads).toBe(2);
    expect(g.stats().share).toBe(0.2);
    await tick(50);
    expect(reads).toBe(3);
    expect(g.stats().share).toBe(0.15);
    g.stop();
    await tick(500);
    expect(reads).toBe(3);
  });
});
