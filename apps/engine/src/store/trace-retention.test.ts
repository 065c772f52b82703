// Trace levels' discards, Authorization redaction and retention (age and size) in the writer.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import { listPackFiles, packDirOf } from './pack-files';
import { openStore, type Store } from './store';
import { hasCredentials, redactAuthorization } from './trace-writer';

let dir: ReturnType<typeof tempDir>;
let store: Store | undefined;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  store?.close();
  store = undefined;
  dir.remove();
});

const te = new TextEncoder();
const INVITE =
  'INVITE sip:b@h SIP/2.0\r\nCall-ID: c1\r\nAuthorization: Digest username="alice", nonce="n",\r\n response="secret"\r\n' +
  'proxy-authorization:Bearer tok123\r\nContent-Length: 4\r\n\r\nbody';

describe('redaction', () => {
  it('replaces Authorization and Proxy-Authorization values, keeping the scheme and the rest', () => {
    const out = redactAuthorization(te.encode(INVITE)).toString();
    expect(out).toBe(
      'INVITE sip:b@h SIP/2.0\r\nCall-ID: c1\r\nAuthorization: Digest <redacted>\r\n' +
        'proxy-authorization:Bearer <redacted>\r\nContent-Length: 4\r\n\r\nbody',
    );
    expect(out).not.toContain('secret');
    const plain = 'OPTIONS sip:b@h SIP/2.0\r\nCall-ID: c2\r\n\r\nAuthorization: in the body';
    expect(redactAuthorization(te.encode(plain)).toString()).toBe(plain);
  });

  it('finds credential fields in the header only, in any case, and not fields named alike', () => {
    const has = (text: string): boolean => hasCredentials(te.encode(text));
    expect(has(INVITE)).toBe(true);
    expect(has('OPTIONS sip:b@h SIP/2.0\r\nCall-ID: c2\r\n\r\nAuthorization: in the body')).toBe(false);
    expect(has('OPTIONS sip:b@h SIP/2.0\nAUTHORIZATION \t: Digest x\n\n')).toBe(true);
    expect(has('SIP/2.0 401 Unauthorized\r\npRoXy-AuThOrIzAtIoN:x\r\n\r\n')).toBe(true);
    expect(has('SIP/2.0 200 OK\r\nAuthorization-Info: nextnonce="n"\r\n\r\n')).toBe(false);
    expect(has('SIP/2.0 407 Proxy Auth\r\nProxy-Authenticate: Digest x\r\n\r\n')).toBe(false);
    expect(has('INVITE sip:authorization:x@h SIP/2.0')).toBe(false); // a start line only
  });

  it('stores messages redacted by default, as received when turned off', () => {
    for (const redactAuth of [undefined, false]) {
      store = openStore(
        join(dir.path, `${String(redactAuth)}.db`),
        redactAuth === undefined ? {} : { redactAuth },
      );
      store.traces.push({
        kind: 'message',
        callId: 'c1',
        at: 1,
        direction: 'in',
        transport: 'udp',
        peer: 'udp:1.2.3.4:5060',
        bytes: te.encode(INVITE),
      });
      const ok = 'SIP/2.0 200 OK\r\nCall-ID: c1\r\nContent-Length: 0\r\n\r\n';
      store.traces.push({
        kind: 'message',
        callId: 'c1',
        at: 2,
        direction: 'out',
        transport: 'udp',
        peer: 'udp:1.2.3.4:5060',
        bytes: te.encode(ok),
      });
      store.traces.flush();
      const [invite, answer] = store.calls.get('c1')?.messages ?? [];
      expect(invite?.text.includes('secret')).toBe(redactAuth === false);
      expect(invite?.text.endsWith('Content-Length: 4\r\n\r\nbody')).toBe(true);
      // The record after a shortened one is read back whole, so its length was rewritten.
      expect(answer).toMatchObject({ seq: 2, direction: 'out', summary: 'SIP/2.0 200 OK', text: ok });
      store.close();
      store = undefined;
    }
  });
});

describe('discarded calls', () => {
  it('deletes the call and drops its later events', () => {
    store = openStore(join(dir.path, 'p.db'));
    const t = store.traces;
    t.push({
      kind: 'message',
      callId: 'x',
      at: 1,
      direction: 'in',
      transport: 'udp',
      peer: 'p',
      bytes: te.encode('INVITE sip:a@b SIP/2.0\r\n\r\n'),
    });
    t.push({
      kind: 'call-start',
      callId: 'x',
      flowId: 'f',
      version: 1,
      method: 'INVITE',
      from: '',
      to: '',
      at: 1,
    });
    t.push({ kind: 'call-discard', callId: 'x' });
    t.push({
      kind: 'message',
      callId: 'x',
      at: 2,
      direction: 'in',
      transport: 'udp',
      peer: 'p',
      bytes: te.encode('BYE sip:a@b SIP/2.0\r\n\r\n'),
    });
    t.push({ kind: 'call-update', callId: 'x', status: 'completed', endedAt: 3 });
    t.push({
      kind: 'call-start',
      callId: 'y',
      flowId: 'f',
      version: 1,
      method: 'INVITE',
      from: '',
      to: '',
      at: 1,
    });
    t.flush();
    expect(store.calls.get('x')).toBeUndefined();
    expect(store.calls.get('y')).toBeDefined();
  });
});

describe('retention', () => {
  it('deletes calls older than the maximum age, with their steps and messages', () => {
    store = openStore(join(dir.path, 'p.db'), { maxAgeMs: 1000 });
    const now = 1_000_000;
    for (const [id, at] of [
      ['old', now - 5000],
      ['new', now - 10],
    ] as const) {
      store.traces.push({
        kind: 'call-start',
        callId: id,
        flowId: 'f',
        version: 1,
        method: 'INVITE',
        from: '',
        to: '',
        at,
      });
      store.traces.push({
        kind: 'step',
        callId: id,
        seq: 1,
        nodeId: 'start',
        port: 'next',
        startedAt: at,
        durationUs: 1,
        detail: {},
      });
    }
    expect(store.traces.enforceRetention(now)).toBe(1);
    expect(store.calls.get('old')).toBeUndefined();
    expect(store.calls.get('new')?.steps).toHaveLength(1);
    // The old call's pack went with it.
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM message_packs').get()).toEqual({ n: 1 });
  });

  it('deletes the oldest calls while the database is over its size', () => {
    // An empty database is some 250 KB (a page for each table and index).
    store = openStore(join(dir.path, 'p.db'), { maxDbBytes: 512 * 1024 });
    pushBigCalls(store, 0, 200);
    store.traces.flush();
    expect(store.traces.dbBytes()).toBeGreaterThan(1024 * 1024);
    expect(store.traces.enforceRetention()).toBeGreaterThan(0);
    expect(store.traces.dbBytes()).toBeLessThanOrEqual(512 * 1024);
    // The newest calls stay.
    expect(store.calls.get('c199')).toBeDefined();
    expect(store.calls.get('c0')).toBeUndefined();
  });

  it('deletes about what is over the limit, not a tenth of the calls', () => {
    const path = join(dir.path, 'p.db');
    // Written under a limit of about what they hold: pack files of a 32nd of it (64 KiB), 8 calls.
    store = openStore(path, { maxDbBytes: 2 * 1024 * 1024 });
    pushBigCalls(store, 0, 200);
    store.traces.flush();
    const full = store.traces.dbBytes();
    expect(listPackFiles(packDirOf(store.db) as string).length).toBeGreaterThan(20);
    store.close();
    // Three calls' worth over: the oldest go until their pack file does, 8 calls (a tenth: 20).
    store = openStore(path, { maxDbBytes: full - 3 * 8192 });
    const deleted = store.traces.enforceRetention();
    expect(deleted).toBeGreaterThanOrEqual(3);
    expect(deleted).toBeLessThanOrEqual(10);
    expect(store.traces.dbBytes()).toBeLessThanOrEqual(full - 3 * 8192);
    expect(store.calls.get('c0')).toBeUndefined();
    expect(store.calls.get('c15')).toBeDefined();
  });

  it('deletes a pack file once no call in it is left, and reads a call whose file went as empty', () => {
    store = openStore(join(dir.path, 'p.db'), { maxDbBytes: 2 * 1024 * 1024 });
    pushBigCalls(store, 0, 40);
    store.traces.flush();
    const packDir = packDirOf(store.db) as string;
    const before = listPackFiles(packDir);
    expect(before[0]?.file).toBe(1);
    // c0 alone does not free the first file; all the calls in it do.
    store.db.prepare("DELETE FROM calls WHERE call_id = 'c0'").run();
    expect(store.traces.enforceRetention()).toBe(0); // under the limit: deletes no call
    expect(listPackFiles(packDir)[0]?.file).toBe(1);
    const inFirst = store.db
      .prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM message_packs WHERE file = 1')
      .get()?.n;
    expect(inFirst).toBeGreaterThan(0);
    store.db.prepare('DELETE FROM message_packs WHERE file = 1').run();
    store.traces.enforceRetention();
    expect(listPackFiles(packDir)[0]?.file).toBe(2);
    // A call whose pack file is gone reads back without its messages.
    expect(store.calls.get('c1')?.messages).toEqual([]);
    expect(store.calls.get('c39')?.messages).toHaveLength(1);
  });

  it('looks every retentionEveryMs and deletes once the database is over its size', async () => {
    store = openStore(join(dir.path, 'p.db'), { maxDbBytes: 1024 * 1024, retentionEveryMs: 20 });
    pushBigCalls(store, 0, 20);
    store.traces.flush();
    await new Promise((r) => setTimeout(r, 100));
    expect(store.calls.get('c0')).toBeDefined(); // under the limit: nothing deleted
    pushBigCalls(store, 20, 300);
    store.traces.flush();
    expect(store.traces.dbBytes()).toBeGreaterThan(2 * 1024 * 1024);
    await expect.poll(() => store?.traces.dbBytes(), { timeout: 5000 }).toBeLessThanOrEqual(1024 * 1024);
    expect(store.calls.get('c0')).toBeUndefined();
    expect(store.calls.get('c299')).toBeDefined();
  });
});

/** Calls from..to-1, each with one 8-KB message: about a page of its own. */
function pushBigCalls(s: Store, from: number, to: number): void {
  const big = te.encode('INVITE sip:a@b SIP/2.0\r\n\r\n' + 'x'.repeat(8000));
  for (let i = from; i < to; i++) {
    s.traces.push({
      kind: 'call-start',
      callId: `c${i}`,
      flowId: 'f',
      version: 1,
      method: 'INVITE',
      from: '',
      to: '',
      at: i,
    });
    s.traces.push({
      kind: 'message',
      callId: `c${i}`,
      at: i,
      direction: 'in',
      transport: 'udp',
      peer: 'p',
      bytes: big,
    });
  }
}
