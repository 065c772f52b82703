// Builds the engine bottom-up — store, runtime, SIP stack, HTTP — and tears it down in the
// reverse order. Used by `patchbay serve` and by the integration tests alike.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAdminPassword } from './api/auth/admin-password';
import { authRequired as needsAuth } from './api/auth/auth-policy';
import { identify } from './api/auth/authenticate';
import { createApp } from './api/create-app';
import { attachEventsSocket, EventHub } from './api/events-ws';
import { bridgeUaEvents } from './api/routes/call-control';
import { WebhookDispatcher } from './api/webhook-dispatcher';
import type { Config } from './config';
import { Runtime } from './runtime/runtime';
import type { TraceSink } from './runtime/trace-sink';
import { startSipStack } from './sip/start-sip-stack';
import { DEFAULT_SHED_AT_PERCENT } from './sip/transport/overload-guard';
import type { MessageEvent, SipStack } from './sip/sip-stack-types';
import { openStore, type Store } from './store/store';
import type { TraceQueue } from './store/trace-queue';
import { TraceWorkerClient } from './store/trace-worker-client';
import { TraceWriter, type TraceOptions } from './store/trace-writer';
import { retainIdleHeapRelease } from './idle-heap-release';
import { applyV8Tuning } from './v8-tuning';

export const VERSION = '0.1.0';

export const DEFAULT_EDITOR_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../editor/dist');

export interface Patchbay {
  readonly store: Store;
  /** Where trace events go: the trace worker thread for a database file. */
  readonly traces: TraceQueue;
  readonly runtime: Runtime;
  readonly sip: SipStack;
  readonly http: Server;
  /** Base URL of the HTTP API and editor, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly authRequired: boolean;
  /** A password generated at this start (auth required, none set): print it once. */
  readonly generatedPassword: string | undefined;
  close(): Promise<void>;
}

/** Engine settings read from the environment (README "Configuration"). */
export interface EngineSettings {
  /** PATCHBAY_DEFAULT_RESPONSE, e.g. "404 Not Found" or "480 Temporarily Unavailable". */
  readonly defaultResponse: { readonly status: number; readonly reason: string };
  readonly trace: TraceOptions;
  /** PATCHBAY_OVERLOAD_SHED_AT: % of the UDP receive queue that starts load shedding; 0: never. */
  readonly overloadShedAtPercent: number;
}

export class SettingsError extends Error {}

/** RFC 3261 §21 reason phrases for a default response given as a bare code. */
const REASONS: Record<number, string> = {
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  480: 'Temporarily Unavailable',
  484: 'Address Incomplete',
  486: 'Busy Here',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
  603: 'Decline',
};

export function engineSettingsFromEnv(env: NodeJS.ProcessEnv): EngineSettings {
  const text = env['PATCHBAY_DEFAULT_RESPONSE']?.trim() || '404 Not Found';
  const m = /^([3-6]\d\d)(?:\s+(.+))?$/.exec(text);
  if (!m)
    throw new SettingsError(`PATCHBAY_DEFAULT_RESPONSE: "${text}" is not "CODE Reason" with a code 300–699`);
  const number = (name: string, def: number): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new SettingsError(`${name}: "${raw}" is not a number ≥ 0`);
    return n;
  };
  const redact = (env['PATCHBAY_TRACE_REDACT'] ?? 'on').trim().toLowerCase();
  if (!['on', 'off'].includes(redact))
    throw new SettingsError(`PATCHBAY_TRACE_REDACT: "${redact}" is not on or off`);
  const shedAt = number('PATCHBAY_OVERLOAD_SHED_AT', DEFAULT_SHED_AT_PERCENT);
  if (shedAt > 100) throw new SettingsError(`PATCHBAY_OVERLOAD_SHED_AT: "${shedAt}" is over 100 (%)`);
  return {
    defaultResponse: { status: Number(m[1]), reason: m[2] ?? REASONS[Number(m[1])] ?? 'No Route' },
    trace: {
      maxAgeMs: number('PATCHBAY_TRACE_MAX_AGE_DAYS', 30) * 86_400_000,
      maxDbBytes: number('PATCHBAY_TRACE_MAX_DB_MB', 1024) * 1024 * 1024,
      redactAuth: redact === 'on',
    },
    overloadShedAtPercent: shedAt,
  };
}

export async function startPatchbay(
  config: Config,
  editorDir: string | null = DEFAULT_EDITOR_DIR,
  settings: EngineSettings = engineSettingsFromEnv(process.env),
): Promise<Patchbay> {
  applyV8Tuning();
  // A database file gets a worker thread for its trace writes (SQLite off the SIP thread); an
  // in-memory one cannot be shared with a thread, so the store's own writer does them.
  const threaded = config.db !== ':memory:';
  const store = openStore(config.db, threaded ? {} : settings.trace);
  const traces: TraceQueue = threaded
    ? new TraceWorkerClient(config.db, settings.trace, () => new TraceWriter(store.db, settings.trace))
    : store.traces;
  const hub = new EventHub();
  // Every trace event goes to the store; to the live stream only while someone listens.
  const sink: TraceSink = {
    push(e) {
      traces.push(e);
      hub.publishTrace(e);
    },
  };
  const runtime = new Runtime(sink, { defaultResponse: settings.defaultResponse });
  for (const { program, document } of store.programs.active()) runtime.deploy(program, document);

  const authRequired = needsAuth(config.auth ?? 'auto', config.httpHost);
  const generatedPassword = await ensureAdminPassword(store.auth, config.adminPassword, authRequired);
  const webhooks = new WebhookDispatcher(store.webhooks, hub);

  let sip: SipStack | undefined;
  let http: Server | undefined;
  try {
    sip = await startSipStack({
      host: config.sipHost,
      port: config.sipPort,
      handleRequest: runtime.handleRequest,
      onDialog: runtime.handleDialog,
      onMessage: (e) => recordMessage(sink, e),
      overloadShedAtPercent: settings.overloadShedAtPercent,
    });
    sip.userAgent?.subscribe(bridgeUaEvents(sink, hub));
    const stack = sip;
    const app = createApp({
      userAgent: sip.userAgent,
      sipStats: () => stack.stats(),
      store,
      traces,
      runtime,
      version: VERSION,
      events: hub,
      editorDir,
      authRequired,
      webhooks,
    });
    http = createServer(app);
    attachEventsSocket(http, hub, (req) => !authRequired || identify(req, store.auth) !== undefined);
    await listen(http, config.httpPort, config.httpHost);
  } catch (err) {
    webhooks.close();
    await sip?.close();
    await traces.close();
    store.close();
    throw err;
  }
  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const server = http;
  const stack = sip;
  // After a burst, the heap its transactions grew is given back once they are gone.
  const stopHeapRelease = retainIdleHeapRelease(() => {
    const { servers, clients } = stack.stats().transactions;
    return servers + clients;
  });
  return {
    store,
    traces,
    runtime,
    sip: stack,
    http: server,
    url: `http://${host}:${address.port}`,
    authRequired,
    generatedPassword,
    async close() {
      stopHeapRelease();
      await stack.close();
      webhooks.close();
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await traces.close();
      store.close();
    },
  };
}

function recordMessage(sink: TraceSink, e: MessageEvent): void {
  if (e.callId === undefined) return;
  sink.push({
    kind: 'message',
    callId: e.callId,
    at: e.at,
    direction: e.direction,
    transport: e.peer.transport,
    peer: `${e.peer.transport}:${e.peer.address.includes(':') ? `[${e.peer.address}]` : e.peer.address}:${e.peer.port}`,
    bytes: e.bytes,
    credentials: e.credentials,
  });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
