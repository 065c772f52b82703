// Outbound webhooks: call events of a flow (or of all flows) posted to a URL, signed with HMAC.
import { Router } from 'express';
import { z } from 'zod';
import { ApiError } from '../api-error';
import type { AppDeps } from '../create-app';
import { WEBHOOK_EVENT_KINDS } from '../webhook-dispatcher';

const body = z.object({
  url: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }),
  flowId: z.string().min(1).nullable().default(null),
  events: z.array(z.enum(WEBHOOK_EVENT_KINDS)).min(1).default(['call-start', 'call-update']),
  secret: z.string().min(16, 'at least 16 characters').max(256).optional(),
});

export function webhooksRoutes({ store, webhooks }: AppDeps): Router {
  const r = Router();

  r.get('/webhooks', (_req, res) => {
    // The secret is shown once, at creation.
    res.json({ webhooks: store.webhooks.list().map(({ secret: _secret, ...w }) => view(w)) });
  });

  r.post('/webhooks', (req, res) => {
    const parsed = body.safeParse(req.body);
    if (!parsed.success)
      throw new ApiError('BAD_REQUEST', {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    const { secret, ...rest } = parsed.data;
    const created = store.webhooks.create({ ...rest, ...(secret === undefined ? {} : { secret }) });
    webhooks.reload();
    res.status(201).json({ ...view(created), secret: created.secret });
  });

  r.delete('/webhooks/:id', (req, res) => {
    if (!store.webhooks.delete(req.params.id)) throw new ApiError('WEBHOOK_NOT_FOUND', { id: req.params.id });
    webhooks.reload();
    res.status(204).end();
  });

  return r;
}

function view(w: {
  id: string;
  flowId: string | null;
  url: string;
  events: readonly string[];
  createdAt: number;
  lastStatus: string | null;
  lastAt: number | null;
}) {
  return {
    id: w.id,
    flowId: w.flowId,
    url: w.url,
    events: w.events,
    createdAt: new Date(w.createdAt).toISOString(),
    lastStatus: w.lastStatus,
    lastAt: w.lastAt === null ? null : new Date(w.lastAt).toISOString(),
  };
}
