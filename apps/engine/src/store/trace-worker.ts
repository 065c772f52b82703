// The trace worker thread: its own connection to the engine's database and a TraceWriter that
// commits each batch the engine posts in one transaction, so SQLite never runs on the SIP thread.
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from './db';
import { TraceWriter } from './trace-writer';
import type { FromTraceWorker, ToTraceWorker, TraceWorkerData } from './trace-worker-protocol';

const port = parentPort;
if (port === null) throw new Error('trace-worker.ts runs as a worker thread');
const { dbPath, options } = workerData as TraceWorkerData;
const db = openDb(dbPath);
// Trace writes touch the same few index pages over and over: keep them in a larger page cache
// than SQLite's 2 MiB and checkpoint the WAL less often, so a page changed many times is copied
// back once. 8 MiB: at 32 the cache filled with trace pages and stayed in the engine's RSS, and
// the worker's CPU per call measured the same with either.
db.pragma('cache_size = -8192');
db.pragma('wal_autocheckpoint = 10000');
const writer = new TraceWriter(db, options);
const reply = (m: FromTraceWorker): void => port.postMessage(m);

port.on('message', (m: ToTraceWorker) => {
  switch (m.type) {
    case 'batch':
      writer.write(m.events, m.messages, m.all);
      reply({ type: 'written', seq: m.seq, written: writer.written, batches: writer.batches });
      return;
    case 'close':
      writer.close();
      db.close();
      reply({ type: 'closed', written: writer.written, batches: writer.batches });
      port.close();
      return;
  }
});
