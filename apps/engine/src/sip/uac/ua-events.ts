// What the user-agent side reports upward (the engine turns these into trace events, live
// events and webhooks). Plain data; times in ms since the epoch.

export interface RequestOutcome {
  readonly id: string;
  readonly method: string;
  readonly uri: string;
  readonly state: 'pending' | 'completed';
  /** Final status; 408 when Timer B/F fired, 503 when the target could not be reached. */
  readonly status?: number;
  readonly reason?: string;
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
  readonly body?: string;
  readonly callId: string;
  readonly sentAt: number;
  readonly completedAt?: number;
}

export type LegName = 'a' | 'b';

export type UaEvent =
  | { readonly kind: 'request-outcome'; readonly outcome: RequestOutcome }
  | {
      readonly kind: 'call-start';
      readonly callId: string;
      readonly a: string;
      readonly b: string;
      readonly at: number;
    }
  | { readonly kind: 'call-ringing'; readonly callId: string; readonly leg: LegName; readonly at: number }
  | { readonly kind: 'call-answered'; readonly callId: string; readonly at: number }
  | {
      /** A re-offer from one leg was passed to the other, which took it: both have the new session. */
      readonly kind: 'call-media-changed';
      readonly callId: string;
      /** The leg whose re-INVITE or UPDATE it was. */
      readonly by: LegName;
      readonly method: 'INVITE' | 'UPDATE';
      /** When the request arrived; `at` is when the change was complete. */
      readonly startedAt: number;
      readonly at: number;
    }
  | {
      readonly kind: 'call-ended';
      readonly callId: string;
      readonly at: number;
      /** 'failed' when a leg did not answer (status = its final code). */
      readonly outcome: 'completed' | 'failed' | 'cancelled';
      readonly status?: number;
      /** Who ended it: a leg hanging up, or the API. */
      readonly by?: LegName | 'api';
      readonly reason: string;
    };
