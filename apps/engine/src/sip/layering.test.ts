// STYLE.md "SIP stack layering": a layer imports only from itself and the layers below it, and
// message/ stays pure (no I/O, no timers). This test scans the import statements of every
// non-test source file.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = dirname(fileURLToPath(import.meta.url));
const RANK: Record<string, number> = {
  message: 1,
  transport: 2,
  transaction: 3,
  proxy: 4,
  dialog: 4,
  uac: 5,
};
/** Root files every layer may use: the Clock, the contract types and random tokens. */
const SHARED = new Set(['clock.ts', 'sip-stack-types.ts', 'random-token.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testdata' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
}

describe('SIP stack layering', () => {
  const files = sources(ROOT).filter((f) => relative(ROOT, f).includes('/'));

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s imports only downward', (_name, file) => {
    const layer = relative(ROOT, file).split('/')[0] as string;
    for (const spec of imports(file)) {
      if (!spec.startsWith('.')) {
        if (layer === 'message')
          expect(spec, `${file}: message/ must stay pure`).not.toMatch(/^node:(dgram|net|dns|fs|timers)/);
        continue;
      }
      const target = relative(ROOT, resolve(dirname(file), spec) + '.ts');
      // src/util/ holds small generic helpers (no SIP, no I/O, no imports) that every layer may use.
      if (target.startsWith('../util/')) continue;
      if (!target.includes('/')) {
        expect(SHARED.has(target), `${file} imports ${spec}`).toBe(true);
        continue;
      }
      const targetLayer = target.split('/')[0] as string;
      expect(RANK[targetLayer], `${file} imports ${spec}`).toBeLessThanOrEqual(RANK[layer] ?? 0);
    }
  });

  it('uses helpers from src/util/ that import nothing', () => {
    const util = sources(join(ROOT, '../util'));
    expect(util.length).toBeGreaterThan(0);
    for (const file of util) expect(imports(file), file).toEqual([]);
  });
});
