// The engine's store: one SQLite file, its repositories and the trace writer.
import { AuthRepo } from './auth-repo';
import { CallsRepo } from './calls-repo';
import { openDb, type Db } from './db';
import { FlowsRepo } from './flows-repo';
import { ProgramsRepo } from './programs-repo';
import { TraceWriter, type TraceOptions } from './trace-writer';
import { WebhooksRepo } from './webhooks-repo';

export interface Store {
  readonly db: Db;
  readonly flows: FlowsRepo;
  readonly programs: ProgramsRepo;
  readonly calls: CallsRepo;
  readonly traces: TraceWriter;
  readonly auth: AuthRepo;
  readonly webhooks: WebhooksRepo;
  close(): void;
}

export function openStore(path: string, traceOptions: TraceOptions = {}): Store {
  const db = openDb(path);
  const traces = new TraceWriter(db, traceOptions);
  return {
    db,
    flows: new FlowsRepo(db),
    programs: new ProgramsRepo(db),
    calls: new CallsRepo(db),
    traces,
    auth: new AuthRepo(db),
    webhooks: new WebhooksRepo(db),
    close() {
      traces.close();
      db.close();
    },
  };
}
