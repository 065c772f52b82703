import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import type { TraceEvent } from '../runtime/trace-sink';
import { readPack } from './message-pack';
import { packDirOf, readPackBytes } from './pack-files';
import { openStore, type Store } from './store';
import { TraceWorkerClient } from './trace-worker-client';
import { TraceWriter } from './trace-writer';

let dir: ReturnType<typeof tempDir>;
let store: Store;
let client: TraceWorkerClient | undefined;
beforeEach(() => {
  dir = tempDir();
  store = openStore(join(dir.path, 'p.db'));
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  store.close();
  dir.remove();
});

/** A message whose bytes are a view into the middle of a bigger buffer, as pooled buffers are. */
function message(callId: string, text: string, at: number): TraceEvent {
  const big = Buffer.alloc(8192, 0x78);
  const start = 1000 + at;
  big.write(text, start, 'latin1');
  return {
    kind: 'message',
    callId,
    at,
    direction: 'in',
    transport: 'udp',
    peer: 'udp:127.0.0.1:5062',
    bytes: big.subarray(start, start + text.length),
  };
}

function rawMessages(callId: string): string[] {
  const dir = packDirOf(store.db) as string;
  return store.db
    .prepare<[string], { file: number; start: number; length: number }>(
      'SELECT p.file, p.start, p.length FROM message_packs p JOIN calls c ON c.id = p.call_row ' +
        'WHERE c.call_id = ? ORDER BY p.id',
    )
    .all(callId)
    .flatMap((r) => readPack(readPackBytes(dir, r) as Buffer).messages)
    .map((m) => m.raw.toString('latin1'));
}

describe('trace worker client', () => {
  it('writes events on its thread; flush resolves once a read on another connection sees them', async () => {
    const path = join(dir.path, 'p.db');
    client = new TraceWorkerClient(path, {}, () => new TraceWriter(store.db));
    client.push(message('w1', 'INVITE sip:b@x SIP/2.0\r\nCall-ID: w1\r\n\r\n', 1));
    client.push({
      kind: 'call-start',
      callId: 'w1',
      flowId: 'f',
      version: 2,
      method: 'INVITE',
      from: 'sip:a@x',
      to: 'sip:b@x',
      at: 1,
    });
    client.push({ kind: 'call-update', callId: 'w1', status: 'answered', finalCode: 200, answeredAt: 5 });
    client.push(message('w1', 'SIP/2.0 200 OK\r\nCall-ID: w1\r\n\r\n', 6));
    await client.flush();
    expect(store.calls.get('w1')?.call).toMatchObject({ flowId: 'f', version: 2, status: 'answered' });
    // Byte-exact, and only the message's own bytes, not the rest of the buffer it was a view of.
    expect(rawMessages('w1')).toEqual([
      'INVITE sip:b@x SIP/2.0\r\nCall-ID: w1\r\n\r\n',
      'SIP/2.0 200 OK\r\nCall-ID: w1\r\n\r\n',
    ]);
    expect(client.written).toBe(4);
  });

  it('writes what the worker holds when it is closed, and a flush after that resolves at once', async () => {
    client = new TraceWorkerClient(join(dir.path, 'p.db'), {}, () => new TraceWriter(store.db));
    client.push({ kind: 'call-update', callId: 'open', status: 'ringing' });
    await client.close();
    expect(store.calls.get('open')?.call.status).toBe('ringing');
    await client.flush();
  });

  it('drops a discarded call’s later events before they leave the SIP thread', async () => {
    client = new TraceWorkerClient(join(dir.path, 'p.db'), {}, () => new TraceWriter(store.db));
    client.push(message('gone', 'INVITE sip:b@x SIP/2.0\r\n\r\n', 1));
    client.push({ kind: 'call-discard', callId: 'gone' });
    client.push(message('gone', 'SIP/2.0 200 OK\r\n\r\n', 2));
    client.push(message('kept', 'OPTIONS sip:b@x SIP/2.0\r\n\r\n', 3));
    await client.flush();
    expect(store.calls.get('gone')).toBeUndefined();
    expect(rawMessages('kept')).toHaveLength(1);
    // INVITE, discard and the kept OPTIONS reached the worker; the late 200 did not.
    expect(client.written).toBe(3);
  });

  it('falls back to a writer on this thread when the worker cannot open the database', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    // A folder where the database file should be: the worker's openDb throws.
    client = new TraceWorkerClient(dir.path, {}, () => new TraceWriter(store.db));
    client.push(message('fb', 'INVITE sip:b@x SIP/2.0\r\n\r\n', 1));
    await vi.waitFor(() => expect(errors).toHaveBeenCalledWith(expect.stringMatching(/trace worker/)), {
      timeout: 10_000,
    });
    client.push(message('fb', 'SIP/2.0 180 Ringing\r\n\r\n', 2));
    await client.flush();
    expect(rawMessages('fb')).toEqual(['INVITE sip:b@x SIP/2.0\r\n\r\n', 'SIP/2.0 180 Ringing\r\n\r\n']);
    errors.mockRestore();
  });
});
