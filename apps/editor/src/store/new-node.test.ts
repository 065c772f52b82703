import { describe, expect, it } from 'vitest';
import { nodeTypes } from '@patchbay/shared/nodes';
import { initialParams, nextNodeId } from './new-node';

describe('nextNodeId', () => {
  it('numbers from 1 and fills gaps', () => {
    expect(nextNodeId('relay', [])).toBe('relay-1');
    expect(nextNodeId('relay', ['relay-1', 'relay-3', 'respond-2'])).toBe('relay-2');
  });
});

describe('initialParams', () => {
  it('merges the example over the field defaults', () => {
    expect(initialParams(nodeTypes.relay)).toMatchObject({
      target: 'sip:pbx.example.net:5060',
      timeoutSec: 60,
    });
    expect(initialParams(nodeTypes.respond)).toMatchObject({ code: 486, reason: 'Busy Here' });
  });

  it('hands out copies, never the catalogue arrays themselves', () => {
    const params = initialParams(nodeTypes.start);
    (params['methods'] as string[]).push('OPTIONS');
    expect(initialParams(nodeTypes.start)['methods']).toEqual(['INVITE']);
  });
});
