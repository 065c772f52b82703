// GET /api/events (WebSocket): live call events — call started and updated, trace steps, SIP
// message summaries, deployments — as JSON text frames. `?callId=` or `?flowId=` narrows the
// stream. When nobody listens, publishing costs one property read (see `listening`).
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CallControlEvent } from '@patchbay/shared/api';
import type { TraceEvent } from '../runtime/trace-sink';
import { firstLine } from '../util/first-line';
import { OldestKey } from '../util/oldest-key';

export type LiveEvent =
  | Exclude<TraceEvent, { kind: 'message' }>
  | { kind: 'message'; callId: string; at: number; direction: 'in' | 'out'; peer: string; summary: string }
  | { kind: 'deployed'; flowId: string; version: number }
  | CallControlEvent;

interface Subscriber {
  readonly socket: WebSocket;
  readonly callId: string | null;
  readonly flowId: string | null;
}

export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly listeners = new Set<(e: LiveEvent) => void>();
  /** Flow of each call seen starting, so that flowId filters apply to its later events. */
  private readonly flowOfCall = new Map<string, string | null>();
  private readonly oldestCall = new OldestKey(this.flowOfCall);

  get listening(): boolean {
    return this.subscribers.size > 0 || this.listeners.size > 0;
  }

  /** In-process listener (webhooks); returns the unsubscribe function. */
  subscribe(listener: (e: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The flow an event belongs to, as far as the hub knows. */
  flowOf(e: LiveEvent): string | null {
    if ('flowId' in e) return e.flowId;
    return 'callId' in e ? (this.flowOfCall.get(e.callId) ?? null) : null;
  }

  add(subscriber: Subscriber): void {
    this.subscribers.add(subscriber);
    subscriber.socket.on('close', () => this.subscribers.delete(subscriber));
  }

  publishTrace(e: TraceEvent): void {
    if (!this.listening) return;
    if (e.kind === 'call-start') {
      this.flowOfCall.set(e.callId, e.flowId);
      if (this.flowOfCall.size > 10_000) this.flowOfCall.delete(this.oldestCall.next() as string);
    }
    this.publish(
      e.kind === 'message'
        ? {
            kind: 'message',
            callId: e.callId,
            at: e.at,
            direction: e.direction,
            peer: e.peer,
            summary: firstLine(e.bytes),
          }
        : e,
    );
  }

  publish(e: LiveEvent): void {
    if (!this.listening) return;
    const callId = 'callId' in e ? e.callId : null;
    const flowId = this.flowOf(e);
    for (const listener of this.listeners) listener(e);
    let text: string | undefined;
    for (const s of this.subscribers) {
      if (s.callId !== null && s.callId !== callId) continue;
      if (s.flowId !== null && s.flowId !== flowId) continue;
      text ??= JSON.stringify(e);
      s.socket.send(text);
    }
  }

  close(): void {
    for (const s of this.subscribers) s.socket.terminate();
    this.subscribers.clear();
  }
}

export function attachEventsSocket(
  server: Server,
  hub: EventHub,
  authorize: (req: IncomingMessage) => boolean = () => true,
): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/events') {
      socket.destroy();
      return;
    }
    if (!authorize(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      hub.add({ socket: ws, callId: url.searchParams.get('callId'), flowId: url.searchParams.get('flowId') });
    });
  });
  return wss;
}
