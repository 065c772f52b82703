// What the stepped runs need from a system under test, Patchbay or Kamailio alike.

export interface LoopDelay {
  /** monitorEventLoopDelay percentiles over the window, ms, as GET /api/metrics reports them. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Share of the window the SIP thread was busy (event-loop utilization), 0-1. */
  readonly busy?: number;
  /** The garbage collector's longest pause of the SIP thread in the window, ms, any kind. */
  readonly gcMaxMs?: number;
  /** Of the time the SIP thread had work in the window, the share it waited for a CPU, 0-1. */
  readonly cpuWaitShare?: number;
}

export interface SystemUnderTest {
  /** Short id used in results: patchbay, patchbay-trace-off, kamailio. */
  readonly name: string;
  readonly sipPort: number;
  /** CPU seconds used so far by all its processes. */
  cpuSeconds(): number;
  /**
   * SIP transactions alive now, those waiting out their 32 s timers included (Patchbay only):
   * after an overloaded step they weigh on the next one (memory, GC) though the CPU is idle.
   */
  readonly transactionsAlive?: () => Promise<number>;
  /** Event-loop delay since the previous call, which starts a new window (Patchbay only). */
  readonly loopDelay?: () => Promise<LoopDelay>;
  /**
   * Relay to a SIPp UAS on this port from now on (Patchbay: the Relay flow redeployed). Each step
   * gets a fresh UAS port this way, so that retransmissions still in flight from an overloaded
   * step reach nobody instead of the next step's UAS, which would take them for new calls.
   */
  readonly retarget?: (uasPort: number) => Promise<void>;
  alive(): boolean;
  /** Its last lines of output, for error messages. */
  output(): string;
  stop(): Promise<void>;
}
