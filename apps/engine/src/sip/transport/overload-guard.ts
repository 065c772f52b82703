// Watching the SIP socket's receive queue in the kernel, and optionally shedding load on it: a
// share of new requests gets a stateless 503 (RFC 3261 §21.5.4) while the SIP thread is behind.
//
// The queue (udp-receive-queue.ts) and the kernel's drop counter are what show a UDP server
// falling behind its input: CPU use saturates long before, and the event loop's delay does not
// show what waits in the socket. They are always read (once a second) for GET /api/metrics.
//
// Shedding is opt-in (a threshold in % of the socket's buffer), as Kamailio's ratelimit and pike
// are. Above the threshold, while the queue still grows, the share of new requests shed rises by
// 5 points a reading (every 50 ms; 20 when the kernel dropped datagrams); below it, the share
// falls by 5. Measured with the proxy benchmark, it does not turn an overloaded run into a
// graceful one: past capacity the backlog is mostly retransmissions of calls already admitted
// (SIPp's INVITEs, 200s and BYEs once the delay passes T1), which no 503 to a new call removes,
// and near capacity it turns backlogs the engine would have caught up on into failed calls.
// Turning all new calls away until the queue drained (tried first) shed a third of the calls at
// 15 % over capacity. So it is a tool for operators who prefer fast 503s to slow answers, not a
// default.

import type { Clock, TimerHandle } from '../clock';
import type { UdpQueueReading } from './udp-receive-queue';

export interface OverloadOptions {
  /** Shed above this fill of the socket's receive buffer, 1–100 %; 0 (the default): never. */
  readonly shedAtPercent?: number | undefined;
  /** How often the queue is read (ms). */
  readonly intervalMs?: number | undefined;
  /** Told when shedding starts and stops (default: console.warn). */
  readonly log?: ((line: string) => void) | undefined;
}

export interface OverloadStats {
  /** 'udp-queue' when the kernel's queue can be read (Linux), else 'none' (never sheds). */
  readonly signal: 'udp-queue' | 'none';
  readonly shedding: boolean;
  /** The share of new requests shed now, 0–1. */
  readonly share: number;
  /** Times shedding started. */
  readonly episodes: number;
  /** New requests answered 503 because of overload. */
  readonly shed: number;
  /** The receive queue at the last reading, and the fill above which shedding starts (bytes; null: never). */
  readonly queueBytes: number;
  readonly shedAboveBytes: number | null;
  /** Datagrams the kernel dropped for the socket since it was opened. */
  readonly drops: number;
}

/** What the transaction layer asks of the guard (TransactionLayer.shed). */
export interface OverloadState {
  /** The To tag of our 503s: an ACK with it acknowledges one of them (RFC 3261 §17.1.1.3). */
  readonly tag: string;
  /** Asked once per new request: shed this one? (Counted when true.) */
  shouldShed(): boolean;
}

export const DEFAULT_SHED_AT_PERCENT = 0;
/** How often the queue is read: often enough to act on when shedding, else for the metrics. */
const SHEDDING_INTERVAL_MS = 50;
const WATCHING_INTERVAL_MS = 1000;
/** Share points per reading: up while the queue grows above the threshold, down below it. */
const STEP_UP = 0.05;
const STEP_UP_ON_DROPS = 0.2;
const STEP_DOWN = 0.05;

export class OverloadGuard implements OverloadState {
  private share = 0;
  /** Spreads the shed requests evenly: one each time the accumulated share passes 1. */
  private credit = 0;
  private episodes = 0;
  private shed = 0;
  private since = 0;
  private shedAtEpisodeStart = 0;
  private peakShare = 0;
  private last: UdpQueueReading | undefined;
  private available = true;
  private timer: TimerHandle | undefined;
  private stopped = false;
  /** Infinity when shedding is off. */
  private readonly shedAboveBytes: number;

  constructor(
    private readonly probe: () => Promise<UdpQueueReading | undefined>,
    /** The socket's receive buffer (bytes), which the queue is measured against. */
    bufferBytes: number,
    private readonly clock: Clock,
    readonly tag: string,
    private readonly options: OverloadOptions = {},
  ) {
    const percent = Math.min(100, Math.max(0, options.shedAtPercent ?? DEFAULT_SHED_AT_PERCENT));
    this.shedAboveBytes = percent === 0 ? Infinity : Math.floor((bufferBytes * percent) / 100);
  }

  get shedding(): boolean {
    return this.share > 0;
  }

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  shouldShed(): boolean {
    if (this.share === 0) return false;
    this.credit += this.share;
    if (this.credit < 1) return false;
    this.credit -= 1;
    this.shed++;
    return true;
  }

  /** One reading of the queue: the policy (exposed for tests). */
  update(reading: UdpQueueReading | undefined): void {
    if (reading === undefined) {
      // No table (not Linux) or the socket is gone: never shed on a signal we cannot see.
      this.available = false;
      this.setShare(0, reading);
      return;
    }
    this.available = true;
    const previous = this.last;
    this.last = reading;
    if (previous === undefined || this.shedAboveBytes === Infinity) return;
    const dropped = reading.drops > previous.drops;
    const above = reading.queueBytes >= this.shedAboveBytes;
    if (dropped) this.setShare(this.share + STEP_UP_ON_DROPS, reading);
    else if (above && reading.queueBytes > previous.queueBytes) this.setShare(this.share + STEP_UP, reading);
    else if (!above) this.setShare(this.share - STEP_DOWN, reading);
    // above the threshold and draining: hold the share
  }

  stats(): OverloadStats {
    return {
      signal: this.available ? 'udp-queue' : 'none',
      shedding: this.shedding,
      share: this.share,
      episodes: this.episodes,
      shed: this.shed,
      queueBytes: this.last?.queueBytes ?? 0,
      shedAboveBytes: this.shedAboveBytes === Infinity ? null : this.shedAboveBytes,
      drops: this.last?.drops ?? 0,
    };
  }

  private setShare(share: number, reading: UdpQueueReading | undefined): void {
    // Whole percent points, so that repeated steps land on 0 exactly.
    const next = Math.round(Math.min(1, Math.max(0, share)) * 100) / 100;
    const was = this.share;
    this.share = next;
    if (next === was) return;
    const log = this.options.log ?? ((line: string) => console.warn(line));
    if (was === 0) {
      this.episodes++;
      this.since = this.clock.now();
      this.shedAtEpisodeStart = this.shed;
      this.peakShare = next;
      this.credit = 0;
      log(
        `SIP overload: ${kib(reading?.queueBytes ?? 0)} KiB waiting in the UDP receive queue ` +
          `(sheds above ${kib(this.shedAboveBytes)} KiB, ${reading?.drops ?? 0} datagrams dropped so far); ` +
          'answering a share of new requests 503',
      );
    } else if (next === 0) {
      const ms = Math.round(this.clock.now() - this.since);
      log(
        `SIP overload over after ${ms} ms: ${this.shed - this.shedAtEpisodeStart} new requests ` +
          `answered 503 (at most ${Math.round(this.peakShare * 100)} % of them)`,
      );
    } else this.peakShare = Math.max(this.peakShare, next);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.probe().then(
          (reading) => {
            if (this.stopped) return;
            this.update(reading);
            // Without a signal there is nothing to watch for.
            if (reading !== undefined) this.schedule();
          },
          () => undefined,
        );
      },
      this.options.intervalMs ??
        (this.shedAboveBytes === Infinity ? WATCHING_INTERVAL_MS : SHEDDING_INTERVAL_MS),
    );
  }
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(0);
}
