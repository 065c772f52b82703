// Posts live events to the configured webhooks: JSON body, signed as
//   X-Patchbay-Signature: sha256=HEX(HMAC-SHA256(secret, `${timestamp}.${body}`))
// with the timestamp in X-Patchbay-Timestamp (ms), so receivers can check origin and freshness.
// Network errors, timeouts, 429 and 5xx are retried with exponential back-off; other 4xx are not.
import { createHmac } from 'node:crypto';
import type { WebhooksRepo, Webhook } from '../store/webhooks-repo';
import type { EventHub, LiveEvent } from './events-ws';

export const WEBHOOK_EVENT_KINDS = [
  'call-start',
  'call-update',
  'step',
  'message',
  'deployed',
  'request-outcome',
  'call-ringing',
  'call-answered',
  'call-ended',
  'call-media-changed',
] as const;

export interface DispatcherOptions {
  readonly maxAttempts?: number;
  /** First retry delay; doubled each time. */
  readonly retryBaseMs?: number;
  readonly timeoutMs?: number;
}

export function signPayload(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export class WebhookDispatcher {
  private hooks: Webhook[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private unsubscribe: (() => void) | undefined;
  private closed = false;
  /** Deliveries still in flight or waiting to retry (for tests and shutdown). */
  pending = 0;

  constructor(
    private readonly repo: WebhooksRepo,
    private readonly hub: EventHub,
    private readonly options: DispatcherOptions = {},
  ) {
    this.reload();
  }

  /** Re-read the webhook list (after a change through the API). */
  reload(): void {
    this.hooks = this.repo.list();
    if (this.hooks.length > 0 && !this.unsubscribe)
      this.unsubscribe = this.hub.subscribe((e) => this.onEvent(e));
    else if (this.hooks.length === 0 && this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = undefined;
    }
  }

  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    for (const t of this.timers) clearTimeout(t);
    for (const c of this.controllers) c.abort();
  }

  private onEvent(e: LiveEvent, flowId: string | null = this.hub.flowOf(e)): void {
    for (const hook of this.hooks) {
      if (!hook.events.includes(e.kind)) continue;
      if (hook.flowId !== null && hook.flowId !== flowId) continue;
      this.pending++;
      void this.deliver(hook, JSON.stringify({ event: e.kind, flowId, data: e }), 1);
    }
  }

  private async deliver(hook: Webhook, body: string, attempt: number): Promise<void> {
    if (this.closed) return this.done();
    const timestamp = String(Date.now());
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs ?? 5000);
    let status: string;
    let retry: boolean;
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Patchbay-Webhook/1',
          'x-patchbay-timestamp': timestamp,
          'x-patchbay-signature': signPayload(hook.secret, timestamp, body),
          'x-patchbay-attempt': String(attempt),
        },
        body,
        signal: controller.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      status = `HTTP ${res.status}`;
      retry = res.status >= 500 || res.status === 429;
    } catch (err) {
      status = controller.signal.aborted ? 'timeout' : `error: ${(err as Error).message}`;
      retry = true;
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
    if (this.closed) return this.done();
    this.repo.recordStatus(hook.id, `${status} (attempt ${attempt})`);
    if (retry && attempt < (this.options.maxAttempts ?? 5)) {
      const delay = (this.options.retryBaseMs ?? 1000) * 2 ** (attempt - 1);
      const t = setTimeout(() => {
        this.timers.delete(t);
        void this.deliver(hook, body, attempt + 1);
      }, delay);
      this.timers.add(t);
      return;
    }
    this.done();
  }

  private done(): void {
    this.pending--;
  }
}
