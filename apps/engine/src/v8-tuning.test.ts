import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STARTUP_V8_FLAGS } from './v8-tuning';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../bin/patchbay.js');

describe('the V8 flags read at start-up', () => {
  it('are on the first line of bin/patchbay.js, which npm start and the patchbay command run', () => {
    const shebang = readFileSync(BIN, 'utf8').split('\n')[0] ?? '';
    expect(shebang.startsWith('#!/usr/bin/env -S node ')).toBe(true);
    const given = shebang.split(' ').slice(3);
    expect(given).toEqual([...STARTUP_V8_FLAGS]);
  });

  it('start the command: the line runs, and node takes the flags (it refuses one it does not know)', () => {
    const usage = execFileSync(BIN, ['--help'], { encoding: 'utf8' });
    expect(usage).toMatch(/^Usage: patchbay/);
  });
});
