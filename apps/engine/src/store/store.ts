// The engine's store: one SQLite file, its repositories and the trace writer.
import { CallsRepo } from './calls-repo';
import { openDb, type Db } from './db';
import { FlowsRepo } from './flows-repo';
import { ProgramsRepo } from './programs-repo';
import { TraceWriter } from './trace-writer';

export interface Store {
  readonly db: Db;
  readonly flows: FlowsRepo;
  readonly programs: ProgramsRepo;
  readonly calls: CallsRepo;
  readonly traces: TraceWriter;
  close(): void;
}

export function openStore(path: string): Store {
  const db = openDb(path);
  const traces = new TraceWriter(db);
  return {
    db,
    flows: new FlowsRepo(db),
    programs: new ProgramsRepo(db),
    calls: new CallsRepo(db),
    traces,
    close() {
      traces.close();
      db.close();
    },
  };
}
