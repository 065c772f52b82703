// What a node op sees of the call it runs for: the request, the proxy's handle to answer or
// relay it, and a place to note what it read and did (the trace step's detail).
import type { ProxiedRequest, RequestView } from '../sip/sip-stack-types';

export class CallContext {
  /** Detail of the step being run; reset by the runner before each node. */
  detail: Record<string, unknown> = {};
  /** Set once a final response has gone upstream (ours, a relayed 2xx, or the best response). */
  finalSent = false;

  constructor(
    readonly proxied: ProxiedRequest,
    readonly onFinal: (status: number) => void,
  ) {}

  get request(): RequestView {
    return this.proxied.request;
  }

  get callId(): string {
    return this.proxied.request.callId;
  }

  note(key: string, value: unknown): void {
    this.detail[key] = value;
  }

  /** Send a final response of our own, once. Returns false when one was sent already. */
  respond(status: number, reason: string): boolean {
    if (this.finalSent) return false;
    this.proxied.respond(status, reason);
    this.markFinal(status);
    return true;
  }

  markFinal(status: number): void {
    if (this.finalSent) return;
    this.finalSent = true;
    this.onFinal(status);
  }
}
