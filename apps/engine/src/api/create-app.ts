// The express app: JSON API under /api and the built editor at /. Takes its dependencies, so
// that the engine's entry point and the tests build it the same way.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { Runtime } from '../runtime/runtime';
import type { Store } from '../store/store';
import type { TraceQueue } from '../store/trace-queue';
import { ApiError, errorMiddleware } from './api-error';
import { authenticate } from './auth/authenticate';
import type { EventHub } from './events-ws';
import { authRoutes } from './routes/auth';
import { callControlRoutes } from './routes/call-control';
import { callsRoutes } from './routes/calls';
import { deployRoutes } from './routes/deploy';
import { flowsRoutes } from './routes/flows';
import { metaRoutes } from './routes/meta';
import { metricsRoutes } from './routes/metrics';
import { simulateRoutes } from './routes/simulate';
import { sipRequestsRoutes } from './routes/sip-requests';
import { statsRoutes } from './routes/stats';
import { versionsRoutes } from './routes/versions';
import { webhooksRoutes } from './routes/webhooks';
import type { WebhookDispatcher } from './webhook-dispatcher';
import type { UserAgent } from '../sip/uac/user-agent';
import type { SipStats } from '../sip/sip-stack-types';

export interface AppDeps {
  readonly store: Store;
  /** Where trace events are queued; reads flush it first. Default: the store's own writer. */
  readonly traces?: TraceQueue;
  readonly runtime: Runtime;
  readonly version: string;
  /** Live events for the /api/events stream. */
  readonly events: EventHub;
  /** Whether API calls must carry a session or a token (see auth/auth-policy.ts). */
  readonly authRequired: boolean;
  readonly webhooks: WebhookDispatcher;
  /** The SIP stack's user agent (call control routes); absent in API-only tests. */
  readonly userAgent?: UserAgent | undefined;
  /** The SIP stack's counters (GET /api/metrics); absent in API-only tests. */
  readonly sipStats?: (() => SipStats) | undefined;
  /** Folder of the built editor (index.html + assets); null to serve the API only. */
  readonly editorDir: string | null;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  const api = express.Router();
  api.use(express.json({ limit: '2mb', strict: false }));
  api.use(authenticate(deps.store.auth, deps.authRequired));
  api.use(authRoutes(deps), webhooksRoutes(deps), metricsRoutes(deps));
  api.use(metaRoutes(deps), flowsRoutes(deps), deployRoutes(deps), callsRoutes(deps), simulateRoutes(deps));
  api.use(versionsRoutes(deps));
  api.use(statsRoutes(deps));
  api.use(sipRequestsRoutes(deps));
  api.use(callControlRoutes(deps));
  api.use((_req, _res) => {
    throw new ApiError('NOT_FOUND');
  });
  api.use(errorMiddleware);
  app.use('/api', api);

  const dir = deps.editorDir;
  if (dir && existsSync(join(dir, 'index.html'))) {
    app.use(express.static(dir, { index: 'index.html', maxAge: '1h' }));
    // Client-side routes (/flows/x, /calls/y) all load the single page.
    app.get(/^(?!\/api\/).*/, (_req, res) => res.sendFile(join(dir, 'index.html')));
  } else {
    app.get('/', (_req, res) =>
      res
        .type('text/plain')
        .send('Patchbay engine is running. The editor is not built: run `npm run build`, then reload.\n'),
    );
  }
  return app;
}
