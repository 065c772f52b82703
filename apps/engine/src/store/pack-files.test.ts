import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import { openStore } from './store';
import {
  listPackFiles,
  packDirOf,
  packFileBytesFor,
  PackFileWriter,
  readPackBytes,
  type PackRef,
} from './pack-files';

let dir: ReturnType<typeof tempDir>;
const writers: PackFileWriter[] = [];
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  for (const w of writers.splice(0)) w.close();
  dir.remove();
});

function writer(fileBytes?: number): PackFileWriter {
  const w = new PackFileWriter(join(dir.path, 'p.db-packs'), fileBytes);
  writers.push(w);
  return w;
}

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');
const read = (w: PackFileWriter, ref: PackRef): string | undefined =>
  readPackBytes(w.dir, ref)?.toString('latin1');

describe('pack files', () => {
  it('writes staged packs on flush, each read back by its reference', () => {
    const w = writer();
    expect(listPackFiles(w.dir)).toEqual([]); // no file before the first pack
    const a = w.append(bytes('first pack'));
    const b = w.append(bytes('\x00\xffsecond'));
    expect(a).toEqual({ file: 1, start: 0, length: 10 });
    expect(b).toEqual({ file: 1, start: 10, length: 8 });
    expect(read(w, a)).toBeUndefined(); // staged, not written
    w.flush();
    expect([read(w, a), read(w, b)]).toEqual(['first pack', '\x00\xffsecond']);
    const c = w.append(bytes('third'));
    w.flush();
    expect(c).toEqual({ file: 1, start: 18, length: 5 });
    expect(listPackFiles(w.dir)).toEqual([{ file: 1, bytes: 23 }]);
  });

  it('forgets discarded packs: the next one goes where they would have', () => {
    const w = writer();
    w.append(bytes('rolled back'));
    w.discard();
    const ref = w.append(bytes('kept'));
    w.flush();
    expect(ref).toEqual({ file: 1, start: 0, length: 4 });
    expect(read(w, ref)).toBe('kept');
  });

  it('begins a new file once the current one is full', () => {
    const w = writer(10);
    const refs = ['aaaaaa', 'bbbbbb', 'cc', 'dddddddddddddddd'].map((t) => w.append(bytes(t)));
    w.flush();
    expect(refs.map((r) => r.file)).toEqual([1, 2, 2, 3]);
    expect(refs.map((r) => read(w, r))).toEqual(['aaaaaa', 'bbbbbb', 'cc', 'dddddddddddddddd']);
  });

  it('never writes into a file another writer has begun', () => {
    const first = writer();
    const second = writer();
    const a = first.append(bytes('one'));
    const b = second.append(bytes('two'));
    first.flush();
    second.flush();
    expect([a.file, b.file]).toEqual([1, 2]);
    expect([read(first, a), read(second, b)]).toEqual(['one', 'two']);
    // A writer started later goes on after the last file there is.
    const third = writer();
    expect(third.append(bytes('three')).file).toBe(3);
  });

  it('deletes the files before the oldest one named, and the current one once none is named', () => {
    const w = writer(4);
    const refs = ['1111', '2222', '3333'].map((t) => w.append(bytes(t)));
    w.flush();
    expect(refs.map((r) => r.file)).toEqual([1, 2, 3]);
    expect(w.removeBefore(2)).toBe(1);
    expect(listPackFiles(w.dir).map((f) => f.file)).toEqual([2, 3]);
    expect(read(w, refs[0] as PackRef)).toBeUndefined(); // gone: read as nothing, no throw
    expect(w.removeBefore(3)).toBe(1);
    expect(w.removeBefore(undefined)).toBe(1); // the current file too: no pack in it is named
    expect(readdirSync(w.dir)).toEqual([]);
    const next = w.append(bytes('4444'));
    w.flush();
    expect(next.file).toBe(4); // numbers never go back
    expect(read(w, next)).toBe('4444');
  });

  it('sizes files to a 32nd of the size limit, between 64 KiB and 16 MiB', () => {
    expect(packFileBytesFor(undefined)).toBe(16 * 1024 * 1024);
    expect(packFileBytesFor(0)).toBe(16 * 1024 * 1024);
    expect(packFileBytesFor(1024 ** 3)).toBe(16 * 1024 * 1024);
    expect(packFileBytesFor(100 * 1024 * 1024)).toBe(3_276_800);
    expect(packFileBytesFor(1024 * 1024)).toBe(64 * 1024);
  });

  it('keeps packs in their rows for an in-memory database, in files beside a database file', () => {
    const memory = openStore(':memory:');
    const file = openStore(join(dir.path, 'p.db'));
    try {
      expect(packDirOf(memory.db)).toBeUndefined();
      expect(packDirOf(file.db)).toBe(join(dir.path, 'p.db-packs'));
      for (const s of [memory, file]) {
        s.traces.push({
          kind: 'message',
          callId: 'm1',
          at: 1,
          direction: 'in',
          transport: 'udp',
          peer: 'udp:127.0.0.1:5060',
          bytes: bytes('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: m1\r\n\r\n'),
        });
        s.traces.flush();
        expect(s.calls.get('m1')?.messages.map((m) => m.summary)).toEqual(['OPTIONS sip:a@b SIP/2.0']);
      }
      const rows = (s: typeof memory) =>
        s.db.prepare('SELECT file, length(packed) AS inRow FROM message_packs').all();
      expect(rows(memory)).toEqual([{ file: null, inRow: expect.any(Number) }]);
      expect(rows(file)).toEqual([{ file: 1, inRow: 0 }]);
    } finally {
      memory.close();
      file.close();
    }
  });

  it('reads a call whose older packs are in their rows (written before pack files) and newer in files', () => {
    const s = openStore(join(dir.path, 'p.db'));
    try {
      const push = (at: number, text: string) =>
        s.traces.push({
          kind: 'message',
          callId: 'old',
          at,
          direction: 'in',
          transport: 'udp',
          peer: 'udp:127.0.0.1:5060',
          bytes: bytes(text),
        });
      push(1, 'INVITE sip:a@b SIP/2.0\r\nCall-ID: old\r\n\r\n');
      s.traces.flush();
      // Turn the pack into one stored the old way, in its row.
      const ref = s.db.prepare<[], PackRef>('SELECT file, start, length FROM message_packs').get() as PackRef;
      const packed = readPackBytes(packDirOf(s.db) as string, ref);
      s.db
        .prepare('UPDATE message_packs SET packed = ?, file = NULL, start = NULL, length = NULL')
        .run(packed);
      push(2, 'BYE sip:a@b SIP/2.0\r\nCall-ID: old\r\n\r\n');
      s.traces.flush();
      expect(s.calls.get('old')?.messages.map((m) => m.summary)).toEqual([
        'INVITE sip:a@b SIP/2.0',
        'BYE sip:a@b SIP/2.0',
      ]);
    } finally {
      s.close();
    }
  });
});
