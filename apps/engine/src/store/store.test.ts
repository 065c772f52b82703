import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import { migrate, openDb } from './db';
import { openStore, type Store } from './store';
import { TraceWriter } from './trace-writer';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('database', () => {
  it('creates its folder, runs WAL, and applies each migration once', () => {
    const path = join(dir.path, 'nested', 'patchbay.db');
    const db = openDb(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // Every numbered file in migrations/, in order (001, 003, 010 …).
    const files = readdirSync(join(dirname(fileURLToPath(import.meta.url)), 'migrations'))
      .filter((f) => /^\d{3}-.+\.sql$/.test(f))
      .sort()
      .map((f) => ({ version: Number(f.slice(0, 3)) }));
    expect(files[0]).toEqual({ version: 1 });
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(files);
    expect(migrate(db)).toEqual([]);
    db.close();
    const again = openDb(path);
    expect(again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: files.length });
    again.close();
  });
});

const start = (callId: string, at: number) =>
  ({
    kind: 'call-start',
    callId,
    flowId: 'f',
    version: 1,
    method: 'INVITE',
    from: 'sip:a@x',
    to: 'sip:b@x',
    at,
  }) as const;

const message = (callId: string, at: number, direction: 'in' | 'out', text: string) =>
  ({
    kind: 'message',
    callId,
    at,
    direction,
    transport: 'udp',
    peer: 'udp:127.0.0.1:1',
    bytes: Buffer.from(text),
  }) as const;

const step = (callId: string, seq: number, nodeId: string, port: string) =>
  ({ kind: 'step', callId, seq, nodeId, port, startedAt: seq, durationUs: 3, detail: { seq } }) as const;

describe('trace writer', () => {
  let store: Store;
  beforeEach(() => {
    store = openStore(join(dir.path, 'p.db'));
  });
  afterEach(() => store.close());

  it('writes queued events in one batch per turn, holding a call that goes on until a flush', async () => {
    store.traces.push({
      kind: 'message',
      callId: 'a',
      at: 10,
      direction: 'in',
      transport: 'udp',
      peer: 'udp:127.0.0.1:1',
      bytes: Buffer.from('INVITE sip:x SIP/2.0\r\n'),
    });
    store.traces.push(start('a', 11));
    expect(store.calls.get('a')).toBeUndefined();
    await new Promise((r) => setImmediate(r));
    expect(store.traces.batches).toBe(1);
    // Ringing, not ended: gathered, not yet written.
    expect(store.calls.get('a')).toBeUndefined();
    store.traces.flush();
    // The row is created by whichever event came first: the message, at 10.
    const detail = store.calls.get('a');
    expect(detail?.call).toMatchObject({
      flowId: 'f',
      method: 'INVITE',
      status: 'trying',
      startedAt: new Date(10).toISOString(),
    });
    expect(detail?.messages.map((m) => m.summary)).toEqual(['INVITE sip:x SIP/2.0']);
  });

  it('writes a call that ends with the batch that ends it: one row, one pack of its steps and messages', async () => {
    const t = store.traces;
    t.push(start('e', 1));
    t.push(message('e', 2, 'in', 'INVITE sip:x SIP/2.0\r\n\r\n'));
    t.push(step('e', 1, 'start', 'next'));
    t.push(step('e', 2, 'relay', 'answered'));
    t.push(message('e', 3, 'out', 'INVITE sip:y SIP/2.0\r\n\r\n'));
    await new Promise((r) => setImmediate(r));
    t.push({ kind: 'call-update', callId: 'e', status: 'answered', answeredAt: 4 });
    t.push(message('e', 5, 'in', 'BYE sip:x SIP/2.0\r\n\r\n'));
    t.push({ kind: 'call-update', callId: 'e', status: 'completed', finalCode: 200, endedAt: 6 });
    await new Promise((r) => setImmediate(r));
    expect(t.batches).toBe(2);
    expect(store.calls.get('e')).toMatchObject({
      call: {
        status: 'completed',
        finalCode: 200,
        answeredAt: new Date(4).toISOString(),
        endedAt: new Date(6).toISOString(),
      },
      steps: [
        { seq: 1, nodeId: 'start', port: 'next', startedAt: new Date(1).toISOString() },
        { seq: 2, nodeId: 'relay', port: 'answered' },
      ],
    });
    expect(store.calls.get('e')?.messages.map((m) => [m.direction, m.summary])).toEqual([
      ['in', 'INVITE sip:x SIP/2.0'],
      ['out', 'INVITE sip:y SIP/2.0'],
      ['in', 'BYE sip:x SIP/2.0'],
    ]);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM message_packs').get()).toEqual({ n: 1 });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM steps').get()).toEqual({ n: 0 });
  });

  it('writes a call that goes on once it has waited the hold time, and again when it ends', () => {
    let now = 1000;
    const writer = new TraceWriter(store.db, { holdMs: 500 }, () => now);
    writer.write([start('h', 1)], new Uint8Array(0));
    now += 499;
    writer.write([start('other', 2)], new Uint8Array(0));
    expect(store.calls.get('h')).toBeUndefined();
    now += 1;
    writer.write([{ kind: 'call-update', callId: 'other', status: 'ringing' }], new Uint8Array(0));
    expect(store.calls.get('h')?.call.status).toBe('trying');
    expect(store.calls.get('other')).toBeUndefined();
    writer.write(
      [{ kind: 'call-update', callId: 'h', status: 'failed', finalCode: 486, endedAt: 9 }],
      new Uint8Array(0),
    );
    expect(store.calls.get('h')?.call).toMatchObject({ status: 'failed', finalCode: 486 });
    writer.close();
    expect(store.calls.get('other')?.call.status).toBe('ringing');
  });

  it('writes what has waited the hold time when no batch comes', async () => {
    const writer = new TraceWriter(store.db, { holdMs: 20 });
    writer.push(start('idle', 1));
    await new Promise((r) => setImmediate(r));
    expect(store.calls.get('idle')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 100));
    expect(store.calls.get('idle')?.call.status).toBe('trying');
    writer.close();
  });

  it('packs a call’s messages a row per batch, read back in order after rows stored before packs', () => {
    const msg = (at: number, text: string) =>
      ({
        kind: 'message',
        callId: 'p',
        at,
        direction: at % 2 === 0 ? 'out' : 'in',
        transport: 'udp',
        peer: 'udp:127.0.0.1:1',
        bytes: Buffer.from(text),
      }) as const;
    store.traces.push(msg(1, 'INVITE sip:x SIP/2.0\r\n\r\n'));
    store.traces.flush();
    const row = store.db.prepare<[], { id: number }>("SELECT id FROM calls WHERE call_id = 'p'").get()?.id;
    // A message as the writer stored it before migration 012: one row each.
    store.db
      .prepare(
        "INSERT INTO messages (call_row, at, direction, transport, peer, summary, raw) VALUES (?, 0, 'in', 'udp', 'old', 'old', ?)",
      )
      .run(row, Buffer.from('OPTIONS sip:x SIP/2.0\r\n\r\n'));
    store.traces.push(msg(2, 'SIP/2.0 100 Trying\r\n\r\n'));
    store.traces.push(msg(3, 'SIP/2.0 180 Ringing\r\n\r\n'));
    store.traces.flush();
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM message_packs').get()).toEqual({ n: 2 });
    expect(store.calls.get('p')?.messages.map((m) => [m.seq, m.summary, m.direction])).toEqual([
      [1, 'OPTIONS sip:x SIP/2.0', 'in'],
      [2, 'INVITE sip:x SIP/2.0', 'in'],
      [3, 'SIP/2.0 100 Trying', 'out'],
      [4, 'SIP/2.0 180 Ringing', 'in'],
    ]);
  });

  it('updates a call an earlier writer stored, from its stored status and times', () => {
    const start = {
      kind: 'call-start',
      callId: 'r',
      flowId: 'f',
      version: 1,
      method: 'INVITE',
      from: 'sip:a@x',
      to: 'sip:b@x',
      at: 3,
    } as const;
    store.traces.push(start);
    store.traces.push({ kind: 'call-update', callId: 'r', status: 'answered', answeredAt: 5 });
    store.traces.flush();
    // A new writer (an engine restarted, or its cache cleared) knows nothing of call r.
    const later = new TraceWriter(store.db);
    later.push({ ...start, version: 2, at: 2 });
    later.push({ kind: 'call-update', callId: 'r', status: 'ringing', answeredAt: 7 });
    later.push({
      kind: 'step',
      callId: 'r',
      seq: 1,
      nodeId: 'n',
      port: 'x',
      startedAt: 8,
      durationUs: 1,
      detail: {},
    });
    later.push({ kind: 'call-update', callId: 'r', status: 'completed', finalCode: 200, endedAt: 9 });
    later.flush();
    expect(store.calls.get('r')).toMatchObject({
      call: {
        version: 2,
        status: 'completed',
        finalCode: 200,
        startedAt: new Date(2).toISOString(),
        answeredAt: new Date(5).toISOString(),
        endedAt: new Date(9).toISOString(),
      },
      steps: [{ seq: 1, nodeId: 'n' }],
    });
  });

  it('never moves a call backwards: a late ringing does not undo answered, nor completed become failed', () => {
    store.traces.push({
      kind: 'call-start',
      callId: 'b',
      flowId: null,
      version: null,
      method: 'INVITE',
      from: '',
      to: '',
      at: 1,
    });
    store.traces.push({ kind: 'call-update', callId: 'b', status: 'answered', answeredAt: 5 });
    store.traces.push({ kind: 'call-update', callId: 'b', status: 'ringing' });
    store.traces.flush();
    expect(store.calls.get('b')?.call.status).toBe('answered');
    store.traces.push({ kind: 'call-update', callId: 'b', status: 'completed', endedAt: 9 });
    store.traces.push({ kind: 'call-update', callId: 'b', status: 'failed', finalCode: 500 });
    store.traces.flush();
    expect(store.calls.get('b')?.call).toMatchObject({
      status: 'completed',
      endedAt: new Date(9).toISOString(),
    });
  });

  it('keeps everything written when the store is closed with events still queued', () => {
    const path = join(dir.path, 'q.db');
    const s = openStore(path);
    for (let i = 0; i < 100; i++)
      s.traces.push({
        kind: 'call-start',
        callId: `c${i}`,
        flowId: null,
        version: null,
        method: 'OPTIONS',
        from: '',
        to: '',
        at: i,
      });
    s.close();
    const reopened = openStore(path);
    expect(reopened.calls.list({ limit: 500 }).calls).toHaveLength(100);
    reopened.close();
  });
});
