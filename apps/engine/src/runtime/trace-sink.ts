// What the runtime and the SIP stack report about a call, on its way to the store. Plain data,
// queued by the trace writer and written off the SIP path.
import type { CallStatus } from '@patchbay/shared/api';

export type TraceEvent =
  | {
      readonly kind: 'call-start';
      readonly callId: string;
      readonly flowId: string | null;
      readonly version: number | null;
      readonly method: string;
      readonly from: string;
      readonly to: string;
      readonly at: number;
    }
  | {
      readonly kind: 'call-update';
      readonly callId: string;
      readonly status?: CallStatus;
      readonly finalCode?: number;
      readonly answeredAt?: number;
      readonly endedAt?: number;
    }
  | {
      readonly kind: 'step';
      readonly callId: string;
      readonly seq: number;
      readonly nodeId: string;
      readonly port: string | null;
      readonly startedAt: number;
      readonly durationUs: number;
      readonly detail: Readonly<Record<string, unknown>>;
      readonly error?: string;
    }
  | {
      /**
       * The flow's trace level says not to keep this call (off, errors-only without an error, or
       * not sampled): the store forgets it and drops its later events.
       */
      readonly kind: 'call-discard';
      readonly callId: string;
    }
  | {
      readonly kind: 'message';
      readonly callId: string;
      readonly at: number;
      readonly direction: 'in' | 'out';
      readonly transport: 'udp' | 'tcp';
      readonly peer: string;
      readonly bytes: Uint8Array;
      /**
       * false when the message is known to carry no Authorization or Proxy-Authorization, so a
       * store redacting them need not look (absent: it may carry them).
       */
      readonly credentials?: boolean;
    };

/** The only seam between the runtime (and SIP stack) and whoever records or streams the trace. */
export interface TraceSink {
  push(event: TraceEvent): void;
}

export const noopSink: TraceSink = { push: () => {} };
