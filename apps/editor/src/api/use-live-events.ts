// The engine's live events (GET /api/events, a WebSocket of JSON frames), as a hook: calls
// `onEvent` for each frame and says whether the stream is up. Reconnects with back-off, so a
// restarted engine is picked up again; pages fall back to polling while it is down.
import { useEffect, useRef, useState } from 'react';

export type LiveEventKind = 'call-start' | 'call-update' | 'step' | 'message' | 'deployed';

/** A frame of /api/events; only the fields the editor reads are typed. */
export interface LiveEvent {
  readonly kind: LiveEventKind;
  readonly callId?: string;
  readonly flowId?: string | null;
  readonly version?: number | null;
  readonly [key: string]: unknown;
}

export type LiveState = 'connecting' | 'live' | 'offline';

export function eventsUrl(location: Pick<Location, 'protocol' | 'host'>, scope: LiveScope): string {
  const params = new URLSearchParams();
  if (scope.callId) params.set('callId', scope.callId);
  if (scope.flowId) params.set('flowId', scope.flowId);
  const query = params.toString();
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/events${query ? `?${query}` : ''}`;
}

export interface LiveScope {
  readonly callId?: string | undefined;
  readonly flowId?: string | undefined;
  /** False to stay disconnected (e.g. a call that has ended). */
  readonly enabled?: boolean;
}

export function useLiveEvents(scope: LiveScope, onEvent: (event: LiveEvent) => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const enabled = scope.enabled ?? true;
  const url = eventsUrl(window.location, scope);

  useEffect(() => {
    if (!enabled) {
      setState('offline');
      return;
    }
    let socket: WebSocket | null = null;
    let retry: number | undefined;
    let delay = 500;
    let stopped = false;

    const open = () => {
      setState('connecting');
      socket = new WebSocket(url);
      socket.onopen = () => {
        delay = 500;
        setState('live');
      };
      socket.onmessage = (message) => {
        if (typeof message.data !== 'string') return;
        try {
          handler.current(JSON.parse(message.data) as LiveEvent);
        } catch {
          // A frame that is not JSON is not for us.
        }
      };
      socket.onclose = () => {
        if (stopped) return;
        setState('offline');
        retry = window.setTimeout(open, delay);
        delay = Math.min(delay * 2, 10_000);
      };
    };
    open();
    return () => {
      stopped = true;
      window.clearTimeout(retry);
      socket?.close();
    };
  }, [url, enabled]);

  return state;
}
