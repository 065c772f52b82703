import { describe, expect, it } from 'vitest';
import { serializeFlowDocument, type FlowDocument } from '@patchbay/shared/flow';
import relayWithBusy from '../../../../shared/src/compiler/fixtures/relay-with-busy.flow.json';
import { freeId, readFlowFile } from './flow-file';

describe('readFlowFile', () => {
  it('reads what export writes, keeping fields it does not know', () => {
    const text = serializeFlowDocument(relayWithBusy as FlowDocument);
    expect(readFlowFile(text)).toEqual({ ok: true, doc: relayWithBusy });
    const newer = readFlowFile(JSON.stringify({ ...relayWithBusy, owner: 'ops' }));
    expect(newer.ok && (newer.doc as unknown as { owner: string }).owner).toBe('ops');
  });

  it('says why a file is not a flow', () => {
    expect(readFlowFile('{ nope')).toMatchObject({ ok: false, reason: /not JSON/ });
    expect(readFlowFile(JSON.stringify({ ...relayWithBusy, schema: 2 }))).toMatchObject({
      ok: false,
      reason: /not a Patchbay flow at schema/,
    });
  });
});

describe('freeId', () => {
  it('keeps a free id and numbers a taken one', () => {
    expect(freeId('a', new Set())).toBe('a');
    expect(freeId('a', new Set(['a', 'a-2']))).toBe('a-3');
    expect(freeId('x'.repeat(64), new Set(['x'.repeat(64)]))).toBe(`${'x'.repeat(62)}-2`);
  });
});
