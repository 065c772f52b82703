// Outbound webhook subscriptions.
import { randomBytes } from 'node:crypto';
import type { Db } from './db';

export interface Webhook {
  readonly id: string;
  /** Only this flow's calls, or every call when null. */
  readonly flowId: string | null;
  readonly url: string;
  /** Event kinds to post (call-start, call-update, step, deployed, …). */
  readonly events: readonly string[];
  readonly secret: string;
  readonly createdAt: number;
  readonly lastStatus: string | null;
  readonly lastAt: number | null;
}

interface Row {
  id: string;
  flow_id: string | null;
  url: string;
  events: string;
  secret: string;
  created_at: number;
  last_status: string | null;
  last_at: number | null;
}

export class WebhooksRepo {
  private readonly listStmt;
  private readonly insertStmt;
  private readonly deleteStmt;
  private readonly statusStmt;

  constructor(db: Db) {
    this.listStmt = db.prepare<[], Row>('SELECT * FROM webhooks ORDER BY created_at');
    this.insertStmt = db.prepare(
      'INSERT INTO webhooks (id, flow_id, url, events, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.deleteStmt = db.prepare('DELETE FROM webhooks WHERE id = ?');
    this.statusStmt = db.prepare('UPDATE webhooks SET last_status = ?, last_at = ? WHERE id = ?');
  }

  list(): Webhook[] {
    return this.listStmt.all().map((r) => ({
      id: r.id,
      flowId: r.flow_id,
      url: r.url,
      events: JSON.parse(r.events) as string[],
      secret: r.secret,
      createdAt: r.created_at,
      lastStatus: r.last_status,
      lastAt: r.last_at,
    }));
  }

  create(
    input: { flowId: string | null; url: string; events: readonly string[]; secret?: string },
    now = Date.now(),
  ): Webhook {
    const id = randomBytes(8).toString('hex');
    const secret = input.secret ?? randomBytes(24).toString('base64url');
    this.insertStmt.run(id, input.flowId, input.url, JSON.stringify(input.events), secret, now);
    return {
      id,
      flowId: input.flowId,
      url: input.url,
      events: [...input.events],
      secret,
      createdAt: now,
      lastStatus: null,
      lastAt: null,
    };
  }

  delete(id: string): boolean {
    return this.deleteStmt.run(id).changes === 1;
  }

  recordStatus(id: string, status: string, now = Date.now()): void {
    this.statusStmt.run(status, now, id);
  }
}
